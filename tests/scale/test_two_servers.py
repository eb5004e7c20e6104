"""Two web servers, one database, one Redis cache (README "Running on several machines"), for real.

Two gunicorn instances on 127.0.0.1 (each standing for a machine) serve one database (a throwaway PostgreSQL database
when DATABASE_URL names PostgreSQL, else a SQLite file) and share one Redis cache through DJANGO_CACHE_URL. Redis is
the one .ci/run starts (MARSAD_TEST_REDIS_URL), else a redis-server this test starts on a free port.
"""
from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/", seconds: float = 60, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} within {seconds} s")


def manage(env: dict, *args: str, code: str | None = None) -> str:
    argv = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c",
                                                                        "import django; django.setup(); " + code]
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of its own, migrated and loaded by the real commands (the servers are other processes)."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urllib.parse.urlsplit(configured)
        name = f"{parts.path.lstrip('/') or 'marsad'}_servers_{os.getpid()}"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        yield parts._replace(path=f"/{name}").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('servers') / 'db.sqlite3'}"


@pytest.fixture(scope="module")
def servers(redis_url, database_url, tmp_path_factory):
    """Two gunicorn instances (one worker, two threads each) on free ports, one database, one Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="catalogue.settings", DJANGO_DEBUG="0",
               DJANGO_SECRET_KEY="two-servers-test-secret-key-not-for-production", DJANGO_STATIC_MANIFEST="0",
               DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_CACHE_URL=redis_url,
               # Our own keys on a Redis that may be shared (the developer's): removed at the end.
               DJANGO_CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex[:12]}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_articles", str(ROOT / "fixtures" / "articles"))
    manage(env, code="from django.contrib.auth.models import User; "
                     "User.objects.create_superuser('curator', 'c@example.org', 'a long test password 123')")
    logs = tmp_path_factory.mktemp("logs")
    ports, processes = [free_port(), free_port()], []
    try:
        for i, port in enumerate(ports):
            processes.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "catalogue.wsgi", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
                 "-w", "1", "--threads", "2"], cwd=ROOT, env=env, start_new_session=True,
                stdout=open(logs / f"gunicorn-{i}.log", "wb"), stderr=subprocess.STDOUT))  # noqa: SIM115
        for port, process in zip(ports, processes, strict=True):
            wait_for(port, "/", process=process)
        yield {"ports": ports, "env": env}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        forget_cached(env)


def forget_cached(env: dict):
    """Delete this test's keys from Redis (only ours: the server may be shared)."""
    manage(env, code="from django.core.cache import cache; c = cache._cache.get_client(write=True); "
                     "[c.delete(k) for k in c.scan_iter(match=cache.make_key('*'))]")


def get(port: int, path: str, opener=None) -> str:
    opener = opener or urllib.request.build_opener()
    with opener.open(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        assert response.status == 200
        return response.read().decode()


def kind_count(html: str, kind: str) -> int:
    found = re.search(rf'href="[^"]*kind={kind}[^"]*"[^>]*>.*?<span class="count">(\d+)</span>', html, re.S)
    return int(found.group(1)) if found else 0


class FormFields(HTMLParser):
    """The fields a browser would post from the page's main form (inputs, checked boxes, selected options, text)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.strip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def logged_in(port: int):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = get(port, "/admin/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "curator",
                                   "password": "a long test password 123", "next": "/admin/"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/admin/login/", data=data,
                                     headers={"Referer": f"http://127.0.0.1:{port}/admin/login/"})
    with opener.open(request, timeout=60) as response:
        assert response.url.endswith("/admin/"), response.url
    return opener


def test_an_edit_through_one_server_is_seen_through_the_other(servers):
    a, b = servers["ports"]
    org_id = manage(servers["env"], code="from events.models import Organization; "
                                          "print(Organization.objects.order_by('pk').first().pk)")
    before = get(b, f"/organizations/{org_id}/")  # B caches the page's sections
    admin = logged_in(a)
    url = f"/admin/events/organization/{org_id}/change/"
    form = FormFields()
    form.feed(get(a, url, admin))
    fields = [(k, v) for k, v in form.fields if k not in ("_addanother", "_continue", "_saveasnew")]
    fields = [(k, "جمعية الاختبار المشتركة" if k == "name" else v) for k, v in fields]
    request = urllib.request.Request(f"http://127.0.0.1:{a}{url}", data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Referer": f"http://127.0.0.1:{a}{url}"})
    with admin.open(request, timeout=60) as response:
        assert response.url.endswith("/admin/events/organization/"), "the admin did not accept the edit"
    assert "جمعية الاختبار المشتركة" not in before
    assert "جمعية الاختبار المشتركة" in get(b, f"/organizations/{org_id}/")


def test_a_page_cached_by_one_server_is_served_by_the_other(servers):
    a, b = servers["ports"]
    env = servers["env"]
    seen_by_a = get(a, "/?year=2099")  # a query of its own: computed by A now, cached in Redis for a minute
    assert kind_count(seen_by_a, "award") == 0
    # Behind both servers' backs, an event becomes an award (the newest event id, part of the key, is unchanged).
    manage(env, code="from events.models import Event; e = Event.objects.order_by('pk').first(); "
                     "Event.objects.filter(pk=e.pk).update(kind='award', start_date='2099-05-01')")
    # B never rendered this query: it shows A's cached counts (no award), as a shared cache must.
    assert kind_count(get(b, "/?year=2099"), "award") == 0
    # Without the cached entry B computes the counts and sees the award: the entry was the only reason it did not.
    forget_cached(env)
    assert kind_count(get(b, "/?year=2099"), "award") == 1
