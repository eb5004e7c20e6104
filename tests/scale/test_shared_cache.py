"""DJANGO_CACHE_DIR gives every web worker of a machine one cache; DJANGO_CACHE_URL=redis://… one for every machine."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_two_processes_share_a_redis_cache(redis_url):
    import uuid

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    _run_in_new_process("from django.core.cache import cache; cache.set('facets:x', [1, 2], 60)",
                        DJANGO_CACHE_URL=redis_url, DJANGO_CACHE_KEY_PREFIX=prefix)
    seen = _run_in_new_process("from django.core.cache import cache; print(cache.get('facets:x')); "
                               "cache.delete('facets:x')", DJANGO_CACHE_URL=redis_url, DJANGO_CACHE_KEY_PREFIX=prefix)
    assert seen == "[1, 2]"


def test_the_cache_can_be_turned_off_and_a_wrong_url_is_refused():
    backend = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
    assert _run_in_new_process(backend, DJANGO_CACHE_URL="off") == "DummyCache"
    assert _run_in_new_process(backend, DJANGO_CACHE_URL="redis://127.0.0.1:1/0") == "TolerantRedisCache"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="catalogue.settings", DJANGO_CACHE_URL="memcached://x")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DJANGO_CACHE_URL" in result.stderr


@pytest.mark.django_db
def test_pages_are_served_while_redis_is_unreachable(client, settings, caplog):
    import socket
    import time

    from tests.builders import make_event

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {"default": {"BACKEND": "catalogue.cache.TolerantRedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    event = make_event(title="ملتقى جهوي للاقتصاد التضامني")
    started = time.monotonic()
    first = client.get("/ar/")
    second = client.get(event.get_absolute_url())  # its page caches sections too
    assert first.status_code == second.status_code == 200
    assert "ملتقى جهوي للاقتصاد التضامني" in second.content.decode()
    assert time.monotonic() - started < 5  # one time-out, then Redis is skipped for a while
    assert "Redis cache unavailable" in caplog.text
