"""Compose the extraction stages: raw article text in, one Extraction (every item with its span) out."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clean import clean
from .countries import find_countries
from .dates import find_dates, find_published
from .event import find_event
from .figures import find_figures
from .normalize import fold
from .orgs import find_organizations, head_of, name_key, normalize
from .persons import find_persons, possessive_role
from .places import find_places
from .text import split_sentences, tokenize
from .types import Extraction, Organization, PartialDate, Person, PlaceMention, Span

# Bump when extraction output changes enough that stored articles should be re-extracted (load_articles --update).
EXTRACTOR_VERSION = "s3-1"  # session 3: page chrome, dates across sentences, lists of bodies, figure subjects


@dataclass(frozen=True, slots=True)
class KnownEntities:
    """Names the catalogue already knows (curated rows and their aliases), so curator fixes improve the next load.

    places holds (Arabic name, ISO country code) pairs for towns the gazetteer lacks.
    """

    organizations: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    places: tuple[tuple[str, str], ...] = ()


def extract(raw_text: str, *, published: dt.date | str | PartialDate | None = None, title: str | None = None,
            known: KnownEntities | None = None) -> Extraction:
    """Return everything extracted from one article's raw text.

    published overrides the date the text states (ISO string, date or PartialDate); title overrides the
    headline found by cleaning.
    """
    known = known or KnownEntities()
    cleaned = clean(raw_text)
    text = cleaned.text
    sentences = split_sentences(text)
    pub = _as_partial(published) if published is not None else find_published(text)
    dates = find_dates(text, pub)
    countries = find_countries(text, sentences)
    places = find_places(text, sentences)
    places += _known_places(text, sentences, known.places, places)
    places.sort(key=lambda p: p.span.start)
    tokens = tokenize(text)
    organizations = find_organizations(text, sentences, known.organizations,
                                       places=[p.span for p in places] + [c.span for c in countries], tokens=tokens)
    persons = _outside_organizations(find_persons(text, sentences, known.persons, tokens=tokens), organizations)
    _link_roles(persons, organizations, text)
    figures = find_figures(text, sentences, dates)
    head = title or cleaned.title
    raw_head = raw_text[:cleaned.offsets[0]] if cleaned.offsets else None
    event = find_event(text, head, sentences, dates, places, countries, organizations, persons, pub,
                       raw_head=raw_head, tokens=tokens)
    return Extraction(text=text, title=head, published=pub, sentences=sentences, event=event,
                      organizations=organizations, persons=persons, countries=countries, places=places,
                      figures=figures, dates=dates)


def _as_partial(value: dt.date | str | PartialDate) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    try:
        parts = [int(p) for p in str(value).strip()[:10].split("-")]
    except ValueError:
        parts = []
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"published must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return PartialDate(*parts)


def _known_places(text: str, sentences, rows: Sequence[tuple[str, str]], found: list[PlaceMention]):
    """Return mentions of curator-added towns that the gazetteer does not know."""
    from .countries import sentence_at

    have = {normalize(p.name) for p in found}
    out = []
    for name, country in rows:
        key = normalize(name)
        if not key or key in have:
            continue
        at = text.find(name)
        if at >= 0:
            out.append(PlaceMention(name=name, kind="city", country=country, span=Span(at, at + len(name), name),
                                    sentence=sentence_at(sentences, at), confidence=0.7))
    return out


def _outside_organizations(persons: list[Person], organizations: Sequence[Organization]) -> list[Person]:
    """Drop a 'person' that is only the tail of an organization's name (مؤسسة عبد القادر بنصالح)."""
    org_keys = [normalize(form) for o in organizations for form in (o.name, *o.aliases)]
    out = []
    for p in persons:
        key = normalize(p.name)
        if not p.role and any(k.endswith(" " + key) for k in org_keys):
            continue
        out.append(p)
    return out


# "ووقع الاتفاقية عن الوكالة مديرها العام …": the body a signer speaks for, named by its head noun just before.
_ON_BEHALF = re.compile(r"(?:^|\s)و?(?:عن|باسم|ممثلا\s+عن|ممثلة\s+عن)\s+(ال[^\s،,.]+)\s*[،,]?\s*\S+\s*(?:\S+\s*)?$")


def _on_behalf_of(text: str, title_at: int, organizations: Sequence[Organization]) -> Organization | None:
    """Return the body a "عن الوكالة" right before a possessive title points back to, if the text names it."""
    window = text[max(0, title_at - 60):title_at]
    m = _ON_BEHALF.search(window)
    if not m:
        return None
    head = head_of(fold(m.group(1)))
    if head is None:
        return None
    same = [o for o in organizations if o.span.start < title_at and (h := head_of(fold(o.name.split()[0])))
            and h[0] == head[0]]
    return max(same, key=lambda o: o.span.start) if same else None


def _resolve_role(role: str, organizations: Sequence[Organization], before: int, sentence: int,
                  text: str) -> str:
    """Return the role with a trailing anaphoric body ("المدير العام للمؤسسة") replaced by that body's name.

    The body is the last organization with the same head noun mentioned before the person (else the first).
    """
    words = role.split()
    if not words:
        return role
    earlier = [o for o in organizations if o.span.start < before]
    behalf = _on_behalf_of(text, before, organizations) if earlier else None
    body = behalf or (max(earlier, key=lambda o: o.span.start) if earlier else None)
    spelled = possessive_role(role, body.name) if body is not None else None
    if spelled:
        return spelled  # "مديرها الجهوي" → "المدير الجهوي لمكتب تنمية التعاون"
    if role in ("رئيس", "رئيسة"):
        # Set from "التي ترأسها فلان": the chaired body is the last one named before the person.
        earlier = [o for o in organizations if o.span.start < before and o.sentence == sentence]
        return f"{role} {max(earlier, key=lambda o: o.span.start).name}" if earlier else role
    last = fold(words[-1])
    head = head_of(last)
    if head is None or not head[2] or head[1] not in ("", "ل"):
        return role
    same = [o for o in organizations if (h := head_of(fold(o.name.split()[0]))) and h[0] == head[0]]
    if not same:
        return role
    earlier = [o for o in same if o.span.start < before]
    name = (earlier[-1] if earlier else same[0]).name
    if head[1] == "ل":
        name = "لل" + name[2:] if name.startswith("ال") else "ل" + name
    return " ".join([*words[:-1], name])


def _link_roles(persons: Sequence[Person], organizations: Sequence[Organization], text: str) -> None:
    """Resolve anaphoric bodies in roles and set Person.organization to the body named in the role, if any."""
    for p in persons:
        if not p.role:
            continue
        p.role = _resolve_role(p.role, organizations, p.span.start, p.sentence, text)
        role = " " + name_key(p.role) + " "
        best = None
        for o in organizations:
            for form in (o.name, *o.aliases):
                key = name_key(form)
                found = key and any(f" {c}{key} " in role for c in ("", "ل", "ب", "و"))
                if found and (best is None or len(key) > best[0]):
                    best = (len(key), o.name)
        if best:
            p.organization = best[1]
