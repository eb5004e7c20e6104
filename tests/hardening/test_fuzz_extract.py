"""Property tests: hostile text never crashes an extraction stage, and every span points inside the text."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from events.extract.clean import clean
from events.extract.countries import find_countries
from events.extract.dates import find_dates, find_published
from events.extract.normalize import name_key, normalize, normalize_with_offsets, search_text
from events.extract.numbers import find_numbers
from events.extract.pipeline import extract
from events.extract.places import find_places
from events.extract.record import to_record
from events.extract.text import split_sentences, tokenize
from events.extract.types import PartialDate, Sentence, Span
from tests.hardening.strategies import BIDI, JOINERS, hostile_text, record_problems

# Bounded so the whole file stays within a few seconds per test; deadline off because the first
# call loads the gazetteers.
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])


def spans_in(obj, path="extraction"):
    """Yield (path, span) for every Span or Sentence reachable from obj through dataclasses and lists."""
    if isinstance(obj, Span | Sentence):
        yield path, obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from spans_in(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from spans_in(item, f"{path}[{i}]")


def assert_spans_inside(obj, text: str):
    for path, span in spans_in(obj):
        assert 0 <= span.start <= span.end <= len(text), f"{path}: {span.start}:{span.end} outside 0:{len(text)}"
        assert text[span.start:span.end] == span.text, f"{path}: span text does not match text[{span.start}:{span.end}]"


def assert_partial_date(date: PartialDate | None):
    if date is None or date.year is None:
        return
    iso = date.iso()
    assert record_problems_for_date(iso) == [], iso


def record_problems_for_date(iso: str) -> list[str]:
    record = {"article": "x", "published": iso, "event": None, "organizations": [], "persons": [],
              "countries": [], "figures": []}
    return record_problems(record)


@FUZZ
@given(hostile_text())
@example("\u200f١٢\u200d مارس ٢٠٢٥\u202e 99999999999999999999999 مليار درهم")
@example("ب" * 50_000)
def test_cleaning_and_sentences_never_crash_and_keep_offsets(raw):
    cleaned = clean(raw)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert all(0 <= o < len(raw) for o in cleaned.offsets)
    assert cleaned.offsets == sorted(cleaned.offsets), "offsets go forward through the raw text"
    sentences = split_sentences(cleaned.text)
    assert_spans_inside(sentences, cleaned.text)
    for token in tokenize(cleaned.text):
        assert 0 <= token.start < token.end <= len(cleaned.text)
        assert cleaned.text[token.start:token.end] == token.text


@FUZZ
@given(hostile_text())
def test_normalization_never_crashes_and_maps_every_character(text):
    folded, offsets = normalize_with_offsets(text)
    assert len(offsets) == len(folded)
    assert all(0 <= o < max(len(text), 1) for o in offsets)
    for fn in (normalize, name_key, search_text):
        assert isinstance(fn(text), str)


@FUZZ
@given(hostile_text(), st.none() | st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12),
                                             st.integers(1, 28)))
def test_dates_never_crash_and_are_real_dates(text, published):
    mentions = find_dates(text, published)
    assert_spans_inside(mentions, text)
    for mention in mentions:
        assert_partial_date(mention.start)
        assert_partial_date(mention.end)
    assert_partial_date(find_published(text))


@FUZZ
@given(hostile_text())
@example("99999999999999999999999999999999999999999999999999 مليار مليار درهم")
@example("1" * 5000)
def test_numbers_never_crash_and_are_finite(text):
    for number in find_numbers(text):
        assert 0 <= number.start < number.end <= len(text)
        assert math.isfinite(number.value), f"{text[number.start:number.end][:60]!r}… → {number.value}"


@FUZZ
@given(hostile_text())
@example("في إسبانيا\u200f والسنغال\u200d بمدينة وجدة\u202e وبالرباط")
def test_countries_and_places_never_crash_and_stay_inside_the_text(text):
    sentences = split_sentences(text)
    countries = find_countries(text, sentences)
    places = find_places(text, sentences)
    assert_spans_inside(countries, text)
    assert_spans_inside(places, text)
    assert all(len(c.code) == 2 and c.code.isupper() for c in countries)
    assert all(0 <= m.sentence < max(len(sentences), 1) for m in [*countries, *places])


@pytest.mark.parametrize(
    "record",
    [
        {"article": "a", "published": "2025-02-30", "event": None, "organizations": [], "persons": [],
         "countries": [], "figures": []},
        {"article": "a", "published": None, "event": {"title": "t", "kind": "party", "start": None, "end": None,
                                                       "city": None, "country": None},
         "organizations": [], "persons": [], "countries": [], "figures": []},
        {"article": "a", "published": None, "event": None, "organizations": [""], "persons": [],
         "countries": ["ma"], "figures": [{"value": float("inf"), "unit": "درهم"}]},
        {"article": "a", "published": None, "event": None, "organizations": [], "persons": [{"role": None}],
         "countries": [], "figures": []},
        {"article": "a", "published": None, "event": {"title": "t", "kind": "forum", "start": "2024-07-12",
                                                       "end": "2024-07-10", "city": "", "country": "MAR"},
         "organizations": [], "persons": [], "countries": [], "figures": []},
    ],
)
def test_the_record_validator_rejects_invalid_records(record):
    assert record_problems(record)


def test_the_record_validator_accepts_the_schema_example():
    record = {
        "article": "004_9442f371e9f78eb3", "published": "2025-02-08",
        "event": {"title": "لقاء ترافعي حول النموذج المغربي للاقتصاد الاجتماعي والتضامني", "kind": "meeting",
                  "start": "2024-07-10", "end": None, "city": "الرباط", "country": "MA"},
        "organizations": ["الشبكة المغربية للاقتصاد الاجتماعي والتضامني", {"name": "x", "aliases": ["y"]}],
        "persons": [{"name": "طارق المعروفي", "role": "المدير العام لمؤسسة عبد القادر بنصالح"}],
        "countries": ["MA", "ES"],
        "figures": [{"value": 6, "unit": "%", "about": "حصة"}, {"value": 6000, "unit": "تعاونية"}],
    }
    assert record_problems(record) == []


PUBLISHED = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.builds(PartialDate, st.integers(1900, 2100)),
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12)),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_text(), PUBLISHED, st.none() | hostile_text())
@example("الرباط تحتضن المنتدى الوطني للاقتصاد الاجتماعي والتضامني يوم 6 فبراير 2025 بمشاركة 99999999999999999999999"
         "99999999999999999999 مليار درهم و\u200f١٢\u200d تعاونية", None, None)
@example("\n".join(["منتدى"] * 3000), dt.date(2024, 2, 29), "<script>alert(1)</script>")
@example("ب" * 50_000, None, "ب" * 5000)
def test_pipeline_never_raises_and_gives_a_schema_valid_record(text, published, title):
    extraction = extract(text, published=published, title=title)
    assert_spans_inside(extraction, extraction.text)
    record = to_record(extraction, "fuzz")
    assert record_problems(record) == [], record
    json.dumps(record, ensure_ascii=False, allow_nan=False)  # NaN or infinity would make invalid JSON


def test_pipeline_on_every_sample_article_with_hostile_characters_sprinkled():
    """Real articles with bidi marks and joiners inserted between words still give valid records."""
    fixtures = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "articles").glob("*.txt"))
    assert fixtures
    for i, path in enumerate(fixtures):
        text = path.read_text(encoding="utf-8")
        noisy = text.replace(" ", f" {BIDI[i % len(BIDI)]}{JOINERS[i % len(JOINERS)]}", 200)
        for variant in (text, noisy, text.replace("\n", " "), text * 3):
            extraction = extract(variant)
            assert_spans_inside(extraction, extraction.text)
            assert record_problems(to_record(extraction, path.stem)) == []
