"""Facet counts from the facet table (issue 15): index-only counts over the filtered events, no cache needed.

Each event has one row in events_eventfacet per facet option it counts in (its kind, year, month, region, city,
host country, each organizer type, organization and person), and events_facettotal holds the counts of the whole
catalogue (delta rows, compacted); database triggers keep both (migration 0012), whoever writes. The counts of every
facet of a filtered list are one GROUP BY over the filtered events' rows, read from the primary key (event,
dimension, value) without touching the events, places or link tables. The unfiltered list reads the totals; a filter
that keeps most of the catalogue (a country, a word in every event) is counted as totals minus the events it leaves
out. A list filtered by one option of a broad dimension (a kind, a year, a region, a host country, an organizer type)
or by one organization reads events_facetpair instead (migration 0015): the counts of every option together with it, kept by triggers, so
the 20,000 to 70,000 events it selects are not visited. Names are joined only to the counted options, and the long
lists are cut to their top FACET_LIMIT in the same statement.
"""
from __future__ import annotations

from django.db import connection, transaction

from events.models import Country, Event, Organization, Place
from events.search import MISSES_SHARE

FACET_LIMIT = 100  # long lists (cities, organizations, persons) are filtered in the page by static/js/facets.js

# Dimensions of events_eventfacet.dim (frozen in migration 0009: change both together).
KIND, YEAR, MONTH, REGION, CITY, COUNTRY, ORGANIZER_KIND, ORGANIZATION, PERSON = range(1, 10)
# Kind codes are positions in these lists, 1-based (0: a kind the triggers do not know).
EVENT_KINDS = list(Event.Kind.values)
ORG_KINDS = list(Organization.Kind.values)

_NAMED = {  # dimension → (table, name column, Latin name column)
    CITY: ("events_place", "name_ar", "name_fr"),
    ORGANIZATION: ("events_organization", "name", "name_latin"),
    PERSON: ("events_person", "name", "name_latin"),
}


# Dimensions whose single options have co-occurrence counts in events_facetpair (frozen in migration 0015).
BROAD_DIMS = (KIND, YEAR, REGION, COUNTRY, ORGANIZER_KIND, ORGANIZATION)

# A filter selecting more than this share of the catalogue is counted as the catalogue minus the events it leaves out:
# the share above which search.materialized keeps a search's misses, so both decide alike.
COMPLEMENT_SHARE = MISSES_SHARE


# PostgreSQL settings of the counting statement's transaction.
# Room to hash the counts in memory: with the default 4 MB the planner sorts 100,000 rows on disk instead.
# Sequential scans off: every table the statement reads has the index it needs, but the planner cannot know the cut
# of a long facet (computed in the statement), guesses that a third of the folded rows pass it, and reads all of
# events_facettotal instead (6,400 pages at 100,000 events: each fold rewrites its rows). With 1,100 person deltas
# waiting for a fold, that took 15-30 ms; by the (dim, n) index, under 2 ms (the unfiltered list: 41 ms -> 18). The
# temporary table of a search's matches has no index and is still read whole.
# (JIT is off for every connection, catalogue/settings.py: compiling this statement took 70 ms of 10.)
PLANNER_SETTINGS = "SET LOCAL work_mem = '32MB'; SET LOCAL enable_seqscan = off"


def _month_condition(month_of_year: int | None) -> str:
    if month_of_year:
        return f"(dim <> {MONTH} OR value BETWEEN {month_of_year * 100 + 1} AND {month_of_year * 100 + 12})"
    return f"dim <> {MONTH}"


def _rows_of(events_sql: str, condition: str) -> str:
    """SQL of (dim, value, n) counted over the facet rows of the events that events_sql selects (column id)."""
    if connection.vendor == "postgresql":
        # The ids as one array: a single index-only scan of the primary key visits each event's rows (about half the
        # time of a nested loop of per-event probes, and several times faster than the planner's own choice for
        # IN, which hashes the events and scans the whole table).
        return ("SELECT dim, value, COUNT(*) AS n FROM events_eventfacet"
                f" WHERE event_id = ANY(ARRAY({events_sql})) AND {condition} GROUP BY dim, value")
    return (f"SELECT dim, value, COUNT(*) AS n FROM events_eventfacet WHERE event_id IN ({events_sql})"
            f" AND {condition} GROUP BY dim, value")


