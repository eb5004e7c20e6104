"""Hypothesis strategies for hostile article text, and a validator for the extraction record (SCHEMA.md)."""
from __future__ import annotations

import datetime
import math
import re

from hypothesis import strategies as st

# Characters that break naive Arabic handling: bidi controls and isolates, joiners, BOM, tatweel,
# diacritics, Arabic-Indic and Persian digits, Arabic punctuation, NBSP and odd spaces, line separators.
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
JOINERS = "\u200b\u200c\u200d\u2060\ufeff"
ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B)) + "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
DIGITS = "0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u06f0\u06f4\u06f9"
PUNCT = ".,;:!?()[]{}«»\"'-–—/\\%،؛؟٪٫٬…*#@&|<>"
SPACES = " \t\n\r\u00a0\u2028\u2029\u3000\u202f"
HOSTILE_ALPHABET = BIDI + JOINERS + ARABIC + DIGITS + PUNCT + SPACES + "abcXYZéçÀß中文ⴰⵣ😀👨‍👩‍👧"

# Real phrases, so that generated text reaches the deeper rules (dates, figures, organizations, places).
FRAGMENTS = [
    "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني",
    "يوم الأربعاء 10 يوليوز 2024",
    "من 12 إلى 14 دجنبر الجاري",
    "أمس الخميس",
    "بمدينة وجدة",
    "بالرباط",
    "في إسبانيا والسنغال",
    "وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
    "السيد طارق المعروفي، المدير العام لمؤسسة",
    "بمشاركة أربعمائة تعاونية",
    "5 ملايين درهم",
    "12.000 تعاونية",
    "6 في المائة من الناتج الداخلي الخام",
    "المنتدى الدولي للاقتصاد الاجتماعي والتضامني في دورته الرابعة",
    "جمعية",
    "مؤسسة محمد الخامس للتضامن (م.م.خ.ت)",
    "الرباط - (ومع)",
    "2025-02-08",
    "١٢ مارس ٢٠٢٥",
    "قمة",
    "ورشة تكوينية",
    "ألفين",
    "الفئات الست",
    "%",
    "مليار",
    "\n",
    ".",
]


def huge_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=10**12, max_value=10**400).map(str),
        st.integers(min_value=0, max_value=10**30).map(lambda n: f"{n:,}".replace(",", ".")),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.integers(min_value=1, max_value=400).map(lambda n: "9" * n + "." + "9" * n),
        st.integers(min_value=1, max_value=50).map(lambda n: "١" * n),
    )


def hostile_text() -> st.SearchStrategy[str]:
    """Arbitrary Unicode, hostile characters, real phrases glued with noise, long lines, digits, punctuation."""
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=HOSTILE_ALPHABET, max_size=30),
        huge_number().map(lambda n: f"{n} درهم"),
        huge_number().map(lambda n: f"{n} مليون تعاونية"),
        st.sampled_from(BIDI + JOINERS),
    )
    glued = st.lists(piece, max_size=25).map(" ".join)
    return st.one_of(
        st.text(max_size=400),
        st.text(alphabet=HOSTILE_ALPHABET, max_size=600),
        glued,
        st.tuples(glued, st.integers(min_value=200, max_value=3000)).map(lambda t: (t[0] + " ") * (t[1] // 50 + 1)),
        st.text(alphabet=DIGITS + " .,٫٬\n", max_size=300),
        st.text(alphabet=PUNCT + SPACES, max_size=300),
        huge_number(),
        st.just(""),
        st.just("\u200f" * 5000),
        st.just("ب" * 50_000),
    )


# --- SCHEMA.md, written out here: CI has no copy of shared/eval. ---
KINDS = {"summit", "forum", "conference", "meeting", "workshop", "fair", "award", "training", "other"}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CODE = re.compile(r"^[A-Z]{2}$")


def _date_problems(value, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str) or not (m := _PARTIAL_DATE.match(value)):
        return [f"{where}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"]
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return [f"{where}: {value!r} is not a real date"]
    return []


def _text_problems(value, where: str, *, nullable: bool) -> list[str]:
    if value is None:
        return [] if nullable else [f"{where}: null"]
    if not isinstance(value, str):
        return [f"{where}: {type(value).__name__}, not a string"]
    if not value.strip():
        return [f"{where}: empty"]
    return []


def record_problems(record) -> list[str]:
    """Return what makes record invalid against SCHEMA.md (empty when it is valid)."""
    if not isinstance(record, dict):
        return ["the record is not an object"]
    problems = []
    required = {"article", "published", "event", "organizations", "persons", "countries", "figures"}
    if missing := required - record.keys():
        problems.append(f"missing fields {sorted(missing)}")
        return problems
    problems += _text_problems(record["article"], "article", nullable=False)
    problems += _date_problems(record["published"], "published")
    event = record["event"]
    if event is not None:
        if not isinstance(event, dict):
            problems.append("event: neither an object nor null")
        else:
            if missing := {"title", "kind", "start", "end", "city", "country"} - event.keys():
                problems.append(f"event: missing {sorted(missing)}")
            problems += _text_problems(event.get("title"), "event.title", nullable=False)
            if event.get("kind") not in KINDS:
                problems.append(f"event.kind: {event.get('kind')!r}")
            problems += _date_problems(event.get("start"), "event.start")
            problems += _date_problems(event.get("end"), "event.end")
            if event.get("end") is not None and event.get("start") is None:
                problems.append("event.end without event.start")
            if (isinstance(event.get("start"), str) and isinstance(event.get("end"), str)
                    and len(event["start"]) == len(event["end"]) and event["end"] < event["start"]):
                problems.append(f"event ends {event['end']} before it starts {event['start']}")
            problems += _text_problems(event.get("city"), "event.city", nullable=True)
            country = event.get("country")
            if country is not None and not (isinstance(country, str) and _CODE.match(country)):
                problems.append(f"event.country: {country!r}")
    if not isinstance(record["organizations"], list):
        problems.append("organizations: not a list")
    else:
        for i, org in enumerate(record["organizations"]):
            if isinstance(org, dict):
                problems += _text_problems(org.get("name"), f"organizations[{i}].name", nullable=False)
                aliases = org.get("aliases", [])
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    problems.append(f"organizations[{i}].aliases: {aliases!r}")
            else:
                problems += _text_problems(org, f"organizations[{i}]", nullable=False)
    if not isinstance(record["persons"], list):
        problems.append("persons: not a list")
    else:
        for i, person in enumerate(record["persons"]):
            if not isinstance(person, dict):
                problems.append(f"persons[{i}]: not an object")
                continue
            problems += _text_problems(person.get("name"), f"persons[{i}].name", nullable=False)
            problems += _text_problems(person.get("role"), f"persons[{i}].role", nullable=True)
            aliases = person.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                problems.append(f"persons[{i}].aliases: {aliases!r}")
    if not isinstance(record["countries"], list):
        problems.append("countries: not a list")
    else:
        for code in record["countries"]:
            if not (isinstance(code, str) and _CODE.match(code)):
                problems.append(f"countries: {code!r}")
    if not isinstance(record["figures"], list):
        problems.append("figures: not a list")
    else:
        for i, figure in enumerate(record["figures"]):
            if not isinstance(figure, dict):
                problems.append(f"figures[{i}]: not an object")
                continue
            value = figure.get("value")
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                problems.append(f"figures[{i}].value: {value!r}")
            problems += _text_problems(figure.get("unit"), f"figures[{i}].unit", nullable=False)
            if "about" in figure:
                problems += _text_problems(figure["about"], f"figures[{i}].about", nullable=True)
    return problems
