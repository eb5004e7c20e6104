"""Plain data passed between extraction stages. Every item keeps the span it came from."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the cleaned article text: text[start:end]."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date at the precision the text supports: month/day may be None; year None means unknown."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.year is None:
            return "unknown"
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def iso(self) -> str | None:
        """Return YYYY-MM-DD, YYYY-MM or YYYY (the schema's format), or None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or date range found in the text. end is None for a single day."""

    span: Span
    start: PartialDate
    end: PartialDate | None = None
    relative: bool = False  # resolved from أمس/اليوم/غدا/a weekday against the publication date
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str
    about: str | None
    span: Span
    sentence: int
    confidence: float = 1.0
    subject: str = ""  # what is measured, without its place (figure_about.py)
    scope: str = ""  # the place the figure is about, or ""
    year: int | None = None  # the year the sentence ties the figure to
    horizon: int | None = None  # the target year of a goal ("بحلول 2035")


@dataclass(frozen=True, slots=True)
class CountryMention:
    code: str  # ISO 3166-1 alpha-2
    span: Span
    sentence: int
    via: str = "name"  # name | nisba | alias
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    name: str  # canonical Arabic name, no prefix
    kind: str  # city | region | province | commune
    country: str  # ISO alpha-2
    span: Span
    sentence: int
    confidence: float = 1.0


@dataclass(slots=True)
class Organization:
    name: str  # as written, without a leading ب/ل/و
    span: Span
    sentence: int
    kind: str = "other"
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class Person:
    name: str  # without honorifics
    role: str | None
    span: Span
    sentence: int
    organization: str | None = None  # name of the organization named in the role, if any
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class Event:
    title: str
    kind: str  # summit forum conference meeting workshop fair award training other
    start: PartialDate | None
    end: PartialDate | None
    city: str | None
    country: str | None
    venue: str | None = None
    edition: int | None = None
    span: Span | None = None
    sentence: int | None = None
    organizers: list[str] = field(default_factory=list)  # organization names
    confidence: float = 1.0
    # Per-field confidence (0..1) and a short human-readable reason, keyed by field name:
    # "title", "kind", "date", "place" (city/country/venue). The review queue reads these; a missing key
    # means the stage gave no confidence for that field (treat as the event's overall confidence).
    field_confidence: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    text: str  # the cleaned text every span points into
    title: str | None
    published: PartialDate | None
    sentences: list[Sentence]
    event: Event | None
    organizations: list[Organization]
    persons: list[Person]
    countries: list[CountryMention]
    places: list[PlaceMention]
    figures: list[Figure]
    dates: list[DateMention]
