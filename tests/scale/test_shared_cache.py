"""DJANGO_CACHE_DIR gives every web worker one cache: a query's facet counts are computed once, not per worker."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_in_new_process(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="catalogue.settings", **env)
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_processes_share_the_cache_folder(tmp_path):
    folder = str(tmp_path / "cache")
    _run_in_new_process("from django.core.cache import cache; cache.set('facets:x', [1, 2], 60)", DJANGO_CACHE_DIR=folder)
    seen = _run_in_new_process("from django.core.cache import cache; print(cache.get('facets:x'))",
                               DJANGO_CACHE_DIR=folder)
    assert seen == "[1, 2]"
    # Without the setting each process has its own memory cache (the test that fails if sharing were faked).
    assert _run_in_new_process("from django.core.cache import cache; print(cache.get('facets:x'))") == "None"
