"""The event exports say exactly what the catalogue holds, whichever way the one query is built and written.

A catalogue loaded through the real load_articles command, plus events whose cells are the hard cases for CSV
(commas, quotes, line breaks, formula starts, empty and missing values), compared with the catalogue read back
through the ORM, and the CSV with what Python's csv.writer writes for the same cells.
"""
import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse

from events import exports
from events.models import Event, EventOrganization, EventPerson, Place
from tests.builders import (
    make_article,
    make_country,
    make_event,
    make_figure,
    make_organization,
    make_person,
    make_place,
    make_region,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def body(response) -> bytes:
    assert response.streaming, "exports must stream"
    return b"".join(response.streaming_content)


@pytest.fixture
def catalogue():
    call_command("load_articles", str(FIXTURES), "--jobs", "1", stdout=io.StringIO(), stderr=io.StringIO())
    assert Event.objects.exists()
    region = make_region("جهة الاختبار", "Region Test")
    agadir = make_place("مدينة الاختبار", "Testville", region=region)
    Place.objects.filter(pk=agadir.pk).update(latitude=30.42, longitude=-9.6)
    ma, fr = make_country("MA"), make_country("FR", name_ar="فرنسا")
    ministry = make_organization("وزارة الاختبار")
    coop = make_organization('تعاونية "أركان", أكادير', kind="cooperative", acronym="TA")
    funder = make_organization("=وكالة التنمية", kind="public_agency")
    minister, guest = make_person("سعاد الاختبار"), make_person("-Ali, \"the guest\"")
    articles = [make_article("نص", url="https://example.ma/x?a=1,2", title='افتتاح "المعرض"',
                             published=datetime.date(2025, 3, 2)),
                make_article("نص آخر", url="https://example.ma/y", title="", published=None)]
    tricky = make_event("معرض, \"التعاونيات\"\nالجهوي", kind="fair", place=agadir, country=ma,
                        start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 3, 4),
                        summary="سطر أول\r\nسطر ثان, مع \"اقتباس\"", venue="@القاعة الكبرى", edition=3,
                        organizations=[ministry, (coop, EventOrganization.Role.PARTICIPANT),
                                       (funder, EventOrganization.Role.FUNDER),
                                       (make_organization("شريك"), EventOrganization.Role.PARTNER),
                                       (make_organization("مذكور"), EventOrganization.Role.MENTIONED)],
                        persons=[(minister, "وزيرة"), guest], countries=[fr, ma], articles=articles)
    EventPerson.objects.filter(event=tricky, person=guest).update(organization=coop)
    Event.objects.filter(pk=tricky.pk).update(participant_count=120)
    make_figure("80", "تعاونية", event=tricky)
    make_figure("2.5", "%", event=tricky)
    make_event("+بلا تاريخ", start_date=None, date_precision="unknown")  # nulls last, whatever the sort
    make_event("في جهة", place=region, start_date=datetime.date(2025, 3, 1), summary="عودة\rبلا سطر جديد")  # same day: the id breaks the tie
    return Event.objects.all()


def _expected_csv_cells(event: Event) -> dict:
    """The related columns of one event, read through the ORM (every list in link order)."""
    orgs = list(event.organization_links.select_related("organization").order_by("pk"))
    persons = list(event.person_links.select_related("person").order_by("pk"))
    articles = list(event.articles.order_by("pk"))
    published = [a.published.isoformat() for a in articles if a.published]

    def role(name):
        return " | ".join(link.organization.name for link in orgs if link.role == name)

    return {
        "organizers": role("organizer"), "partners": role("partner"), "funders": role("funder"),
        "participating_organizations": role("participant"), "mentioned_organizations": role("mentioned"),
        "persons": " | ".join(f"{p.person.name} ({p.role})" if p.role else p.person.name for p in persons),
        "countries_taking_part": " | ".join(c.country.code for c in event.country_links.order_by("pk")),
        "source_urls": " | ".join(a.url for a in articles if a.url),
        "source_titles": " | ".join(a.title for a in articles if a.title),
        "first_published": min(published) if published else "",
        "figure_count": str(event.figures.count()),
    }


