"""The unfiltered list's long facets read from their folded rows' top (migration 0016, events/facets.py).

- with deltas pushing options into and out of the top 100 since the last fold, the counts and the top of every facet
  equal the ORM's aggregates over the records;
- a fold leaves one folded row per option, and on PostgreSQL two folds at once take turns and still do.
"""
from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from events import facets
from events.filters import event_facets
from events.models import Event, EventPerson, Person
from tests.builders import make_event, make_person
from tests.scale.test_facet_table import compare, facet_migration

pytestmark = pytest.mark.django_db


def fold_on_next_write():
    """Move the delta ids so that the next written delta passes a multiple of COMPACT_EVERY (the trigger folds)."""
    every = facet_migration().COMPACT_EVERY
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # From the sequence, not MAX(id): another transaction's uncommitted rows have ids too.
            cursor.execute("SELECT pg_get_serial_sequence('events_facettotal', 'id')")
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")
            target = (cursor.fetchone()[0] // every + 1) * every
            cursor.execute("SELECT setval(%s, %s)", [sequence, target - 1])
            return
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM events_facettotal")
        target = (cursor.fetchone()[0] // every + 1) * every
        cursor.execute("INSERT INTO events_facettotal (id, dim, value, n, merged) VALUES (%s, 1, 1, 0, 1)",
                       [target - 1])


def folded_twice() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM events_facettotal WHERE merged GROUP BY dim, value"
                       " HAVING COUNT(*) > 1) AS twice")
        return cursor.fetchone()[0]


def deltas() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events_facettotal WHERE NOT merged")
        return cursor.fetchone()[0]


def test_the_top_follows_deltas_written_since_the_fold(seeded):
    assert Person.objects.count() > facets.FACET_LIMIT  # the persons' facet is cut: its top is read by count
    fold_on_next_write()
    first = Event.objects.order_by("pk").first()
    Event.objects.filter(pk=first.pk).update(kind="award" if first.kind != "award" else "forum")
    assert deltas() <= 12 and folded_twice() == 0  # folded: one row per option, and this update's few deltas
    # Since the fold: a new person climbs to the top of the persons' facet, the top person drops out of it (negative
    # deltas), and a new organization and city appear.
    top = EventPerson.objects.values("person").annotate(n=Count("pk")).order_by("-n")
    top_person = top.first()["person"]
    EventPerson.objects.filter(person_id=top_person).delete()
    climber = make_person("شخص صاعد جديد")
    for i in range(12):
        make_event(f"لقاء الصاعد {i}", persons=[climber])
    assert deltas() > 12
    got = event_facets(Event.objects.all())
    persons = {o["value"]: o["count"] for o in got.persons}
    assert persons.get(climber.pk) == 12 and top_person not in persons
    compare({})  # every facet of the unfiltered list against the ORM's aggregates, top cuts included


def test_reading_the_top_does_not_sum_every_option(seeded):
    """The point of the change: the unfiltered counts read the top rows, not each of the long facets' options."""
    counts, _params = facets._catalogue_counts(facets._month_condition(None))
    statement = facets._statement(counts)
    with connection.cursor() as cursor:
        cursor.execute(statement)
        rows = cursor.fetchall()
    assert {d for d, *_ in rows} >= {facets.KIND, facets.PERSON, facets.ORGANIZATION, facets.CITY}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(facets.PLANNER_SETTINGS)  # the settings count() plans it with
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(r[0] for r in cursor.fetchall())
        assert "facettotal_top" in plan


@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_take_turns_and_leave_one_row_per_option():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its folds never overlap")
    events = [make_event(f"لقاء {i}", kind="forum") for i in range(4)]
    first_folded, second_done = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                fold_on_next_write()
                Event.objects.filter(pk=events[0].pk).update(kind="award")  # its deltas fold, inside this transaction
                first_folded.set()
                for _ in range(400):  # commit once the second fold waits for this one (or, without turns, is done)
                    cursor.execute("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")
                    if cursor.fetchone()[0] or second_done.is_set():
                        break
                    time.sleep(0.05)
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            assert first_folded.wait(30)
            with transaction.atomic():
                fold_on_next_write()
                Event.objects.filter(pk=events[1].pk).update(kind="award")
            second_done.set()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert folded_twice() == 0
    kinds = {o["value"]: o["count"] for o in event_facets(Event.objects.all()).kinds}
    assert kinds == {r["kind"]: r["n"] for r in Event.objects.values("kind").annotate(n=Count("pk"))}


def test_more_options_touched_than_the_top_holds(seeded):
    """More options with deltas than FACET_LIMIT, most of them falling: the cut is the FACET_LIMIT-th count of the
    untouched options, so the options those deltas push down or out are still ranked right against the rest."""
    fold_on_next_write()
    first = Event.objects.order_by("pk").first()
    Event.objects.filter(pk=first.pk).update(kind="award" if first.kind != "award" else "forum")  # fold now
    top = list(EventPerson.objects.values("person").annotate(n=Count("pk")).order_by("-n", "person")
               .values_list("person", flat=True)[:facets.FACET_LIMIT + 20])
    for i, person in enumerate(top):  # each loses one event or two: the top is reshuffled, deltas only
        EventPerson.objects.filter(pk__in=EventPerson.objects.filter(person=person).order_by("pk")
                                   .values("pk")[:1 + i % 2]).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT value FROM events_facettotal WHERE dim = %s AND NOT merged", [facets.PERSON])
        touched = {row[0] for row in cursor.fetchall()}
    assert len(touched) > facets.FACET_LIMIT
    compare({})
