"""bench_load runs end to end on a few articles (the real figures come from --articles 10000, by hand)."""
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_bench_load_prints_its_figures(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}", "DJANGO_DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_load", "--articles", "40", "--jobs", "2"],
        env=env, capture_output=True, cwd=settings.BASE_DIR, timeout=600,
    )
    out = run.stdout.decode()
    assert run.returncode == 0, run.stderr.decode()
    assert re.search(r"40 articles in [\d.]+ s: \d+ articles/s end to end; peak memory \d+ MB", out), out
    assert "new 40, duplicate 0, failed 0" in out or re.search(r"new \d+, duplicate \d+, failed 0", out)
    assert not (tmp_path / "unused.sqlite3").exists()  # the benchmark never touches the configured database
