"""load_articles through the real command and the real extractor, on files written in tmp_path."""
import codecs
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from events import curation
from events.models import (
    Article,
    Country,
    Event,
    EventOrganization,
    EventPerson,
    Organization,
    Person,
    RejectedLink,
)

from .articles import ARTICLES, article

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "articles"


def load(*args, **options) -> str:
    out = io.StringIO()
    err = io.StringIO()
    call_command("load_articles", *[str(a) for a in args], stdout=out, stderr=err, **options)
    assert err.getvalue() == ""  # no progress bar when not on a terminal
    return out.getvalue()


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_every_format_and_encoding(tmp_path):
    title0, body0 = ARTICLES[0]
    title1, body1 = ARTICLES[1]
    title2, body2 = ARTICLES[2]
    write(tmp_path, "header.txt", f"العنوان: {title0}\nالتاريخ: 2024-10-13\nالمصدر: هسبريس\n"
                                  f"الرابط: https://example.ma/agadir\n\n{body0}\n")
    write(tmp_path, "front.md", codecs.BOM_UTF8 + f"---\ntitle: {title1}\ndate: 2024-12-06\nsource: Le360\n---\n"
                                                  f"# {title1}\n\n{body1}\n".encode())
    page = (f'<html><head><meta charset="windows-1256"><title>{title2}</title></head><body>'
            f'<nav><a href="/">الرئيسية</a></nav><article><h1>{title2}</h1>'
            + "".join(f"<p>{p}</p>" for p in body2.splitlines())
            + "</article><footer>جميع الحقوق محفوظة</footer></body></html>")
    write(tmp_path, "page.html", page.encode("cp1256"))
    title3, body3 = ARTICLES[3]
    write(tmp_path, "one.json", json.dumps({"title": title3, "text": body3, "url": "https://example.ma/fes",
                                            "published": "2025-04-15", "source": "ماب"}, ensure_ascii=False))
    lines = [json.dumps({"title": ARTICLES[i][0], "text": ARTICLES[i][1], "url": f"https://example.ma/{i}"},
                        ensure_ascii=False) for i in (4, 5)]
    write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    write(tmp_path, "utf16.txt", article(6).encode("utf-16"))  # with a BOM
    write(tmp_path, "utf16-nobom.txt", article(7).encode("utf-16-le"))
    write(tmp_path, "arabic-windows.txt", article(8).replace("\n", "\r\n").encode("cp1256"))

    output = load(tmp_path)
    assert "Files read: 8. Articles: 9 new, 0 duplicate, 0 updated, 0 failed." in output
    assert Article.objects.count() == 9
    agadir = Article.objects.get(url="https://example.ma/agadir")
    assert (agadir.title, str(agadir.published), agadir.source_name) == (title0, "2024-10-13", "هسبريس")
    assert Article.objects.get(title=title1).source_name == "Le360"
    page = Article.objects.get(file_name__endswith="page.html")
    assert "الرئيسية" not in page.body and "وجدة" in page.body
    assert Article.objects.get(url="https://example.ma/fes").published.isoformat() == "2025-04-15"
    for name, i in (("utf16.txt", 6), ("utf16-nobom.txt", 7), ("arabic-windows.txt", 8)):
        assert ARTICLES[i][1].splitlines()[0] in Article.objects.get(file_name__endswith=name).body
    # Loading the same folder again creates nothing.
    counts = [m.objects.count() for m in (Article, Event, Organization, Person)]
    assert "0 new, 9 duplicate" in load(tmp_path)
    assert [m.objects.count() for m in (Article, Event, Organization, Person)] == counts


def test_fixture_articles_twice():
    first = load(FIXTURES)
    assert "Files read: 5. Articles: 5 new, 0 duplicate" in first
    assert Country.objects.filter(code="MA").exists()  # gazetteers loaded on a fresh database
    assert Event.objects.count() >= 4
    counts = [m.objects.count() for m in (Article, Event, Organization, Person, EventOrganization)]
    assert "0 new, 5 duplicate, 0 updated, 0 failed" in load(FIXTURES)
    assert [m.objects.count() for m in (Article, Event, Organization, Person, EventOrganization)] == counts


def test_duplicates_by_content_and_by_url(tmp_path):
    write(tmp_path, "a/original.txt", f"الرابط: https://example.ma/x\n\n{article(0)}")
    # The same article copied from another page: menu, boilerplate, different spacing, another file name.
    noisy = "الرئيسية\nأخبار\nاقتصاد\n\n" + article(0).replace(" ", "   ").replace("\n", "\n\n") + \
        "\nاترك تعليقا\nلن يتم نشر عنوان بريدك الإلكتروني\nجميع الحقوق محفوظة\n"
    write(tmp_path, "b/copy.html.txt", noisy)
    # Another text under the same URL.
    write(tmp_path, "c/same-url.txt", f"URL: https://example.ma/x\n\n{article(1)}")
    output = load(tmp_path / "a", tmp_path / "b", tmp_path / "c")
    assert "Articles: 1 new, 2 duplicate" in output
    assert Article.objects.count() == 1


