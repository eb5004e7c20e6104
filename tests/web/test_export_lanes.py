"""A large CSV export copied by two PostgreSQL sessions (events/export_lanes.py) is the one-session export, byte for
byte and in the list's order, read from one snapshot; a download abandoned midway leaves no transaction open.

The helper thread's session cannot see a test's uncommitted transaction: these tests commit (transaction=True).
"""
import contextlib
import datetime
import threading

import pytest
from django.core.signals import request_started
from django.db import connection, reset_queries
from django.db.models import F
from django.test.utils import CaptureQueriesContext as _CaptureQueriesContext
from django.urls import reverse

from events import export_lanes
from events.models import Event, EventOrganization
from tests.builders import make_article, make_country, make_event, make_organization, make_person, make_place

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and exported snapshots are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

EVENTS = 11  # slices of 3 rows: 4 slices, two for each session, the last one short


@pytest.fixture
def events():
    place, country = make_place("مدينة الممرات", "Laneville", latitude=31.5, longitude=-8.0), make_country("MA")
    coop, ministry = make_organization('تعاونية "الممر", الأولى', kind="cooperative"), make_organization("=وزارة")
    person = make_person("سعاد الممرات")
    made = []
    for n in range(EVENTS):
        article = make_article(f"نص {n}", url=f"https://example.ma/{n}?a=1,2", title=f"مقال {n}",
                               published=datetime.date(2025, 1, 1 + n))
        made.append(make_event(
            f"دورة تكوينية رقم {n}", slug=f"دورة-{n}" if n % 2 else f"event-{n}", kind="training",
            place=place if n % 3 else None, country=country, summary=f"سطر\nثان, {n}",
            start_date=datetime.date(2025, 1 + n % 12, 1) if n % 4 else None,  # undated events sort last
            organizations=[coop, (ministry, EventOrganization.Role.FUNDER)] if n % 2 else [coop],
            persons=[(person, "رئيسة")] if n % 3 == 0 else [], countries=[country], articles=[article]))
    return made


@contextlib.contextmanager
def CaptureQueriesContext(conn):  # noqa: N802 - Django's, across a test-client request
    """Django's CaptureQueriesContext across a request, from an empty log. It captures a slice of the connection's
    log, which holds 9,000 queries at most (the fixture's inserts fill it, so the slice would be empty) and which the
    request's start empties (Django's reset_queries on request_started, which would shift the slice)."""
    conn.queries_log.clear()
    request_started.disconnect(reset_queries)
    try:
        with _CaptureQueriesContext(conn) as queries:
            yield queries
    finally:
        request_started.connect(reset_queries)


def export(client, settings, lane_rows, **params) -> bytes:
    settings.MARSAD_EXPORT_LANE_ROWS = lane_rows
    response = client.get(reverse("events:export_csv"), params)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_two_sessions_write_the_bytes_one_session_writes(client, settings, events, sort):
    single = export(client, settings, 0, sort=sort)
    with CaptureQueriesContext(connection) as queries:
        shared = export(client, settings, 3, sort=sort)
    assert shared == single
    assert single.count(b"\r\n") >= EVENTS + 1
    # This session copied the even slices (0 and 2) only: the helper's own session copied the odd ones.
    copies = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("COPY (")]
    assert len(copies) == 2, copies
    assert any("pg_export_snapshot" in q["sql"] for q in queries.captured_queries)
    date = F("start_date").desc(nulls_last=True) if sort == "newest" else F("start_date").asc(nulls_last=True)
    ordered = list(Event.objects.order_by(date, "-id" if sort == "newest" else "id").values_list("pk", flat=True))
    rows = [line.split(b",", 1)[0] for line in shared.split(b"\r\n")[1:] if line[:1].isdigit()]
    assert [int(pk) for pk in rows] == ordered


def test_a_filtered_export_of_one_slice_stays_in_one_session(client, settings, events):
    with CaptureQueriesContext(connection) as queries:
        body = export(client, settings, 50, kind="training")
    statements = [q["sql"] for q in queries.captured_queries]  # read from the log before the next request empties it
    assert body == export(client, settings, 0, kind="training")
    assert [s for s in statements if s.startswith("COPY (")], statements
    assert not any("pg_export_snapshot" in s for s in statements)


def test_an_export_abandoned_midway_leaves_no_transaction_and_no_helper(client, settings, events):
    settings.MARSAD_EXPORT_LANE_ROWS = 3
    response = client.get(reverse("events:export_csv"))
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)  # the header, then the first slice: the helper is copying the second
    response._iterator.close()  # as a server does when the client goes away
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the connection is usable, outside any transaction
        assert connection.connection.info.transaction_status == 0  # psycopg's IDLE
    assert not [t for t in threading.enumerate() if t.name.startswith("marsad-export")]
    assert export_lanes.usable()


def test_the_slices_keep_the_ids_order():
    assert export_lanes.slices([5, 3, 9, 1, 7], 2) == [[5, 3], [9, 1], [7]]
    assert export_lanes.slices([], 2) == []


def test_while_another_export_has_the_helper_an_export_is_copied_by_its_own_session(client, settings, events):
    single = export(client, settings, 0)
    with export_lanes.helper_slot() as held:  # as a concurrent download of this process would
        assert held
        with CaptureQueriesContext(connection) as queries:
            body = export(client, settings, 3)
        with export_lanes.helper_slot() as second:
            assert not second
    assert body == single
    assert not any("pg_export_snapshot" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert export(client, settings, 3) == single  # the slot is free again
    assert any("pg_export_snapshot" in q["sql"] for q in queries.captured_queries)