def _catalogue_counts(condition: str, rest_sql: str | None = None, params: tuple = ()) -> tuple[str, tuple]:
    """SQL of (dim, value, n) for the whole catalogue, or for the catalogue minus the events rest_sql selects: the
    short facets whole, and of each long facet only the options that can be in its top FACET_LIMIT, read from the
    folded rows by count (migration 0016).

    Every option has at most one folded row, plus deltas written since the last fold. An option without deltas and
    without events in rest (untouched) counts exactly its folded row. Take the touched options, and the folded rows
    down to c, the FACET_LIMIT-th count of the untouched options, ties included: at least FACET_LIMIT options count
    c or more, so any other untouched option (counting less than c) can be neither in the top nor tied at its cut.
    (Before, c was the (FACET_LIMIT + k)-th folded count, k the touched options: with 1,100 person deltas waiting
    for a fold, 1,400 folded rows passed it instead of about 100.)
    """
    short = ", ".join(str(d) for d in (KIND, YEAR, MONTH, REGION, COUNTRY, ORGANIZER_KIND))
    short_totals = (f"SELECT dim, value, SUM(n) AS n FROM events_facettotal WHERE dim IN ({short}) AND {condition}"
                    " GROUP BY dim, value")
    if rest_sql is None:
        parts = [f"{short_totals} HAVING SUM(n) > 0"]
    else:
        parts = [f"SELECT t.dim, t.value, t.n - COALESCE(r.n, 0) AS n FROM ({short_totals}) AS t"
                 " LEFT JOIN rest r ON r.dim = t.dim AND r.value = t.value WHERE t.n - COALESCE(r.n, 0) > 0"]
    for dim in _NAMED:
        deltas = f"SELECT value FROM events_facettotal WHERE dim = {dim} AND NOT merged"
        touched = deltas
        if rest_sql is not None:
            touched = f"{deltas} UNION ALL SELECT value FROM rest WHERE dim = {dim}"
        # The FACET_LIMIT-th count of the untouched options (read down the (dim, n) index, past the touched ones).
        cut = (f"COALESCE((SELECT n FROM events_facettotal WHERE dim = {dim} AND merged AND value NOT IN ({touched})"
               f" ORDER BY n DESC LIMIT 1 OFFSET {FACET_LIMIT - 1}), 0)")
        candidates = f"{touched} UNION ALL SELECT value FROM events_facettotal WHERE dim = {dim} AND merged AND n >= {cut}"
        minus, less = "", ""
        if rest_sql is not None:
            # Joined: the rest's rows are a CTE, which has no index.
            minus, less = f" LEFT JOIN rest r ON r.dim = {dim} AND r.value = c.value", " - COALESCE(r.n, 0)"
        if connection.vendor == "postgresql":
            # Every row of the candidates in one scan of the (dim, value) index, summed by a hash: a candidate listed
            # twice (touched and folded) is read once. Looked up one by one, 2,100 candidates took 13 ms.
            summed = (f"SELECT t.value, SUM(t.n) AS n FROM events_facettotal t WHERE t.dim = {dim}"
                      f" AND t.value = ANY(ARRAY({candidates})) GROUP BY t.value")
            parts.append(f"SELECT {dim} AS dim, c.value, c.n{less} AS n FROM ({summed}) AS c{minus}"
                         f" WHERE c.n{less} > 0")
            continue
        # Summed per candidate (an index lookup each): SQLite would otherwise read every row of the facet.
        total = f"(SELECT SUM(t.n) FROM events_facettotal t WHERE t.dim = {dim} AND t.value = c.value)"
        parts.append(f"SELECT dim, value, n FROM (SELECT {dim} AS dim, c.value, {total}{less} AS n FROM"
                     f" (SELECT DISTINCT value FROM ({candidates})) AS c{minus}) AS summed_{dim} WHERE n > 0")
    counts = " UNION ALL ".join(parts)
    if rest_sql is None:
        return counts, ()
    return f"WITH rest AS MATERIALIZED ({_rows_of(rest_sql, condition)}) {counts}", params