def test_failures_are_reported_and_the_rest_loads(tmp_path):
    write(tmp_path, "good.txt", article(0))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    write(tmp_path, "big.txt", article(1) * 40)
    missing = tmp_path / "missing.txt"
    output = load(tmp_path, missing, "--max-size", "4KB")
    assert "Articles: 1 new, 0 duplicate, 0 updated, 4 failed" in output
    assert f"{tmp_path / 'empty.txt'}: empty file" in output
    assert f"{tmp_path / 'binary.txt'}: binary file" in output
    assert f"{tmp_path / 'big.txt'}: file too large" in output
    assert f"{missing}: no such file or folder" in output
    with pytest.raises(SystemExit) as exit_:
        load(tmp_path / "empty.txt", "--strict")
    assert exit_.value.code == 1
    load(tmp_path / "good.txt", "--strict")  # nothing failed (a duplicate is not a failure): no exit


def test_options_url_published_source_and_dry_run(tmp_path):
    path = write(tmp_path, "a.txt", article(2))
    with pytest.raises(CommandError, match="single file"):
        load(tmp_path, "--url", "https://example.ma/a")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        load(path, "--published", "yesterday")
    output = load(path, "--dry-run", "--url", "https://example.ma/a")
    assert output.startswith("Dry run, nothing written. Files read: 1. Articles: 1 new")
    assert not Article.objects.exists() and not Event.objects.exists() and not Country.objects.exists()
    load(path, "--url", "https://example.ma/a", "--published", "2025-03-05", "--source", "Médias24")
    a = Article.objects.get()
    assert (a.url, str(a.published), a.source_name) == ("https://example.ma/a", "2025-03-05", "Médias24")


def test_standard_input_in_process(monkeypatch):
    data = f"Title: {ARTICLES[3][0]}\nURL: https://example.ma/stdin\n\n{ARTICLES[3][1]}\n".encode("cp1256")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert "Articles: 1 new" in load("-")
    assert Article.objects.get().title == ARTICLES[3][0]


