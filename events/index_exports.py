"""CSV and JSON of an index page (organizations, persons, places): the same rows and order as the page, all pages."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from django.db.models import QuerySet

from events.exports import _csv

COLUMNS = ("id", "name", "name_latin", "kind", "event_count", "first_event", "last_event", "url")
CHUNK = 2000


def rows(records: QuerySet, base_url: str) -> Iterator[dict]:
    for record in records.iterator(chunk_size=CHUNK):
        yield {
            "id": record.pk,
            "name": getattr(record, "name", None) or record.name_ar,
            "name_latin": getattr(record, "name_latin", None) or getattr(record, "name_fr", "") or "",
            "kind": getattr(record, "kind", "") or "",
            "event_count": record.event_count,
            "first_event": record.first_event.isoformat() if isinstance(record.first_event, date) else None,
            "last_event": record.last_event.isoformat() if isinstance(record.last_event, date) else None,
            "url": base_url + record.get_absolute_url(),
        }


def csv_lines(records: QuerySet, base_url: str) -> Iterator[str]:
    """The CSV through the catalogue's one CSV writer (byte-order mark, chunks, cells that a spreadsheet would run
    as a formula made inert: names come from scraped articles)."""
    return _csv(list(COLUMNS), (["" if v is None else v for v in row.values()] for row in rows(records, base_url)))


def json_chunks(records: QuerySet, base_url: str, *, index: str, query: dict) -> Iterator[str]:
    yield json.dumps({"index": index, "query": query}, ensure_ascii=False)[:-1] + ', "results": ['
    for i, row in enumerate(rows(records, base_url)):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"