def _statement(counts: str) -> str:
    """The whole statement: counts (dim, value, n) once, the short facets whole, the long ones' top with names."""
    plain = ", ".join(str(d) for d in (KIND, YEAR, MONTH, REGION, COUNTRY, ORGANIZER_KIND))
    parts = [f"SELECT dim, value, n, NULL AS name, NULL AS latin FROM counts WHERE dim IN ({plain})"]
    for dim, (table, name, latin) in _NAMED.items():
        # Names are read only for the options that can be in the top (count at least the FACET_LIMIT-th count), not
        # for the 30,000 persons of a large selection: the tie at the cut is still broken by name.
        cut = f"COALESCE((SELECT n FROM counts WHERE dim = {dim} ORDER BY n DESC LIMIT 1 OFFSET {FACET_LIMIT - 1}), 0)"
        parts.append(f"SELECT * FROM (SELECT c.dim, c.value, c.n, t.{name}, t.{latin} FROM counts c"
                     f" JOIN {table} t ON t.id = c.value WHERE c.dim = {dim} AND c.n >= {cut}"
                     f" ORDER BY c.n DESC, t.{name} LIMIT {FACET_LIMIT}) AS top_{dim}")
    return f"WITH counts AS MATERIALIZED ({counts}) " + " UNION ALL ".join(parts)


def _pairs(option: tuple[int, int], condition: str) -> tuple[str, tuple]:
    """SQL of (dim, value, n) within the events that have option: its pair counts, and its own count from the totals."""
    return (f"SELECT dim, value, SUM(n) AS n FROM events_facetpair WHERE fdim = %s AND fvalue = %s AND {condition}"
            " GROUP BY dim, value HAVING SUM(n) > 0"
            " UNION ALL SELECT dim, value, SUM(n) AS n FROM events_facettotal WHERE dim = %s AND value = %s"
            " GROUP BY dim, value HAVING SUM(n) > 0"), (*option, *option)


def _not_among(column: str, ids_sql: str) -> str:
    """SQL condition: column is not one of the ids ids_sql selects (its one column, whatever its name)."""
    if connection.vendor == "postgresql":
        # A hash anti-join: 20 ms against 100,000 ids, where NOT IN's hashed subplan took 34.
        return f"NOT EXISTS (SELECT 1 FROM ({ids_sql}) AS among(id) WHERE among.id = {column})"
    return f"{column} NOT IN ({ids_sql})"


def _counts_sql(queryset, month_of_year: int | None, option: tuple[int, int] | None,
                within: tuple | None, ids_sql: str | None, misses_sql: str | None = None) -> tuple[str, tuple]:
    """Choose how to count: the catalogue's totals, one broad option's pairs, the filtered events' rows, or the
    counts of a cheap scope (the catalogue, one option) minus the events of the scope the selection leaves out."""
    condition = _month_condition(month_of_year)
    if not queryset.query.where:
        return _catalogue_counts(condition)
    if option is not None:
        return _pairs(option, condition)
    scope_queryset, scope_option = within if within is not None else (None, None)
    if misses_sql is not None and within is not None:
        rest, rest_params = misses_sql, ()  # the events of the scope left out, found already (search.materialized)
    else:
        if ids_sql is not None:
            events_sql, params = ids_sql, ()
        else:
            events_sql, params = queryset.values("pk").query.sql_with_params()
        size_sql, size_params = _scope_size_sql(scope_option)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT (SELECT COUNT(*) FROM ({events_sql}) AS e), ({size_sql})", (*params, *size_params))
            selected, scope = cursor.fetchone()
        if not scope or selected <= COMPLEMENT_SHARE * scope:
            return _rows_of(events_sql, condition), params
        if scope_option is None:
            rest, rest_params = f"SELECT ev.id FROM events_event ev WHERE {_not_among('ev.id', events_sql)}", params
        else:
            scope_sql, scope_params = scope_queryset.order_by().values("pk").query.sql_with_params()
            rest = f"SELECT s.pk FROM ({scope_sql}) AS s WHERE {_not_among('s.pk', events_sql)}"
            rest_params = (*scope_params, *params)
    if scope_option is None:
        return _catalogue_counts(condition, rest, rest_params)
    pairs, pair_params = _pairs(scope_option, condition)
    return (f"SELECT p.dim, p.value, p.n - COALESCE(o.n, 0) AS n FROM ({pairs}) AS p"
            f" LEFT JOIN ({_rows_of(rest, condition)}) AS o ON o.dim = p.dim AND o.value = p.value"
            " WHERE p.n - COALESCE(o.n, 0) > 0"), (*pair_params, *rest_params)


def _scope_size_sql(option: tuple[int, int] | None) -> tuple[str, tuple]:
    """SQL of the number of events of the whole catalogue (option None: every event has one kind) or of one broad
    option, from the totals."""
    if option is None:
        return f"SELECT SUM(n) FROM events_facettotal WHERE dim = {KIND}", ()
    return "SELECT SUM(n) FROM events_facettotal WHERE dim = %s AND value = %s", tuple(option)


