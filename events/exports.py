"""Streamed exports of a whole filtered event list: CSV (UTF-8 with BOM), JSON (the read-only API) and iCalendar.

Rows are read with iterator(chunk_size=...) and prefetching per chunk, so memory and query count stay bounded
whatever the size of the catalogue; the response starts before the last row is read.
"""
from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from events.models import Article, EventOrganization, EventPerson

CHUNK = 500
CSV_COLUMNS = [
    "id", "slug", "url", "title", "kind", "start_date", "end_date", "date_precision", "venue", "place", "place_fr",
    "region", "country_code", "country", "organizers", "other_organizations", "persons", "countries_taking_part",
    "source_urls",
]


_ORG_FIELDS = ("name", "name_latin", "acronym", "kind")


def export_queryset(queryset):
    """Return queryset with everything an exported row prints, prefetched per chunk."""
    return queryset.with_related().defer("search_text", "search_vector").prefetch_related(
        Prefetch("organization_links",
                 queryset=EventOrganization.objects.select_related("organization").order_by("role", "id")
                 .only("event_id", "role", *(f"organization__{f}" for f in _ORG_FIELDS))),
        Prefetch("person_links", queryset=EventPerson.objects.select_related("person", "organization").order_by("id")
                 .only("event_id", "role", "person__name", "person__name_latin", "organization__name")),
        "country_links__country",
        # Only what a row prints: article bodies are kilobytes each and would dominate the export.
        Prefetch("articles", queryset=Article.objects.only("id", "url", "title", "source_name", "published")),
    )


def event_record(event, base_url: str) -> dict:
    """Return one event as the JSON API describes it (README, "JSON API")."""
    place = event.place
    region = place if place is not None and place.kind == "region" else (place.region if place else None)
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": base_url + event.get_absolute_url(),
        "title": event.title,
        "kind": event.kind,
        "date": {
            "start": event.start_date.isoformat() if event.start_date else None,
            "end": event.end_date.isoformat() if event.end_date else None,
            "precision": event.date_precision,
        },
        "place": None if place is None else {
            "id": place.pk, "name": place.name_ar, "name_fr": place.name_fr, "kind": place.kind,
            "latitude": place.latitude, "longitude": place.longitude,
        },
        "region": None if region is None else {"id": region.pk, "name": region.name_ar, "name_fr": region.name_fr},
        "venue": event.venue,
        "country": None if event.country is None else {"code": event.country.code, "name": event.country.name_ar,
                                                       "name_fr": event.country.name_fr,
                                                       "name_en": event.country.name_en},
        "organizations": [
            {"id": link.organization_id, "name": link.organization.name, "name_latin": link.organization.name_latin,
             "acronym": link.organization.acronym, "kind": link.organization.kind, "role": link.role}
            for link in event.organization_links.all()
        ],
        "persons": [
            {"id": link.person_id, "name": link.person.name, "name_latin": link.person.name_latin, "role": link.role,
             "organization": link.organization.name if link.organization else None}
            for link in event.person_links.all()
        ],
        "countries": [{"code": link.country.code, "name": link.country.name_ar} for link in event.country_links.all()],
        "summary": event.summary,
        "participant_count": event.participant_count,
        "sources": [
            {"url": a.url, "title": a.title, "source": a.source_name,
             "published": a.published.isoformat() if a.published else None}
            for a in event.articles.all()
        ],
    }


# A cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM…): titles and names come from
# scraped articles, so such cells get a leading apostrophe (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _csv_row(record: dict) -> list:
    return [_inert(value) for value in _csv_cells(record)]


def _csv_cells(record: dict) -> list:
    orgs = record["organizations"]
    return [
        record["id"], record["slug"], record["url"], record["title"], record["kind"], record["date"]["start"] or "",
        record["date"]["end"] or "", record["date"]["precision"], record["venue"],
        (record["place"] or {}).get("name", ""), (record["place"] or {}).get("name_fr", ""),
        (record["region"] or {}).get("name", ""), (record["country"] or {}).get("code", ""),
        (record["country"] or {}).get("name", ""),
        " | ".join(o["name"] for o in orgs if o["role"] == "organizer"),
        " | ".join(f'{o["name"]} ({o["role"]})' for o in orgs if o["role"] != "organizer"),
        " | ".join(f'{p["name"]} ({p["role"]})' if p["role"] else p["name"] for p in record["persons"]),
        " | ".join(c["code"] for c in record["countries"]),
        " | ".join(s["url"] for s in record["sources"] if s["url"]),
    ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset, base_url: str) -> Iterator[str]:
    """Yield the CSV export line by line, starting with a byte-order mark so spreadsheets read Arabic as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for event in export_queryset(queryset).iterator(chunk_size=CHUNK):
        yield writer.writerow(_csv_row(event_record(event, base_url)))


def json_chunks(queryset, base_url: str, *, query: dict) -> Iterator[str]:
    """Yield {"query": ..., "generated": ..., "events": [...]} piece by piece."""
    generated = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    yield '{"query": ' + json.dumps(query, ensure_ascii=False) + ', "generated": "' + generated + '", "events": ['
    first = True
    for event in export_queryset(queryset).iterator(chunk_size=CHUNK):
        yield ("" if first else ",") + "\n" + json.dumps(event_record(event, base_url), ensure_ascii=False)
        first = False
    yield "\n]}\n"


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


def ics_lines(queryset, base_url: str, host: str) -> Iterator[str]:
    """Yield an iCalendar file with one all-day VEVENT per event dated to the day."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    yield from _ics_fold("BEGIN:VCALENDAR")
    yield from _ics_fold("VERSION:2.0")
    yield from _ics_fold("PRODID:-//Marsad//SSE events catalogue//AR")
    yield from _ics_fold("CALSCALE:GREGORIAN")
    dated = (queryset.filter(start_date__isnull=False, date_precision="day").select_related("place", "country")
             .defer("search_text", "search_vector"))
    for event in dated.iterator(chunk_size=CHUNK):
        end = (event.end_date or event.start_date) + datetime.timedelta(days=1)  # DTEND is exclusive
        where = ", ".join(x for x in [event.venue, event.place.name_ar if event.place else "",
                                      event.country.name_ar if event.country else ""] if x)
        for line in [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.start_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_escape(event.title)}",
            f"LOCATION:{_ics_escape(where)}" if where else "",
            f"URL:{base_url}{event.get_absolute_url()}",
            "END:VEVENT",
        ]:
            if line:
                yield from _ics_fold(line)
    yield from _ics_fold("END:VCALENDAR")
