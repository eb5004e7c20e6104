"""Where each fact on an event page comes from: the sentence and article of every link, date and place.

The event page highlights the source sentences in each article's text; every fact links to its sentence there
(an anchor per sentence), or says that a curator set it. Date and place come from the articles' reports
(EventReport); when articles disagree, every value is shown with its own source.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from events.curation import reports_of
from events.models import Event, EventReport


@dataclass
class Source:
    anchor: str
    article_title: str


@dataclass
class Value:
    """A value of a field as the sources give it, with the anchors of the sentences that say so."""

    value: object
    sources: list[Source] = field(default_factory=list)


@dataclass
class Provenance:
    anchors: dict[int, dict[str, str]]  # {article id: {sentence: anchor id}}
    date: list[Value]  # the event's own value first, then values other articles give
    place: list[Value]
    date_by_curator: bool = False
    place_by_curator: bool = False

    def sentences(self, article_id: int) -> dict[str, str]:
        return self.anchors.get(article_id, {})


def _anchor_map(event: Event, links, reports: list[EventReport]) -> dict[int, dict[str, str]]:
    by_article: dict[int, set[str]] = {}
    for item in itertools.chain(links, reports):
        if item.article_id and item.sentence and item.sentence.strip():
            by_article.setdefault(item.article_id, set()).add(item.sentence.strip())
    return {article_id: {s: f"src-{article_id}-{i}" for i, s in enumerate(sorted(sentences))}
            for article_id, sentences in by_article.items()}


def _values(own, reports, value_of, anchors) -> tuple[list[Value], bool]:
    """The event's value with the reports that give it, then the other values reports give; and whether no report
    gives the event's value (a curator set it)."""
    by_value: dict[object, Value] = {}
    for r in reports:
        v = value_of(r)
        if v is None:
            continue
        entry = by_value.setdefault(v, Value(v))
        anchor = anchors.get(r.article_id, {}).get((r.sentence or "").strip())
        if anchor:
            entry.sources.append(Source(anchor, r.article.title if r.article_id else ""))
    out = []
    if own is not None:
        out.append(by_value.pop(own, Value(own)))
    out += list(by_value.values())
    by_curator = own is not None and not out[0].sources and not any(value_of(r) == own for r in reports)
    return out, by_curator


def event_provenance(event: Event, links) -> Provenance:
    """Give each link (organization, person, country, figure) an anchor attribute, and the date/place sources."""
    links = list(links)
    reports = reports_of(event)
    anchors = _anchor_map(event, links, reports)
    for link in links:
        link.anchor = anchors.get(link.article_id, {}).get((link.sentence or "").strip(), "")
    date, date_by_curator = _values(event.start_date, reports, lambda r: r.start_date, anchors)
    place, place_by_curator = _values(event.place_id, reports, lambda r: r.place_id, anchors)
    places = {r.place_id: r.place for r in reports if r.place_id}
    if event.place_id:
        places[event.place_id] = event.place
    for v in place:
        v.value = places.get(v.value, v.value)
    return Provenance(anchors, date, place, date_by_curator=date_by_curator and event.curated,
                      place_by_curator=place_by_curator and event.curated)


def highlight_with_anchors(text: str, anchors: dict[str, str]) -> str:
    """Return text escaped, each source sentence in <mark>, its first occurrence with the sentence's anchor id."""
    escaped = escape(text or "")
    by_escaped = {escape(s): a for s, a in anchors.items() if s}
    if not by_escaped:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(by_escaped, key=len, reverse=True)))
    seen: set[str] = set()

    def mark(m):
        anchor = by_escaped[m.group(0)]
        if anchor in seen:
            return f"<mark>{m.group(0)}</mark>"
        seen.add(anchor)
        return f'<mark id="{anchor}" tabindex="-1">{m.group(0)}</mark>'

    return mark_safe(pattern.sub(mark, escaped))
