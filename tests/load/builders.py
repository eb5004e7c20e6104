"""Hand-built extraction results, for service tests that must not depend on what the extractor finds today."""
from events.extract import types as x


def span(text: str, needle: str) -> x.Span:
    start = text.index(needle)
    return x.Span(start, start + len(needle), needle)


def sentences(text: str) -> list[x.Sentence]:
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        out.append(x.Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def sentence_of(text: str, needle: str) -> int:
    pos = text.index(needle)
    return next(s.index for s in sentences(text) if s.start <= pos <= s.end)


def org(text: str, name: str, *, kind: str = "other", acronym: str | None = None, aliases=()) -> x.Organization:
    return x.Organization(name=name, span=span(text, name), sentence=sentence_of(text, name), kind=kind,
                          acronym=acronym, aliases=list(aliases))


def person(text: str, name: str, *, role: str | None = None, organization: str | None = None, aliases=()) -> x.Person:
    return x.Person(name=name, role=role, span=span(text, name), sentence=sentence_of(text, name),
                    organization=organization, aliases=list(aliases))


def figure(text: str, written: str, value: float, unit: str, about: str | None = None) -> x.Figure:
    return x.Figure(value=value, unit=unit, about=about, span=span(text, written), sentence=sentence_of(text, written))


def event(title: str, *, kind: str = "forum", start=(2023, 2, 6), end=None, city: str | None = "الناظور",
          country: str | None = "MA", organizers=()) -> x.Event:
    return x.Event(title=title, kind=kind, start=x.PartialDate(*start) if start else None,
                   end=x.PartialDate(*end) if end else None, city=city, country=country, organizers=list(organizers),
                   sentence=0)


def extraction(text: str, *, title: str | None = None, event: x.Event | None = None, orgs=(), persons=(),
               countries=(), figures=(), published=(2023, 2, 7)) -> x.Extraction:
    return x.Extraction(
        text=text, title=title, published=x.PartialDate(*published) if published else None,
        sentences=sentences(text), event=event, organizations=list(orgs), persons=list(persons),
        countries=[x.CountryMention(code, span(text, needle), sentence_of(text, needle)) for code, needle in countries],
        places=[], figures=list(figures), dates=[],
    )
