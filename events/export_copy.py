"""The events CSV written by PostgreSQL itself: one COPY ... TO STDOUT (FORMAT csv) over the sorted events.

The Python export (events/exports.py) reads each event with its related rows as JSON, parses it and writes the
cells: on 10,000 rows that Python work took as long as the query. Here the server joins the related names, makes
formula cells inert and quotes what needs quoting, and the web process only adds each row's URL (reverse() and
the slug's percent-encoding stay in Python) and the CSV line ending. The cells are the ones the Python writer
writes, byte for byte (tests/web/test_export_equivalence.py checks both against csv.writer):

- an empty text is NULL before COPY sees it: COPY quotes an empty string (""), csv.writer writes nothing;
- a text starting with = + - @ TAB or CR gets a leading apostrophe, as exports._inert does (numbers never do);
- a float prints as Python prints it: PostgreSQL writes the shortest exact digits too, but 30 where Python
  writes 30.0;
- dates as ISO text, whatever the server's DateStyle.

Only this SQL lives here; exports.py streams it. PostgreSQL only.
"""
from __future__ import annotations

from events.models import (
    Article,
    Country,
    Event,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
)

# The events query's columns (exports._EVENT_FIELDS), renamed by position so that two "name_ar" columns (the place's
# and the country's) can both be named.
EVENT_COLUMNS = (
    "id", "slug", "title", "kind", "start_date", "end_date", "date_precision", "summary", "participant_count",
    "edition", "venue", "place_id", "place_ar", "place_fr", "place_kind", "latitude", "longitude", "region_id",
    "region_ar", "region_fr", "country_code", "country_ar", "country_fr", "country_en",
)
# What both CSV writers (this one and exports._csv_rows) agree on:
# - the organizations' columns, in CSV_COLUMNS order: organizers, partners, funders, participating, mentioned;
# - a cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM…): titles and names come from scraped
#   articles, so such cells get a leading apostrophe (OWASP "CSV injection").
_Role = EventOrganization.Role
CSV_ROLE_ORDER = (_Role.ORGANIZER, _Role.PARTNER, _Role.FUNDER, _Role.PARTICIPANT, _Role.MENTIONED)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_SQL = "(" + ", ".join("E'" + c.replace("\t", "\\t").replace("\r", "\\r") + "'"
                                     for c in FORMULA_START) + ")"


def _text(sql: str) -> str:
    """A text cell: NULL when empty, an apostrophe before a formula start.

    sql is a column or a cheap expression of columns: written out three times rather than computed once in a
    scalar subquery, whose start-up on every row costs more than the expression (25 cells a row)."""
    return f"CASE WHEN left({sql}, 1) IN {_FORMULA_START_SQL} THEN '''' || {sql} ELSE NULLIF({sql}, '') END"


def _float(sql: str) -> str:
    # Python prints an integral float with ".0" (-0.0 too); PostgreSQL's shortest exact digits agree otherwise,
    # 1e-05 included, up to 1e15, where PostgreSQL switches to an exponent (no coordinate is that large).
    return f"CASE WHEN {sql} = trunc({sql}) AND abs({sql}) < 1e15 THEN {sql}::text || '.0' ELSE {sql}::text END"


def _date(sql: str) -> str:
    return f"to_char({sql}, 'YYYY-MM-DD')"


def _q(model) -> str:
    return '"' + model._meta.db_table + '"'


def copy_sql(events_sql: str, order: str) -> str:
    """COPY of every event of events_sql (the export's values_list query, ORDER BY output positions) as CSV rows.

    order: that query's ORDER BY, by positions ("5 DESC NULLS LAST, 1 DESC"), said again on the outer query by
    name so the planner sees the events already in order. Each row starts with the raw slug, which the web
    process turns into the event's URL and drops; then the CSV columns without the URL.
    """
    names = ", ".join(EVENT_COLUMNS)
    outer_order = ", ".join(_by_name(term) for term in order.split(", "))
    roles = [r.value for r in CSV_ROLE_ORDER]
    by_role = ", ".join(f"string_agg(o.name, ' | ' ORDER BY l.id) FILTER (WHERE l.role = '{role}') AS {role}"
                        for role in roles)
    region_ar = "CASE WHEN q.place_kind = 'region' THEN q.place_ar ELSE q.region_ar END"
    region_fr = "CASE WHEN q.place_kind = 'region' THEN q.place_fr ELSE q.region_fr END"
    cells = [
        "q.slug",
        "q.id", _text("q.slug"), _text("q.title"), _text("q.kind"), _date("q.start_date"), _date("q.end_date"),
        _text("q.date_precision"), _text("q.summary"), "q.participant_count", "q.edition", _text("q.venue"),
        _text("q.place_ar"), _text("q.place_fr"), _text("q.place_kind"), _float("q.latitude"), _float("q.longitude"),
        _text(region_ar), _text(region_fr), _text("q.country_code"), _text("q.country_ar"),
        *(_text(f"orgs.{role}") for role in roles),
        _text("persons.names"), _text("countries.codes"), _text("sources.urls"), _text("sources.titles"),
        _date("sources.first"),
        f"(SELECT COUNT(*) FROM {_q(Figure)} f WHERE f.event_id = q.id)",
    ]
    articles = Event.articles.through
    return (
        f"COPY (SELECT {', '.join(cells)} FROM ({events_sql} OFFSET 0) AS q({names})"
        f" LEFT JOIN LATERAL (SELECT {by_role} FROM {_q(EventOrganization)} l"
        f" JOIN {_q(Organization)} o ON o.id = l.organization_id WHERE l.event_id = q.id) AS orgs ON true"
        " LEFT JOIN LATERAL (SELECT string_agg(CASE WHEN COALESCE(l.role, '') <> '' THEN p.name || ' (' || l.role"
        f" || ')' ELSE p.name END, ' | ' ORDER BY l.id) AS names FROM {_q(EventPerson)} l"
        f" JOIN {_q(Person)} p ON p.id = l.person_id WHERE l.event_id = q.id) AS persons ON true"
        # The country by a primary-key lookup per link (a join hashed the whole country table per event).
        f" LEFT JOIN LATERAL (SELECT string_agg((SELECT c.code FROM {_q(Country)} c WHERE c.id = l.country_id),"
        f" ' | ' ORDER BY l.id) AS codes FROM {_q(EventCountry)} l WHERE l.event_id = q.id) AS countries ON true"
        " LEFT JOIN LATERAL (SELECT string_agg(a.url, ' | ' ORDER BY a.id) FILTER (WHERE a.url <> '') AS urls,"
        " string_agg(a.title, ' | ' ORDER BY a.id) FILTER (WHERE a.title <> '') AS titles,"
        f" MIN(a.published) AS first FROM {_q(articles)} m JOIN {_q(Article)} a ON a.id = m.article_id"
        " WHERE m.event_id = q.id) AS sources ON true"
        f" ORDER BY {outer_order}) TO STDOUT (FORMAT csv)"
    )


def _by_name(term: str) -> str:
    """"5 DESC NULLS LAST" → "q.start_date DESC NULLS LAST"."""
    position, _, rest = term.partition(" ")
    return f"q.{EVENT_COLUMNS[int(position) - 1]} {rest}".rstrip()
