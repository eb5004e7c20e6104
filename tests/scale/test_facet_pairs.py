"""Pair counts (migration 0015): a list filtered by one broad option is counted without visiting its events.

- every kind, year, region, host country and organizer type of a seeded catalogue: the filter selects exactly the
  events with that facet row, and the counts read from the pairs equal the counts of the events' rows;
- the pairs equal the facet rows' co-occurrences after the deltas are folded (and test_facet_table.py checks them
  after every kind of write: loads, admin edits, merges, deletes, --update);
- on PostgreSQL, two transactions adding options to the same event at once both count their pairs with each other.
"""
from __future__ import annotations

import importlib
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from events import facets
from events.filters import EventFilter, event_facets
from events.models import Country, Event, EventOrganization, Place
from tests.builders import make_event, make_organization
from tests.scale.test_facet_table import assert_pairs_right, stored_pairs, table_rows

pytestmark = pytest.mark.django_db

ROUTES = {facets.KIND: "kind", facets.YEAR: "year", facets.REGION: "region", facets.COUNTRY: "country",
          facets.ORGANIZER_KIND: "organizer_kind", facets.ORGANIZATION: "organization"}


def pair_migration():
    path = next((Path(__file__).resolve().parents[2] / "events" / "migrations").glob("*_facet_pairs.py"))
    return importlib.import_module(f"events.migrations.{path.stem}")


def parameter(dim: int, value: int) -> str:
    """The query-string value a reader's link carries for this facet option."""
    if dim == facets.KIND:
        return facets.EVENT_KINDS[value - 1]
    if dim == facets.ORGANIZER_KIND:
        return facets.ORG_KINDS[value - 1]
    if dim == facets.COUNTRY:
        return Country.objects.get(pk=value).code
    return str(value)


def as_sets(counted) -> dict[str, object]:
    """The counts of each facet; for a list cut at FACET_LIMIT, its length and the options above the cut's count
    (options tied at the cut are ordered by name, and two places may share a name)."""
    out = {}
    for name in ("kinds", "years", "months", "regions", "cities", "countries", "organizer_kinds", "organizations",
                 "persons"):
        options = {(o["value"], o["count"]) for o in getattr(counted, name)}
        if len(options) == facets.FACET_LIMIT:
            cut = min(n for _, n in options)
            options = (len(options), cut, {o for o in options if o[1] > cut})
        out[name] = options
    return out


def test_the_dimensions_are_the_migrations():
    migration = pair_migration()
    assert migration.BROAD == ", ".join(str(d) for d in facets.BROAD_DIMS)
    assert set(ROUTES) == set(facets.BROAD_DIMS) == {dim for dim, _ in EventFilter.BROAD_OPTIONS.values()}


def test_every_broad_option_is_counted_from_its_pairs(seeded):
    rows = table_rows()
    options = sorted({(d, v) for _, d, v in rows if d in facets.BROAD_DIMS})
    assert {d for d, _ in options} == set(facets.BROAD_DIMS)  # the seeded catalogue has each dimension
    checked = 0
    for dim, value in options:
        if dim == facets.REGION and not Place.objects.filter(pk=value, kind=Place.Kind.REGION).exists():
            continue  # the region filter only offers places that are regions
        filterset = EventFilter({ROUTES[dim]: parameter(dim, value)}, queryset=Event.objects.all())
        assert filterset.single_broad_option() == (dim, value)
        # The filter selects exactly the events with that option's row: what makes the pairs the right counts.
        assert set(filterset.qs.values_list("pk", flat=True)) == {e for e, d, v in rows if (d, v) == (dim, value)}
        month_of_year = value if dim == facets.YEAR else None
        from_pairs = event_facets(filterset.qs, month_of_year=month_of_year, option=(dim, value))
        from_rows = event_facets(filterset.qs, month_of_year=month_of_year)
        assert as_sets(from_pairs) == as_sets(from_rows), (dim, value)
        checked += 1
    assert checked > 40


@pytest.mark.parametrize("params", [
    {}, {"kind": "forum", "year": "2020"}, {"year": "2020", "month": "3"}, {"city": "1"}, {"q": "تعاونية"},
    {"kind": "forum", "sort": "oldest"}, {"kind": "not-a-kind"}, {"year": "12"}, {"person": "1"},
    {"organization": "1", "kind": "forum"},
])
def test_other_selections_are_not_one_option(params):
    option = EventFilter(params or None, queryset=Event.objects.all()).single_broad_option()
    if params == {"kind": "forum", "sort": "oldest"}:
        assert option == (facets.KIND, facets.EVENT_KINDS.index("forum") + 1)  # the order changes no count
    else:
        assert option is None


def test_a_pair_for_another_dimension_is_refused():
    with pytest.raises(ValueError, match="dimension"):
        facets.count(Event.objects.filter(pk=1), option=(facets.CITY, 1))


def test_folding_the_deltas_keeps_the_counts(seeded):
    migration = pair_migration()
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM events_facetpair")
        top = cursor.fetchone()[0]
        target = (top // migration.COMPACT_EVERY + 1) * migration.COMPACT_EVERY
        # The next delta rows pass a multiple of COMPACT_EVERY: the trigger folds every option changed so far.
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('events_facetpair', 'id'), %s)", [target - 5])
        else:
            cursor.execute("INSERT INTO events_facetpair (id, fdim, fvalue, dim, value, n, merged)"
                           " VALUES (%s, 1, 1, 1, 1, 0, 1)", [target - 5])
    event = Event.objects.filter(start_date__isnull=False).order_by("pk").first()
    Event.objects.filter(pk=event.pk).update(kind="award" if event.kind != "award" else "forum")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events_facetpair WHERE NOT merged AND id <= %s", [target])
        assert cursor.fetchone()[0] == 0  # every delta up to the multiple was folded
        cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM events_facetpair WHERE merged"
                       " GROUP BY fdim, fvalue, dim, value HAVING COUNT(*) > 1) AS twice")
        merged_twice = cursor.fetchone()[0]
    assert merged_twice == 0  # a fold rewrites an option's rows into one
    assert_pairs_right()


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_options_to_one_event_count_each_others_pairs():
    """Without the trigger's lock, the second transaction would read the event's options from a snapshot that lacks
    the first's uncommitted link, and the pair of the two organizers would never be counted."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its row triggers always see the event's other options")
    ministry = make_organization("وزارة التجربة", kind="ministry")
    network = make_organization("شبكة التجربة", kind="network")
    event = make_event("لقاء تجريبي", kind="meeting")
    first_written, second_done = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                EventOrganization.objects.create(event=event, organization=ministry, role="organizer")
                first_written.set()
                # Commit only once the second transaction's statement waits on this one's lock (or, without the
                # lock, once the second has committed from its snapshot: then its pairs lack this link).
                for _ in range(400):
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
            assert first_written.wait(30)
            with transaction.atomic():
                EventOrganization.objects.create(event=event, organization=network, role="organizer")
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
    assert EventOrganization.objects.filter(event=event).count() == 2
    assert_pairs_right()
    ministry_code, network_code = (facets.ORG_KINDS.index(k) + 1 for k in ("ministry", "network"))
    pairs = stored_pairs()
    assert pairs[(facets.ORGANIZER_KIND, ministry_code, facets.ORGANIZATION, network.pk)] == 1
    assert pairs[(facets.ORGANIZER_KIND, network_code, facets.ORGANIZATION, ministry.pk)] == 1
