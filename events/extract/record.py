"""Turn an Extraction into the JSON record of /work/shared/eval/SCHEMA.md (what `manage.py extract` prints)."""
from __future__ import annotations

from .types import Extraction, Figure, PartialDate


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date is not None else None


def _value(figure: Figure) -> int | float:
    return int(figure.value) if float(figure.value).is_integer() else figure.value


def to_record(extraction: Extraction, article_id: str) -> dict:
    """Return the schema record of one article: published, event, organizations, persons, countries, figures."""
    event = extraction.event
    # Only the countries the text names (SCHEMA.md): the event's own country is event.country, not one of them.
    codes = {c.code for c in extraction.countries}
    return {
        "article": article_id,
        "published": _iso(extraction.published),
        "event": None if event is None else {
            "title": event.title,
            "kind": event.kind,
            "start": _iso(event.start),
            "end": _iso(event.end),
            "city": event.city,
            "country": event.country,
        },
        "organizations": [
            {"name": o.name, "aliases": list(o.aliases)} if o.aliases else o.name for o in extraction.organizations
        ],
        "persons": [
            {"name": p.name, "role": p.role, **({"aliases": list(p.aliases)} if p.aliases else {})}
            for p in extraction.persons
        ],
        "countries": sorted(codes),
        "figures": [
            {"value": _value(f), "unit": f.unit, **({"about": f.about} if f.about else {})}
            for f in extraction.figures
        ],
    }
