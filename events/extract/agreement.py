"""Number–noun agreement: the form of a counted noun that a value needs ("8 مبادرات"، "15 مشروعا"، "120 تعاونية").

A figure's unit is stored in the singular (SCHEMA.md scores it so); this module gives the form to print beside
its value, by the rules of Arabic counting with digits:

- 3 to 10 (and 103–110, 1003…: the last two digits decide) take the plural: 8 مبادرات، 5 مشاريع، 4 أطنان;
- 11 to 99 take the singular in the accusative: 15 مشروعا، 20 تعاونية، 11 عضوا;
- 1, 2, round hundreds and thousands, and decimals take the singular: 100 تعاونية، 3000 زائر، 2.5 طن.

Plurals come, in this order, from the plural lexicon built from the articles themselves (data/plurals.json, by
scripts/build_plurals.py: what the texts write after 3–10), from the extractor's own plural → singular tables
inverted, from the broken plurals below, then from the regular patterns (ة → ات; participles and nisbas → ين).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .normalize import fold

PLURALS_FILE = Path(__file__).resolve().parent / "data" / "plurals.json"

# Broken plurals SSE reporting uses that neither the lexicon file nor the extractor's tables hold yet
# (seen in the corpus after 3–10: "ثلاثة فلاحين"، "خمس قرى"، "أربعة وفود"), singular → plural.
_BROKEN = {
    "فلاح": "فلاحين", "قرية": "قرى", "ورشة": "ورشات", "امرأة": "نساء", "فتاة": "فتيات", "سنة": "سنوات",
    "لقاء": "لقاءات", "مسؤول": "مسؤولين", "شهر": "أشهر", "جناح": "أجنحة", "رواق": "أروقة", "عارض": "عارضين",
    "زائر": "زوار", "دوار": "دواوير", "إقليم": "أقاليم", "محور": "محاور", "قطب": "أقطاب", "درهم": "دراهم",
    "منتوج": "منتوجات", "دولار": "دولارات", "دينار": "دنانير", "طن": "أطنان", "متر": "أمتار", "هكتار": "هكتارات", "مقعد": "مقاعد",
}
# Units that never change: symbols, abbreviations and foreign words.
_INVARIANT = frozenset(fold(w) for w in ("%", "كلغ", "كغ", "كلم", "يورو", "أورو", "ميغاواط", "ميجاوات", "كيلوواط",
                                          "سنتيم"))
# Second words of two-word units: an adjective agrees (متر مربع → أمتار مربعة، مترا مربعا), an idafa noun does not
# (منصب شغل → مناصب شغل).
_ADJECTIVES = {"مربع": ("مربعة", "مربعا"), "مكعب": ("مكعبة", "مكعبا"), "متري": ("مترية", "متريا")}


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, str]:
    """Folded singular → plural as written: the articles' lexicon first, then the tables of this module and the
    extractor's plural → singular tables read backwards (the first plural of a singular wins)."""
    from .figures import CURRENCIES_AS_WRITTEN, MEASURE_UNITS_AS_WRITTEN, PLURALS_AS_WRITTEN

    table: dict[str, str] = {}
    if PLURALS_FILE.exists():
        table.update({fold(k): v for k, v in json.loads(PLURALS_FILE.read_text(encoding="utf-8")).items()})
    for k, v in _BROKEN.items():
        table.setdefault(fold(k), v)
    for written, single in (*PLURALS_AS_WRITTEN.items(), *CURRENCIES_AS_WRITTEN.items(),
                            *MEASURE_UNITS_AS_WRITTEN.items()):
        # Not the definite form (النساء), the singular itself, or an accusative singular (طنا، درهما).
        if written.startswith("ال") or fold(written) in (fold(single), fold(single) + "ا"):
            continue
        table.setdefault(fold(single), written)
    return table


def plural(singular: str) -> str:
    """The plural used after 3–10: from the lexicon, else the regular pattern, else the singular itself."""
    key = fold(singular)
    if key in _lexicon():
        return _lexicon()[key]
    if singular.endswith("ة") and len(singular) >= 3:
        return singular[:-1] + "ات"  # تعاونية → تعاونيات، مبادرة → مبادرات
    if singular.endswith("ى"):
        return singular[:-1] + "يات"  # مستوى → مستويات
    if singular.endswith("ي") and len(singular) >= 4:
        return singular + "ين"  # حرفي → حرفيين
    if singular.startswith("م") and 4 <= len(singular) <= 7 or len(singular) == 4 and singular[1] == "ا":
        return singular + "ين"  # participles counting people: مشارك → مشاركين، مستفيد → مستفيدين، فائز → فائزين
    return singular


def accusative(singular: str) -> str:
    """The singular after 11–99: with tanween alef unless it ends in ة, ى, ا or اء (15 مشروعا، 20 تعاونية)."""
    if singular.endswith(("ة", "ى", "ا", "اء", "ئ")) or fold(singular) in _INVARIANT:
        return singular
    return singular + "ا"


def counted_form(value: float | int, unit: str) -> str:
    """Return unit in the form value needs: counted_form(8, "مبادرة") == "مبادرات"."""
    if not unit or fold(unit.split()[0]) in _INVARIANT or not any("\u0621" <= c <= "\u064a" for c in unit):
        return unit
    try:
        number = float(value)
    except (TypeError, ValueError):
        return unit
    if not number.is_integer() or number < 3:
        return unit
    tail = int(number) % 100
    words = unit.split()
    head, rest = words[0], words[1:]
    if 3 <= tail <= 10:
        head = plural(head)
        rest = [_ADJECTIVES[w][0] if w in _ADJECTIVES else w for w in rest]
    elif 11 <= tail <= 99:
        if rest and rest[0] not in _ADJECTIVES:
            return unit  # an idafa (منصب شغل): the first noun loses its tanween, nothing is written
        head = accusative(head)
        rest = [_ADJECTIVES[w][1] if w in _ADJECTIVES else w for w in rest]
    return " ".join([head, *rest])


def counted_unit(value, unit: str) -> str:
    """Alias kept short for templates and exports."""
    return counted_form(value, unit)
