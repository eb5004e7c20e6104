"""Streamed exports of a whole filtered event list: CSV (UTF-8 with BOM), JSON (the read-only API), iCalendar, and
the figures as CSV and JSON.

Each export is ONE query read row by row (values_list iterated with a server-side cursor on PostgreSQL, fetchmany
on SQLite): an event's organizations, persons, countries and sources come in the same row as small JSON arrays
built by correlated subqueries, so no model object is built and no query runs per chunk. Memory stays bounded
whatever the size of the catalogue, and the response starts before the last row is read.
"""
from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import MULTI
from django.urls import reverse
from django.utils.text import slugify

from events import export_copy, export_lanes
from events.extract.agreement import counted_unit
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

CHUNK = 2000
STREAM_CHUNK = 500  # rows per libpq result while streaming: small enough that the server never waits long
CSV_COLUMNS = [
    "id", "slug", "url", "title", "kind", "start_date", "end_date", "date_precision", "summary", "participant_count",
    "edition", "venue", "place", "place_fr", "place_kind", "latitude", "longitude", "region", "region_fr",
    "country_code", "country", "organizers", "partners", "funders", "participating_organizations",
    "mentioned_organizations", "persons", "countries_taking_part", "source_urls", "source_titles", "first_published",
    "figure_count",
]
FIGURE_CSV_COLUMNS = [
    "id", "value", "unit", "unit_as_written_with_value", "about", "comparison_key", "year", "horizon_year", "event_id",
    "event_title", "event_url", "article_title", "article_url", "published", "sentence",
]
_ROLES = [r.value for r in EventOrganization.Role]

# Columns read from the event row and its place, region and country (one LEFT JOIN each).
_EVENT_FIELDS = (
    "id", "slug", "title", "kind", "start_date", "end_date", "date_precision", "summary", "participant_count",
    "edition", "venue", "place_id", "place__name_ar", "place__name_fr", "place__kind", "place__latitude",
    "place__longitude", "place__region_id", "place__region__name_ar", "place__region__name_fr",
    "country__code", "country__name_ar", "country__name_fr", "country__name_en",
)


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _json_rows(columns: str, from_where: str) -> str:
    """SQL for a JSON array of [columns...] rows, one per row of from_where (an empty array when none)."""
    if connection.vendor == "postgresql":
        return f"(SELECT COALESCE(json_agg(json_build_array({columns})), '[]') {from_where})"
    return f"(SELECT json_group_array(json_array({columns})) {from_where})"


def _related_sql(event: str) -> str:
    """SQL of one JSON column per event row: [organizations, persons, countries, sources, figure count].

    event: the SQL of the row's event id.

    One JSON text per row rather than one per list: a single json.loads a row (the parse was a fifth of the
    CSV export's time with four).
    """
    articles = Event.articles.through
    parts = [
        _json_rows("l.id, o.id, o.name, o.name_latin, o.acronym, o.kind, l.role",
                   f"FROM {_t(EventOrganization)} l JOIN {_t(Organization)} o ON o.id = l.organization_id "
                   f"WHERE l.event_id = {event}"),
        _json_rows("l.id, p.id, p.name, p.name_latin, l.role, o.name",
                   f"FROM {_t(EventPerson)} l JOIN {_t(Person)} p ON p.id = l.person_id "
                   f"LEFT JOIN {_t(Organization)} o ON o.id = l.organization_id WHERE l.event_id = {event}"),
        # The country by two primary-key lookups, not a join: PostgreSQL hashed the whole country table for every
        # event with a country (105 ms of a 10,000-row export; 32 ms this way).
        _json_rows(f"l.id, (SELECT c.code FROM {_t(Country)} c WHERE c.id = l.country_id), "
                   f"(SELECT c.name_ar FROM {_t(Country)} c WHERE c.id = l.country_id)",
                   f"FROM {_t(EventCountry)} l WHERE l.event_id = {event}"),
        _json_rows("a.id, a.url, a.title, a.source_name, a.published",
                   f"FROM {_t(articles)} m JOIN {_t(Article)} a ON a.id = m.article_id WHERE m.event_id = {event}"),
        f"(SELECT COUNT(*) FROM {_t(Figure)} f WHERE f.event_id = {event})",
    ]
    # Concatenated as text: each part is valid JSON already, so nothing is parsed or re-serialized in SQL (and a
    # subquery's JSON subtype, which SQLite versions keep or drop, does not matter).
    cast = "::text" if connection.vendor == "postgresql" else ""
    return "'[' || " + " || ',' || ".join(f"{p}{cast}" for p in parts) + " || ']'"


