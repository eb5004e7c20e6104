"""Throwaway migrated databases for tests that run manage.py in subprocesses (kills, concurrent loads).

The engine follows the suite's own: a SQLite file, or a new PostgreSQL database beside the test database.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles"


def vendor() -> str:
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def manage_env(url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="catalogue.settings", PYTHONUNBUFFERED="1")
    env.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-in-production")
    env.pop("DJANGO_DEBUG", None)
    return env


def manage(url: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=manage_env(url), capture_output=True,
                          text=True, timeout=timeout)


def popen_manage(url: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=manage_env(url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _pg_admin():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                           password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def template_database(folder: Path) -> Iterator[str]:
    """Yield the DATABASE_URL of a migrated database with the gazetteers loaded, to copy for each test."""
    if vendor() == "sqlite":
        url = f"sqlite:///{folder / 'template.sqlite3'}"
        _prepare(url)
        yield url
        return
    name = f"h7_template_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = _pg_url(name)
        _prepare(url)
        yield url
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_database(template: str, folder: Path) -> Iterator[str]:
    """Yield the DATABASE_URL of a fresh copy of the template database; drop it afterwards."""
    if template.startswith("sqlite:///"):
        source = Path(template.removeprefix("sqlite:///"))
        target = folder / f"scratch-{uuid.uuid4().hex[:8]}.sqlite3"
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
            src.backup(dst)  # the online backup copies what the WAL holds too
        yield f"sqlite:///{target}"
        return
    name = f"h7_scratch_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    try:
        yield _pg_url(name)
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(url: str) -> None:
    for command in (("migrate", "--noinput", "-v0"), ("load_gazetteers",)):
        result = manage(url, *command)
        assert result.returncode == 0, result.stderr[-3000:]


def count_articles(url: str) -> int:
    """Count committed articles without Django (the test process's connection is the test database)."""
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)) as conn:
            return conn.execute("SELECT count(*) FROM events_article").fetchone()[0]
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM events_article").fetchone()[0]


# Runs inside `manage.py shell`: the catalogue by natural values (names, hashes), never by database ids.
_STATE_SCRIPT = r"""
import json
from events.models import *
def rows(qs, *fields):
    return sorted([list(map(str, r)) for r in qs.values_list(*fields)])
state = {
    "articles": rows(Article.objects, "content_hash", "file_name", "title", "body", "published", "url"),
    "events": rows(Event.objects, "title", "kind", "start_date", "end_date", "place__name_ar", "country__code"),
    "event_articles": rows(Event.articles.through.objects, "event__title", "article__content_hash"),
    "organizations": rows(Organization.objects, "name_key", "kind", "name", "acronym"),
    "persons": rows(Person.objects, "name_key", "name"),
    "affiliations": rows(Affiliation.objects, "person__name_key", "organization__name_key", "role"),
    "event_organizations": rows(EventOrganization.objects, "event__title", "organization__name_key", "role"),
    "event_persons": rows(EventPerson.objects, "event__title", "person__name_key", "role"),
    "event_countries": rows(EventCountry.objects, "event__title", "country__code"),
    "figures": rows(Figure.objects, "article__content_hash", "value", "unit", "event__title"),
}
print("STATE" + json.dumps(state, ensure_ascii=False))
"""


def catalogue_state(url: str) -> dict[str, list]:
    result = manage(url, "shell", "-c", _STATE_SCRIPT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.split("STATE", 1)[1])


def make_articles(folder: Path, copies: int) -> list[Path]:
    """Write copies × the fixture articles, each copy a distinct article (its own closing line)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(FIXTURES.glob("*.txt"))
    written = []
    for i in range(copies):
        for source in sources:
            path = folder / f"{i:03d}_{source.name}"
            head, _, rest = source.read_text(encoding="utf-8").strip().partition("\n")
            # A distinct paragraph after the headline makes a distinct article (another content hash) with the same
            # entities; at the end it could fall into the footer that cleaning drops.
            path.write_text(f"{head}\n\nوأكد المنظمون في افتتاح الدورة رقم {i + 1} أن المشاركة كانت واسعة من مختلف "
                            f"الجهات والتعاونيات.\n{rest}\n", encoding="utf-8")
            written.append(path)
    return written
