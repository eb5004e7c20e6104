"""A search's facets counted within its scope (EventFilter.search_scope, facets.count(within=...)).

A word found in most of the events a search looks within (the whole catalogue, or one broad option such as a year)
is counted as that scope's counts minus the events the word misses: the catalogue's folded top rows or the option's
pairs, minus the facet rows of the few events left out. The counts must equal the records' whatever the path, and
the path must be the one meant (the SQL says which).
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.functions import Concat, ExtractYear

from events import facets, search
from events.filters import EventFilter
from events.models import Event, EventOrganization
from tests.scale.test_facet_table import compare

pytestmark = pytest.mark.django_db

COMMON, SOME = "زعفرانيات", "اركانيات"  # words no seeded text holds: one added to most events, one to a few


def top(queryset, key):
    return queryset.values(key).annotate(n=Count("pk")).order_by("-n").first()[key]


@pytest.fixture
def worded(seeded):
    """The seeded catalogue with COMMON in every event but every fifth, and SOME in every third."""
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    # Saved through the ORM as any edit is: the search vector (PostgreSQL) and the trigram index (SQLite) follow.
    Event.objects.filter(pk__in=[pk for i, pk in enumerate(ids) if i % 5]).update(
        search_text=Concat(F("search_text"), Value(f" {COMMON}")))
    Event.objects.filter(pk__in=ids[::3]).update(search_text=Concat(F("search_text"), Value(f" {SOME}")))
    return ids


def counting_sql(params: dict) -> str:
    filterset = EventFilter({k: str(v) for k, v in params.items()}, queryset=Event.objects.all())
    year = filterset.cleaned("year")
    with filterset.counted_events() as events:
        sql, _params = facets._counts_sql(events.order_by(), int(year) if year else None, None,
                                          filterset.search_scope(), search.MATCHES_SQL, events.misses_sql)
    return sql


def reads_misses(params: dict) -> bool:
    """Whether the facets subtract the misses search.materialized kept (PostgreSQL, a word in most of the scope)."""
    return search.MISSES_SQL in counting_sql(params)


def test_a_common_word_is_counted_as_its_scope_minus_the_events_it_misses(worded):
    events = Event.objects.order_by()
    year = top(events.filter(start_date__isnull=False).annotate(y=ExtractYear("start_date")), "y")
    kind = top(events, "kind")
    org = top(EventOrganization.objects, "organization")
    region = top(events.filter(place__region__isnull=False), "place__region")
    scoped = [{"year": year}, {"kind": kind}, {"organization": org}, {"region": region}]
    # The whole catalogue as scope: its folded top rows minus the left-out events' rows.
    assert "WITH rest" in counting_sql({"q": COMMON})
    assert reads_misses({"q": COMMON}) == (connection.vendor == "postgresql")
    compare({"q": COMMON})
    for params in scoped:
        params = {"q": COMMON, **params}
        within = EventFilter({k: str(v) for k, v in params.items()}, queryset=Event.objects.all()).search_scope()
        assert within is not None and within[1] is not None, params
        if EventFilter(params, queryset=Event.objects.all()).qs.count() > facets.COMPLEMENT_SHARE * within[0].count():
            assert "events_facetpair" in counting_sql(params), params
            assert reads_misses(params) == (connection.vendor == "postgresql"), params
        compare({k: str(v) for k, v in params.items()})
    # A month narrows the year: no single option, the catalogue is the scope.
    assert EventFilter({"q": COMMON, "year": str(year), "month": "3"}, queryset=Event.objects.all()).search_scope() \
        is None
    compare({"q": COMMON, "year": str(year), "month": "3"})
    # Two filters besides the search: no cheap scope, counted over the catalogue as before.
    compare({"q": COMMON, "year": str(year), "kind": kind})


def test_a_rarer_word_is_counted_from_its_own_events(worded):
    # In a third of the events: below COMPLEMENT_SHARE of any scope, so its matches' rows are counted.
    sql = counting_sql({"q": SOME})
    assert "WITH rest" not in sql and "events_facetpair" not in sql and not reads_misses({"q": SOME})
    compare({"q": SOME})
    year = top(Event.objects.filter(start_date__isnull=False).annotate(y=ExtractYear("start_date")), "y")
    compare({"q": SOME, "year": str(year)})
    # Both words: the intersection, within the year.
    compare({"q": f"{SOME} {COMMON}", "year": str(year)})


def test_the_results_are_the_scope_and_the_words_together(worded):
    year = top(Event.objects.filter(start_date__isnull=False).annotate(y=ExtractYear("start_date")), "y")
    filterset = EventFilter({"q": COMMON, "year": str(year)}, queryset=Event.objects.all())
    with filterset.counted_events() as events:
        found = set(events.values_list("pk", flat=True))
    # The same events as the filters applied together (which also match actors' names, PostgreSQL by similarity).
    expected = set(filterset.qs.values_list("pk", flat=True))
    assert found == expected
    assert found >= set(Event.objects.filter(start_date__year=year, search_text__contains=COMMON)
                        .values_list("pk", flat=True)) != set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a setting of SQLite connections")
def test_sqlite_connections_may_sort_with_helper_threads(settings):
    """A search matching much of the catalogue groups hundreds of thousands of facet rows: SQLite sorts them with
    helper threads (PRAGMA threads, set on every connection by catalogue/settings.py), at most four, at least one."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA threads")
        (threads,) = cursor.fetchone()
    # SQLite answers with what it grants: the setting, or less where it was built with fewer worker threads.
    assert 1 <= threads <= settings.SQLITE_SORT_THREADS <= 4