def _related(text) -> tuple[list, list, list, list, int]:
    """The lists of one row, each in link order (SQLite 3.40 has no ORDER BY inside an aggregate)."""
    orgs, persons, countries, sources, figure_count = json.loads(text) if isinstance(text, str) else text
    for rows in (orgs, persons, countries, sources):
        if len(rows) > 1:
            rows.sort(key=_first)
    return orgs, persons, countries, sources, figure_count


def _first(row):
    return row[0]


def _iso(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


class _Urls:
    """An event's absolute URL without reverse() per row: the pattern is reversed once, the slug quoted."""

    def __init__(self, base_url: str):
        marker = "__marsad_slug__"
        self.head, _, self.tail = (base_url + reverse("events:event", args=[marker])).partition(marker)

    def event(self, slug: str) -> str:
        # Quoted word by word (quoting is character by character, and "-" stays itself): the words of titles repeat
        # from slug to slug, so most are quoted once an export (8 -> 1.4 µs a row on 10,000 Arabic slugs).
        return self.head + "-".join(map(_quoted_word, slug.split("-"))) + self.tail


@functools.lru_cache(maxsize=20_000)
def _quoted_word(word: str) -> str:
    # As reverse() quotes a path argument: slugs are letters, digits, - and _, so only non-ASCII runs are
    # percent-encoded (one call per run: urllib's quote() per character was a fifth of the CSV export's time).
    if word.isascii() or max(word) >= "\u0800" or _UNSAFE_ASCII.search(word):
        return quote(word, safe=_SAFE)
    return word.translate(_PERCENT_2_BYTES)


_SAFE = "!$&'()*+,;=/~:@-._"
# An ASCII character quote() would percent-encode (a space, a quote, %): translate() would leave it as it is.
_UNSAFE_ASCII = re.compile("[^A-Za-z0-9" + re.escape(_SAFE) + "\u0080-\U0010ffff]")


# U+0080–U+07FF (Arabic among them) → its two UTF-8 bytes percent-encoded: one str.translate a slug.
_PERCENT_2_BYTES = {c: "".join(f"%{b:02X}" for b in chr(c).encode("utf-8")) for c in range(0x80, 0x800)}


def _streamed(rows, read=None) -> Iterator[tuple]:
    """Iterate a values_list queryset in chunks, with PostgreSQL's parallel workers off meanwhile."""
    read = read or (lambda qs: qs.iterator(chunk_size=CHUNK))
    with _serial():
        yield from read(rows)


@contextlib.contextmanager
def _serial():
    """PostgreSQL's parallel workers off for one export (a no-op elsewhere).

    Parallel workers only scan the events (the subqueries run in the leader after the gather): 470 ms with them,
    310 ms without. (JIT is off for every connection, catalogue/settings.py: the correlated subqueries made the plan
    look expensive, and compiling took longer than running, about 2.5 s against 0.7 s on 10,000 rows.)
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        if connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET max_parallel_workers_per_gather")


def _raw_rows(rows) -> Iterator[tuple]:
    """Iterate a values_list queryset as the database returns its rows, without Django's per-value converters
    (dates stay ISO strings on SQLite, the export wants those).

    On PostgreSQL the rows are streamed (libpq's chunked rows mode, psycopg's Cursor.stream): the server sends
    rows as it computes them while Python writes the ones it has, so the two run at once on two cores. A
    server-side cursor (Django's iterator) waits for each FETCH in turn: the server idles while Python works and
    Python while the server works (10,000 rows: about 410 ms of server time plus 430 ms of Python, one after the
    other). Memory stays bounded: libpq holds one chunk, and the socket's backpressure pauses the server.
    """
    if connection.vendor != "postgresql":
        compiler = rows.query.get_compiler(using=rows.db)
        for chunk in compiler.execute_sql(MULTI, chunked_fetch=connection.features.can_use_chunked_reads,
                                          chunk_size=CHUNK):
            yield from chunk
        return
    sql, params = rows if isinstance(rows, tuple) else rows.query.get_compiler(using=rows.db).as_sql()
    with connection.cursor() as cursor, _logged(cursor, sql, params):
        yield from cursor.cursor.stream(sql, params, size=STREAM_CHUNK)


@contextlib.contextmanager
def _logged(cursor, sql: str, params):
    """Around a statement sent on the psycopg cursor itself (stream(), copy()), which Django's execute() wrapper
    does not see: logged as Django logs an execute() (debug toolbar, CaptureQueriesContext), with Django's errors."""
    logged = cursor.debug_sql(sql, params) if hasattr(cursor, "debug_sql") else contextlib.nullcontext()
    with logged, connection.wrap_database_errors:
        yield


def _event_tuples(queryset):
    """The one query of an event export: the event's columns, then its related rows as one JSON text."""
    if connection.vendor == "postgresql":
        fenced = _sorted_then_related(queryset.values_list(*_EVENT_FIELDS))
        if fenced is not None:
            return _streamed(fenced, _raw_rows)
    related = RawSQL(_related_sql(f'{_t(Event)}."id"'), [])
    return _streamed(queryset.annotate(x_related=related).values_list(*_EVENT_FIELDS, "x_related"), _raw_rows)


_POSITIONAL_ORDER = re.compile(r" ORDER BY ((?:\d+ (?:ASC|DESC)(?: NULLS (?:FIRST|LAST))?(?:, )?)+)$")


def _sorted_then_related(rows) -> tuple[str, tuple] | None:
    """(sql, params) that sorts the events first and computes their related rows after, row by row.

    With the subqueries in the sorted query itself, PostgreSQL computes them for every row before its sort
    (which then spills their JSON to disk), so nothing reaches the client until the whole export is computed.
    Behind a fence (OFFSET 0) the events are sorted alone and the subqueries run on the sorted rows as they
    stream out: the outer ORDER BY names the same output positions, so the planner sees the rows already in
    order and sorts nothing again. None when the ordering is not by output positions (a relevance rank).
    """
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    order = _POSITIONAL_ORDER.search(sql)
    if order is None:
        return None
    related = _related_sql('q."id"')
    return f"SELECT q.*, {related} FROM ({sql} OFFSET 0) q ORDER BY {order.group(1)}", tuple(params)


def _role_order(row) -> int:
    return _ROLE_ORDER.get(row[6], 99)


_ROLE_ORDER = {role: i for i, role in enumerate(_ROLES)}


def event_rows(queryset, base_url: str) -> Iterator[dict]:
    """Yield each event of queryset (in its order) as the JSON API record, plus "figure_count", from one query."""
    urls = _Urls(base_url)
    for (pk, slug, title, kind, start, end, precision, summary, participants, edition, venue, place_id, place_ar,
         place_fr, place_kind, lat, lon, region_id, region_ar, region_fr, c_code, c_ar, c_fr, c_en,
         related) in _event_tuples(queryset):
        orgs, persons, countries, sources, figure_count = _related(related)
        if place_kind == "region":
            region_id, region_ar, region_fr = place_id, place_ar, place_fr
        yield {
            "id": pk,
            "slug": slug,
            "url": urls.event(slug),
            "title": title,
            "kind": kind,
            "date": {"start": _iso(start), "end": _iso(end), "precision": precision},
            "place": None if place_id is None else {
                "id": place_id, "name": place_ar, "name_fr": place_fr, "kind": place_kind,
                "latitude": lat, "longitude": lon,
            },
            "region": None if region_id is None else {"id": region_id, "name": region_ar, "name_fr": region_fr},
            "venue": venue,
            "edition": edition,
            "country": None if c_code is None else {"code": c_code, "name": c_ar, "name_fr": c_fr, "name_en": c_en},
            "organizations": [{"id": o[1], "name": o[2], "name_latin": o[3], "acronym": o[4], "kind": o[5],
                               "role": o[6]} for o in sorted(orgs, key=_role_order)],
            "persons": [{"id": p[1], "name": p[2], "name_latin": p[3], "role": p[4], "organization": p[5]}
                        for p in persons],
            "countries": [{"code": c[1], "name": c[2]} for c in countries],
            "summary": summary,
            "participant_count": participants,
            "sources": [{"url": s[1], "title": s[2], "source": s[3], "published": _iso(s[4])}
                        for s in sources],
            "figure_count": figure_count,
        }


def _csv_rows(queryset, base_url: str) -> Iterator[list]:
    """The CSV cells of each event, straight from the query's tuples (no record dict in between)."""
    urls = _Urls(base_url)
    for (pk, slug, title, kind, start, end, precision, summary, participants, edition, venue, _place_id, place_ar,
         place_fr, place_kind, lat, lon, _region_id, region_ar, region_fr, c_code, c_ar, _c_fr, _c_en,
         related) in _event_tuples(queryset):
        orgs, persons, countries, sources, figure_count = _related(related)
        if place_kind == "region":
            region_ar, region_fr = place_ar, place_fr
        by_role = {}
        for o in orgs:
            by_role.setdefault(o[6], []).append(o[2])
        source_rows = sources
        published = [_iso(r[4]) for r in source_rows if r[4]]
        yield [
            pk, slug, urls.event(slug), title, kind, _iso(start) or "", _iso(end) or "", precision, summary,
            "" if participants is None else participants, "" if edition is None else edition, venue,
            place_ar or "", place_fr or "", place_kind or "", "" if lat is None else lat, "" if lon is None else lon,
            region_ar or "", region_fr or "", c_code or "", c_ar or "",
            *(" | ".join(by_role.get(role, ())) for role in export_copy.CSV_ROLE_ORDER),
            " | ".join(f"{p[2]} ({p[4]})" if p[4] else p[2] for p in persons),
            " | ".join(c[1] for c in countries),
            " | ".join(r[1] for r in source_rows if r[1]),
            " | ".join(r[2] for r in source_rows if r[2]),
            min(published) if published else "",
            figure_count,
        ]


# A cell a spreadsheet would run as a formula gets a leading apostrophe (export_copy.FORMULA_START says why).
_FORMULA_START = export_copy.FORMULA_START


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


_FORMULA_FIRST = frozenset(_FORMULA_START)


def _csv(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """Yield CSV text in pieces of CHUNK rows, starting with a byte-order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header)
    yield "\ufeff" + buffer.getvalue()
    batch = []
    for row in rows:
        batch.append(_csv_line(row))
        if len(batch) >= CHUNK:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _csv_line(row: list) -> str:
    """One CSV line, the bytes csv.writer (excel dialect, QUOTE_MINIMAL) writes, with formula cells made inert.

    Joined by hand: most rows have no cell to quote, and one str.join and a count of its commas tell so for the
    whole row; csv.writer looked at every character of every cell (a third of the CSV export's Python time).
    """
    # Most cells are plain: test the first character once, call _inert only for the few that may need it.
    cells = [(_inert(v) if v[:1] in _FORMULA_FIRST else v) if v.__class__ is str else "" if v is None else str(v)
             for v in row]
    line = ",".join(cells)
    if line.count(",") != len(cells) - 1 or '"' in line or "\n" in line or "\r" in line:
        line = ",".join([_csv_quoted(c) for c in cells])
    return line + "\r\n"


def _csv_quoted(cell: str) -> str:
    # QUOTE_MINIMAL: a cell with the delimiter, the quote or a line break is quoted, its quotes doubled.
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_lines(queryset, base_url: str) -> Iterator[str | bytes]:
    """Yield the events CSV export: written by PostgreSQL's COPY where the events are sorted by columns, else by
    Python from the one JSON-carrying query (SQLite, and a search sorted by relevance)."""
    if connection.vendor == "postgresql":
        sql, params = queryset.values_list(*_EVENT_FIELDS).query.get_compiler(using=queryset.db).as_sql()
        order = _POSITIONAL_ORDER.search(sql)
        if order is not None:
            return _copied_csv(queryset, order.group(1), base_url)
    return _csv(CSV_COLUMNS, _csv_rows(queryset, base_url))


def _copied_csv(queryset, order: str, base_url: str) -> Iterator[bytes]:
    """The CSV of a COPY whose rows start with the raw slug: each becomes the row's URL in the third column.

    PostgreSQL sends one row per message (the protocol says so for COPY TO), ending in a bare line feed; the CSV
    lines end in CR LF as csv.writer's do (line breaks inside quoted cells stay as they are). An export of more than
    one slice of rows is copied by two sessions at once (events/export_lanes.py), in the same order and bytes.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    urls = _Urls(base_url)

    def stream(rows) -> Iterator[bytes]:
        events_sql, params = rows.values_list(*_EVENT_FIELDS).query.get_compiler(using=rows.db).as_sql()
        sql = export_copy.copy_sql(events_sql, order)
        with connection.cursor() as cursor, _logged(cursor, sql, params), cursor.cursor.copy(sql, params) as copy:
            batch = []
            for block in copy:
                batch.append(_with_url(bytes(block), urls))
                if len(batch) >= CHUNK:
                    yield b"".join(batch)
                    batch = []
            if batch:
                yield b"".join(batch)

    with _serial():
        if not (export_lanes.usable() and export_lanes.more_than_one_slice(queryset)):
            yield from stream(queryset)
            return
        with export_lanes.helper_slot() as helped:
            if not helped:  # another large export of this process has the helper
                yield from stream(queryset)
                return
            with export_lanes.shared_snapshot() as snapshot:
                ids = list(queryset.values_list("pk", flat=True))
                parts = [queryset.filter(pk__any_of=p) for p in export_lanes.slices(ids, export_lanes.lane_rows())]
                if len(parts) < 2:  # the events went meanwhile
                    yield from stream(queryset)
                    return

                def collect(rows) -> list[bytes]:  # in the helper thread, on its own connection
                    with _serial():
                        return list(stream(rows))

                yield from export_lanes.interleaved(parts, stream, collect, snapshot)


def _with_url(row: bytes, urls: _Urls) -> bytes:
    """raw slug, id, slug cell, rest + LF → id, slug cell, URL, rest + CR LF."""
    if not row.startswith(b'"'):  # a slug is letters, digits, - and _: never quoted, so no comma before its end
        slug, pk, cell, rest = row.split(b",", 3)
        return b",".join((pk, cell, _csv_line([urls.event(slug.decode("utf-8"))]).encode("utf-8")[:-2], rest[:-1])) \
            + b"\r\n"
    # A slug written by hand with a comma or a quote: parse the row (COPY quotes as csv.writer does) and rewrite it.
    slug, pk, cell, *rest = next(csv.reader(io.StringIO(row.decode("utf-8"), newline="")))
    return (",".join([pk, _csv_quoted(cell), _csv_line([urls.event(slug)])[:-2], *map(_csv_quoted, rest)])
            + "\r\n").encode("utf-8")


def _json_document(head: dict, key: str, records: Iterable[dict]) -> Iterator[str]:
    """Yield {**head, "generated": ..., key: [...]} piece by piece."""
    generated = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    opening = json.dumps({**head, "generated": generated}, ensure_ascii=False)[:-1]
    yield opening + f', "{key}": ['
    dumps = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    batch, first = [], True
    for record in records:
        batch.append(("\n" if first else ",\n") + dumps(record))
        first = False
        if len(batch) >= CHUNK:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n]}\n"


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def json_chunks(queryset, base_url: str, *, query: dict) -> Iterator[str]:
    """Yield {"query": ..., "generated": ..., "events": [...]}."""
    return _json_document({"query": query}, "events", event_rows(queryset, base_url))


# -- figures -------------------------------------------------------------------------------------------------------

_FIGURE_FIELDS = ("id", "value", "unit", "about", "quantity", "year", "horizon", "event_id", "event__title",
                  "event__slug", "article__title", "article__url", "article__published", "sentence")


def figure_rows(queryset, base_url: str) -> Iterator[dict]:
    """Yield each figure of queryset as a JSON record (one query, no model objects)."""
    urls = _Urls(base_url)
    for (pk, value, unit, about, key, year, horizon, event_id, event_title, event_slug, article_title, article_url,
         published, sentence) in _streamed(queryset.values_list(*_FIGURE_FIELDS)):
        number = int(value) if value == value.to_integral_value() else float(value)
        yield {
            "id": pk, "value": number, "unit": unit, "unit_with_value": counted_unit(number, unit), "about": about,
            "comparison_key": key, "year": year, "horizon": horizon,
            "event": None if event_id is None else {"id": event_id, "title": event_title,
                                                     "url": urls.event(event_slug)},
            "source": {"title": article_title, "url": article_url, "published": _iso(published)},
            "sentence": sentence,
        }


def _figure_cells(r: dict) -> list:
    event, source = r["event"] or {}, r["source"]
    return [r["id"], r["value"], r["unit"], r["unit_with_value"], r["about"], r["comparison_key"],
            r["year"] or "", r["horizon"] or "", event.get("id", ""), event.get("title", ""), event.get("url", ""),
            source["title"] or "", source["url"] or "", source["published"] or "", r["sentence"]]


def figure_csv_lines(queryset, base_url: str) -> Iterator[str]:
    return _csv(FIGURE_CSV_COLUMNS, (_figure_cells(r) for r in figure_rows(queryset, base_url)))


def figure_json_chunks(queryset, base_url: str, *, query: dict) -> Iterator[str]:
    return _json_document({"query": query}, "figures", figure_rows(queryset, base_url))


# -- file names ----------------------------------------------------------------------------------------------------

def _slug_of(value) -> str:
    """A Latin slug for a filter value: a place's French name, an actor's acronym or Latin name, else its id."""
    if isinstance(value, Country):
        return value.code.lower()
    for attr in ("name_fr", "acronym", "name_latin"):
        slug = slugify(getattr(value, attr, "") or "")
        if slug:
            return slug[:40]
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(int(value))
    return slugify(str(value))[:40]


def export_filename(what: str, filterset, extension: str, today: datetime.date | None = None) -> str:
    """marsad-events-city-agadir-2026-12-06.csv: what is exported, each filter in force, and the day of export.

    A search is named "search" plus its Latin words if any (Arabic words would need an RFC 5987 file name).
    """
    parts = ["marsad", what]
    if filterset.is_bound and filterset.is_valid():
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", []) or name in ("sort", "page"):
                continue
            if name == "q":
                parts += ["search", *filter(None, [slugify(value)[:40]])]
                continue
            parts += [name.replace("_", "-"), _slug_of(value)]
    parts.append((today or datetime.date.today()).isoformat())
    return "-".join(p for p in parts if p)[:180] + "." + extension


# -- iCalendar -----------------------------------------------------------------------------------------------------

def _ics_escape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> Iterable[str]:
    """Yield a content line folded at 75 octets as RFC 5545 asks (never inside a UTF-8 sequence)."""
    data = line.encode("utf-8")
    first = True
    while data:
        limit = 75 if first else 74
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        yield ("" if first else " ") + data[:cut].decode("utf-8") + "\r\n"
        data = data[cut:]
        first = False


ICS_UID_DOMAIN = "marsad"  # UIDs are event-<id>@marsad on every host, so a calendar re-import updates, not doubles


def ics_lines(queryset, base_url: str) -> Iterator[str]:
    """Yield an iCalendar file with one all-day VEVENT per event dated to the day (one query)."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    urls = _Urls(base_url)
    yield from _ics_fold("BEGIN:VCALENDAR")
    yield from _ics_fold("VERSION:2.0")
    yield from _ics_fold("PRODID:-//Marsad//SSE events catalogue//AR")
    yield from _ics_fold("CALSCALE:GREGORIAN")
    dated = queryset.filter(start_date__isnull=False, date_precision="day").values_list(
        "id", "slug", "title", "summary", "start_date", "end_date", "venue", "place__name_ar", "country__name_ar")
    for pk, slug, title, summary, start, end, venue, place, country in dated.iterator(chunk_size=CHUNK):
        url = urls.event(slug)
        end = (end or start) + datetime.timedelta(days=1)  # DTEND is exclusive
        where = ", ".join(x for x in [venue, place or "", country or ""] if x)
        description = "\n\n".join(x for x in [summary, url] if x)
        for line in [
            "BEGIN:VEVENT",
            f"UID:event-{pk}@{ICS_UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_escape(title)}",
            f"DESCRIPTION:{_ics_escape(description)}",
            f"LOCATION:{_ics_escape(where)}" if where else "",
            f"URL:{url}",
            "END:VEVENT",
        ]:
            if line:
                yield from _ics_fold(line)
    yield from _ics_fold("END:VCALENDAR")