def _inert(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_csv_rows_are_the_catalogues_events_in_the_lists_order_with_every_related_row(client, catalogue, sort):
    raw = body(client.get(reverse("events:export_csv"), {"sort": sort}))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    date = F("start_date").desc(nulls_last=True) if sort == "newest" else F("start_date").asc(nulls_last=True)
    expected = list(Event.objects.order_by(date, "-id" if sort == "newest" else "id"))
    assert [int(r["id"]) for r in rows] == [e.pk for e in expected]
    for row, event in zip(rows, expected, strict=True):
        cells = {k: _inert(v) for k, v in _expected_csv_cells(event).items()}
        assert {k: row[k] for k in cells} == cells, event.title
        assert row["title"] == _inert(event.title) and row["summary"] == _inert(event.summary)
        assert row["venue"] == _inert(event.venue)


def test_csv_is_byte_for_byte_what_csv_writer_writes_for_the_same_cells(client, catalogue):
    raw = body(client.get(reverse("events:export_csv")))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == Event.objects.count() + 1
    assert any("\r\n" in cell for row in rows for cell in row), "the catalogue lacks a cell with a line break"
    rewritten = io.StringIO()
    csv.writer(rewritten).writerows(rows)
    assert raw.decode("utf-8-sig") == rewritten.getvalue()


def test_json_records_carry_every_related_row_in_link_and_role_order(client, catalogue):
    data = json.loads(body(client.get(reverse("events:export_json"))))
    by_id = {e["id"]: e for e in data["events"]}
    assert set(by_id) == set(Event.objects.values_list("pk", flat=True))
    roles = [r.value for r in EventOrganization.Role]
    for event in Event.objects.all():
        record = by_id[event.pk]
        links = sorted(event.organization_links.select_related("organization").order_by("pk"),
                       key=lambda link: roles.index(link.role))
        assert [(o["id"], o["role"], o["acronym"]) for o in record["organizations"]] == [
            (link.organization_id, link.role, link.organization.acronym) for link in links]
        assert [(p["id"], p["role"], p["organization"]) for p in record["persons"]] == [
            (link.person_id, link.role, link.organization.name if link.organization else None)
            for link in event.person_links.select_related("person", "organization").order_by("pk")]
        assert [c["code"] for c in record["countries"]] == [
            link.country.code for link in event.country_links.order_by("pk")]
        assert [(s["url"], s["published"]) for s in record["sources"]] == [
            (a.url, a.published.isoformat() if a.published else None) for a in event.articles.order_by("pk")]
        assert record["figure_count"] == event.figures.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sorted-then-related query is PostgreSQL's")
def test_sorting_before_the_related_rows_gives_the_rows_of_the_single_level_query(catalogue):
    """The streamed form (events sorted behind a fence, related rows after) and the plain one agree row by row."""
    events = Event.objects.order_by(F("start_date").desc(nulls_last=True), "-id")
    fenced = exports._sorted_then_related(events.values_list(*exports._EVENT_FIELDS))
    assert fenced is not None
    from django.db.models.expressions import RawSQL
    related = RawSQL(exports._related_sql(f'{exports._t(Event)}."id"'), [])
    plain = events.annotate(x_related=related).values_list(*exports._EVENT_FIELDS, "x_related")
    assert list(exports._raw_rows(fenced)) == list(exports._raw_rows(plain))
    # A relevance rank is not an output position: that export keeps the plain query.
    assert exports._sorted_then_related(Event.objects.by_relevance("معرض").values_list("id")) is None


def test_an_export_abandoned_midway_leaves_the_connection_as_it_found_it(client, catalogue, monkeypatch):
    """A download cut off midway (the client went away): the query is given up and the session settings restored."""
    monkeypatch.setattr(exports, "CHUNK", 2)
    monkeypatch.setattr(exports, "STREAM_CHUNK", 2, raising=False)
    response = client.get(reverse("events:export_csv"))
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)  # the header, then the first two rows: the query is running
    response._iterator.close()  # as a server does when the client goes away: the export's generators are closed
    assert Event.objects.count() == len(catalogue)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            default_workers = cursor.fetchone()[0]
            cursor.execute("RESET max_parallel_workers_per_gather")
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == default_workers
            cursor.execute("SHOW jit")  # off for every connection (catalogue/settings.py)
            assert cursor.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_the_csv_postgresql_writes_is_byte_for_byte_the_csv_python_writes(client, catalogue, sort):
    """COPY (the server joins, quotes and makes cells inert) and the Python writer agree on every byte, including
    the cells where they could differ: integral floats (30.0), an empty text, a slug written by hand with a comma
    and a quote (the row the web process must parse), an Arabic slug (percent-encoded in the URL), a list cell
    starting with a formula character."""
    integral = make_place("مدينة مستديرة", "Roundtown", latitude=31.0, longitude=-8.0)
    make_event("حدث بإحداثيات صحيحة", place=integral, venue="", summary="", slug="حدث-مستدير")
    odd = make_event("حدث بمعرف غريب", slug='odd,"slug"', start_date=datetime.date(2025, 3, 1))
    EventOrganization.objects.create(event=odd, organization=make_organization("-منظمة بعلامة ناقص"),
                                     role=EventOrganization.Role.ORGANIZER)
    response = client.get(reverse("events:export_csv"), {"sort": sort})
    copied = body(response)
    date = F("start_date").desc(nulls_last=True) if sort == "newest" else F("start_date").asc(nulls_last=True)
    events = Event.objects.order_by(date, "-id" if sort == "newest" else "id")
    written = "".join(exports._csv(exports.CSV_COLUMNS, exports._csv_rows(events, "http://testserver")))
    assert copied.decode("utf-8") == written
    row = next(line for line in copied.split(b"\r\n") if "حدث بإحداثيات".encode() in line)
    assert b",31.0,-8.0," in row, row.decode()
    assert b"%D8%AD%D8%AF%D8%AB-" in copied and b"'-\xd9\x85" in copied


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_csv_export_is_one_copy_statement_and_a_relevance_sort_keeps_the_python_writer(client, catalogue):
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as plain:
        body(client.get(reverse("events:export_csv")))
    assert [q["sql"] for q in plain.captured_queries if q["sql"].startswith("COPY (")], "no COPY ran"
    with CaptureQueriesContext(connection) as ranked:
        raw = body(client.get(reverse("events:export_csv"), {"q": "معرض", "sort": "relevance"}))
    assert not [q for q in ranked.captured_queries if q["sql"].startswith("COPY")]
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") >= 2


@pytest.mark.parametrize("slug", [
    "دورة-تكوينية-جهوية-s4", "forum-2025", "é x-中", "دورة 1", "دورة%", 'حدث"', 'odd,"slug"', "ü-ß-é\u07ff", "-a--b-",
    "", "x\ty", "𝔸-b",
])
def test_an_event_url_in_the_csv_quotes_its_slug_as_reverse_does(slug):
    """The CSV's URLs are built without reverse() per row, word by word from a cache: the same text as
    urllib's quote(), as reverse() quotes a path argument, whatever the slug holds."""
    from urllib.parse import quote
    urls = exports._Urls("https://marsad.example")
    expected = "https://marsad.example" + reverse("events:event", args=["__s__"]).replace(
        "__s__", quote(slug, safe="!$&'()*+,;=/~:@-._"))
    assert urls.event(slug) == expected
    assert urls.event(slug) == expected  # again, from the cache
