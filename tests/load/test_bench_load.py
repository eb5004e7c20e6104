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


def test_bench_load_hostile_prints_each_file_with_its_outcome_time_and_memory(tmp_path):
    from tests.hardening.hostile import write_good, write_hostile

    folder = tmp_path / "hostile"
    write_good(folder, 2)
    for name in ("billion_laughs.md", "wrong_types.json", "single_line_3MB.txt"):
        write_hostile(folder, only=name)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}", "DJANGO_DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_load", "--hostile", str(folder)],
        env=env, capture_output=True, cwd=settings.BASE_DIR, timeout=600,
    )
    out = run.stdout.decode()
    assert run.returncode == 0, run.stderr.decode()
    rows = {line.rsplit("/", 1)[-1].split(":")[0]: line.split()[:3] for line in out.splitlines()
            if re.match(r"\s+\d+\.\d\d\s+\d+\s+\w+\s+/", line)}
    assert {name: row[2] for name, row in rows.items()} == {
        "good_00.txt": "new", "good_01.txt": "new", "billion_laughs.md": "failed", "wrong_types.json": "warned",
        "single_line_3MB.txt": "warned"}, out
    assert re.search(r"5 files: 4 loaded \(2 with warnings\), 1 failed; slowest [\d.]+ s \(\S+\), largest memory "
                     r"growth \d+ MB \(\S+\); \d+ over 10 s or 300 MB", out), out
    assert not (tmp_path / "unused.sqlite3").exists()