@pytest.mark.django_db(transaction=True)
def test_standard_input_through_manage_py(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DJANGO_DEBUG": "1"}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR, timeout=300)
    run = subprocess.run([*manage, "load_articles", "-", "--source", "stdin"], env=env, input=article(4).encode(),
                         capture_output=True, cwd=settings.BASE_DIR, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    assert "Files read: 1. Articles: 1 new" in run.stdout.decode() and run.stderr == b""
    again = subprocess.run([*manage, "load_articles", "-", "--strict"], env=env, input=article(4).encode(),
                           capture_output=True, cwd=settings.BASE_DIR, timeout=300)
    assert again.returncode == 0 and "0 new, 1 duplicate" in again.stdout.decode()
    empty = subprocess.run([*manage, "load_articles", "-", "--strict"], env=env, input=b"",
                           capture_output=True, cwd=settings.BASE_DIR, timeout=300)
    assert empty.returncode == 1 and "<stdin>: empty file" in empty.stdout.decode()
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("select source_name, title from events_article").fetchall() == [("stdin", ARTICLES[4][0])]


ORG_A = (
    "الرباط تحتضن المنتدى الوطني للاقتصاد الاجتماعي والتضامني\n\n"
    "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني يوم الخميس 6 فبراير 2025 بالرباط المنتدى الوطني "
    "للاقتصاد الاجتماعي والتضامني، بحضور ممثلين عن وزارة السياحة.\n"
    "وقال السيد عبد الرحيم الهاشمي، رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني، إن المنتدى يجمع 300 مشارك.\n"
)
ORG_B = (
    "اختتام أشغال المنتدى الوطني للإقتصاد الإجتماعي والتضامني بالرباط\n\n"
    "اختتمت يوم السبت 8 فبراير 2025 بالرباط أشغال المنتدى الوطني للإقتصاد الإجتماعي والتضامني الذي نظمته "
    "الشبكة المغربية للإقتصاد الإجتماعي والتضامني بمشاركة وزارة الصحة.\n"
    "وأكد عبد الرحيم الهاشمي في كلمة ختامية أن التوصيات سترفع إلى الحكومة.\n"
)


def test_variants_merge_and_distinct_organizations_stay_apart(tmp_path):
    write(tmp_path, "a.txt", ORG_A)
    write(tmp_path, "b.txt", ORG_B)
    load(tmp_path)
    networks = Organization.objects.filter(name_key="شبكه مغربيه اقتصاد اجتماعي تضامني")
    assert networks.count() == 1
    assert Person.objects.filter(name_key="عبد رحيم هاشمي").count() == 1
    ministries = set(Organization.objects.filter(name__startswith="وزارة").values_list("name_key", flat=True))
    assert {"وزاره سياحه", "وزاره صحه"} <= ministries


def test_update_keeps_curated_records_and_rejected_links(tmp_path):
    write(tmp_path, "a.txt", ORG_A)
    load(tmp_path)
    article = Article.objects.get()
    event = Event.objects.get()
    network = Organization.objects.get(name_key="شبكه مغربيه اقتصاد اجتماعي تضامني")
    network.name_latin, network.curated = "REMESS", True
    network.save()
    person_link = EventPerson.objects.filter(event=event).first()
    person_link.role, person_link.curated = "رئيس الشبكة (مراجع)", True
    person_link.save()
    dropped = EventOrganization.objects.filter(event=event).exclude(organization=network).first()
    if dropped is None:
        dropped = EventOrganization.objects.get(event=event, organization=network)
    curation.reject_links([dropped])
    links_before = EventOrganization.objects.count()

    assert "0 new, 1 duplicate" in load(tmp_path)
    Article.objects.filter(pk=article.pk).update(extractor_version="0")
    output = load("--update")
    assert "0 new, 0 duplicate, 1 updated, 0 failed" in output
    network.refresh_from_db()
    assert (network.name_latin, network.curated) == ("REMESS", True)
    person_link.refresh_from_db()
    assert person_link.role == "رئيس الشبكة (مراجع)"
    assert not EventOrganization.objects.filter(organization=dropped.organization, role=dropped.role,
                                                event=event).exists()
    assert RejectedLink.objects.count() == 1
    assert EventOrganization.objects.count() == links_before
    assert Article.objects.get().extractor_version != "0"


@pytest.mark.parametrize("flag", [False, True])
def test_durable_flag_reaches_the_load(tmp_path, monkeypatch, flag):
    from events.ingest.run import Report
    from events.management.commands import load_articles as command

    seen = {}
    monkeypatch.setattr(command, "load", lambda paths, **kw: seen.update(kw) or Report())
    write(tmp_path, "a.txt", article(0))
    load(tmp_path / "a.txt", *(["--durable"] if flag else []))
    assert seen["durable"] is flag


@pytest.mark.parametrize("durable", [False, True])
def test_relaxed_commit_is_set_inside_each_article_transaction_unless_durable(tmp_path, durable):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.ingest.run import load as run_load

    for i in range(2):
        write(tmp_path, f"{i}.txt", article(i))
    run_load([str(tmp_path)])  # countries and places first: their queries are not the point here
    Article.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        report = run_load([str(tmp_path)], durable=durable)
    assert report.new == 2
    relaxed = [q["sql"] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]
    # Only PostgreSQL has it, once per article (SET LOCAL ends with each article's own transaction).
    assert len(relaxed) == (2 if connection.vendor == "postgresql" and not durable else 0)


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="prepared statements are PostgreSQL's")
def test_a_load_prepares_its_repeated_statements_and_gives_the_connection_back_as_it_was(tmp_path):
    """The loader's statements are planned once per load on PostgreSQL; afterwards the connection binds in the
    client again (Django's default) and prepares nothing more, and its statements are logged with their values."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.ingest.run import load as run_load

    for i in range(6):
        write(tmp_path, f"{i}.txt", article(i))
    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    with CaptureQueriesContext(connection) as queries:
        report = run_load([str(tmp_path)], jobs=1)
    assert report.new == 6 and report.failed == 0
    assert all(q["sql"] and "%s" not in q["sql"] for q in queries.captured_queries)
    assert any("INSERT INTO \"events_article\"" in q["sql"] and "'" in q["sql"] for q in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements")
        prepared, runs = cursor.fetchone()
    assert prepared > 5 and runs > prepared  # each prepared statement ran more than once
    assert (raw.cursor_factory, raw.prepare_threshold) == (factory, threshold)
    assert "uses_server_side_binding" not in connection.features.__dict__ or \
        connection.features.uses_server_side_binding is False
    with connection.cursor() as cursor:  # after the load: client-side binding again
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        before = cursor.fetchone()[0]
        for _ in range(4):
            Event.objects.filter(title="x").count()
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == before


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="prepared statements are PostgreSQL's")
def test_a_load_behind_a_pooler_can_be_told_not_to_prepare(tmp_path, settings):
    from django.db import connection

    from events.ingest.run import load as run_load

    settings.MARSAD_LOADER_PREPARE = False
    for i in range(4):
        write(tmp_path, f"{i}.txt", article(i))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        before = cursor.fetchone()[0]  # an earlier test's load may have prepared some on this connection
    report = run_load([str(tmp_path)], jobs=1)
    assert report.new == 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == before