def scope_size(option: tuple[int, int] | None) -> int:
    """The number of events of the whole catalogue (option None) or of one broad option, read from the totals."""
    with connection.cursor() as cursor:
        cursor.execute(*_scope_size_sql(option))
        return cursor.fetchone()[0] or 0


def count(queryset, *, month_of_year: int | None = None, option: tuple[int, int] | None = None,
          within: tuple | None = None, ids_sql: str | None = None, misses_sql: str | None = None) -> dict[str, list]:
    """Return the option counts of every facet within the events of queryset, as the fields of filters.Facets.

    option: (dimension, value) when queryset is exactly the events having that one option of a BROAD_DIMS dimension
    (the caller knows its filters; see EventFilter.single_broad_option); its counts are then read from the pairs.
    within: (scope queryset, scope option) when queryset is a subset of a scope whose counts are cheap: the whole
    catalogue (option None) or the events of one broad option (EventFilter.search_scope). When the selection holds
    most of its scope, it is counted as the scope minus the events it leaves out. Without it the scope is the
    catalogue. ids_sql: SQL selecting the ids of queryset's events when cheaper than the queryset's own (a search's
    temporary table of matches). misses_sql: SQL selecting the ids of the scope's events that queryset leaves out,
    when known (search.materialized's misses_sql): counted as the scope minus those, without looking for them.
    Three to four queries whatever the number of events: the size of the selection (when filtered and not one
    option), the counts with the long facets' names, the regions and countries by id.
    """
    for given in (option, within[1] if within else None):
        if given is not None and given[0] not in BROAD_DIMS:
            raise ValueError(f"No pair counts for dimension {given[0]}: only {BROAD_DIMS}.")
    counts, params = _counts_sql(queryset.order_by(), month_of_year, option, within, ids_sql, misses_sql)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PLANNER_SETTINGS)
        cursor.execute(_statement(counts), params)
        rows = cursor.fetchall()
    by_dim: dict[int, list[tuple]] = {}
    for dim, value, n, name, latin in rows:
        by_dim.setdefault(dim, []).append((value, n, name, latin))

    kind_labels = dict(Event.Kind.choices)
    kinds = [(EVENT_KINDS[v - 1], n) for v, n, *_ in by_dim.get(KIND, []) if 0 < v <= len(EVENT_KINDS)]
    org_kind_labels = dict(Organization.Kind.choices)
    org_kinds = [(ORG_KINDS[v - 1], n) for v, n, *_ in by_dim.get(ORGANIZER_KIND, []) if 0 < v <= len(ORG_KINDS)]
    regions = sorted(by_dim.get(REGION, []), key=lambda r: (-r[1], r[0]))
    places = Place.objects.in_bulk([r[0] for r in regions]) if regions else {}
    countries = by_dim.get(COUNTRY, [])
    country_rows = Country.objects.in_bulk([r[0] for r in countries]) if countries else {}
    named = {dim: sorted(by_dim.get(dim, []), key=lambda r: (-r[1], r[2])) for dim in _NAMED}
    return {
        "kinds": [{"value": k, "label": kind_labels.get(k, k), "count": n}
                  for k, n in sorted(kinds, key=lambda r: (-r[1], r[0]))],
        "years": [{"value": y, "label": y, "count": n} for y, n, *_ in sorted(by_dim.get(YEAR, []))],
        "months": [{"value": v % 100, "count": n} for v, n, *_ in sorted(by_dim.get(MONTH, []))]
        if month_of_year else [],
        "regions": [{"value": v, "place": places[v], "count": n} for v, n, *_ in regions if v in places],
        "cities": [{"value": v, "label": name, "latin": latin, "count": n} for v, n, name, latin in named[CITY]],
        "countries": sorted(
            ({"value": country_rows[v].code, "country": country_rows[v], "count": n}
             for v, n, *_ in countries if v in country_rows),
            key=lambda r: (-r["count"], r["value"]),
        ),
        "organizer_kinds": [{"value": k, "label": org_kind_labels.get(k), "count": n}
                            for k, n in sorted(org_kinds, key=lambda r: (-r[1], r[0]))],
        "organizations": [{"value": v, "label": name, "latin": latin, "count": n}
                          for v, n, name, latin in named[ORGANIZATION]],
        "persons": [{"value": v, "label": name, "latin": latin, "count": n} for v, n, name, latin in named[PERSON]],
    }
