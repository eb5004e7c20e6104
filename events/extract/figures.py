"""Figures: counted quantities, percentages and money amounts, each tied to the noun it counts.

A figure is a numeral (digits or words, multipliers folded in) followed by its counted noun
("80 تعاونية"، "أربعمائة مشارك"، "5 ملايين درهم") or by a percent mark, or a definite numeral after a
definite plural ("الفئات الست"). Dates, years, clock times, durations, edition and law numbers,
phone numbers and vague words (عشرات، آلاف) are not figures (SCHEMA.md, "Figures").
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .dates import find_dates, month_table
from .figure_about import describe
from .normalize import fold, strip_clitics
from .numbers import NumberMatch, scan_numbers
from .text import fast_fold, fold_view
from .types import DateMention, Figure, Sentence, Span

# Time nouns: a numeral counting them is a duration (ثلاثة أيام، ست سنوات، السنوات الست).
_TIME_NOUNS = frozenset(fold(w) for w in (
    "يوم", "يوما", "أيام", "ايام", "أسبوع", "أسبوعا", "أسابيع", "شهر", "شهرا", "أشهر", "شهور", "سنة", "سنوات",
    "سنين", "عام", "عاما", "أعوام", "ساعة", "ساعات", "دقيقة", "دقائق", "ثانية", "ثوان", "ليلة", "ليال", "ليالي",
    "عقد", "عقود", "قرن", "قرون", "دورة", "دورات", "مرة", "مرات", "أضعاف",
))
# Words before a number that make it a reference, not a quantity (المادة 5، القانون رقم 112.12، النسخة 7).
_REFERENCE_WORDS = frozenset(fold(w) for w in (
    "رقم", "المادة", "مادة", "الفصل", "فصل", "القانون", "قانون", "المرتبة", "الرتبة",
    "المركز", "الصفحة", "صفحة", "البند", "الفقرة", "المرسوم", "الظهير", "العدد", "الجزء", "الهاتف", "هاتف",
    "الفاكس", "الساعة", "الساعه", "الطريق", "الحافلة", "الخط", "الملف", "الجناح", "القاعة", "الشقة", "المنزل",
    "رقمه", "أفق", "افق", "حوالي سنة",
))
# Words before a number that make it an edition number (الدورة 7 للمعرض) unless a counted noun follows
# (في هذه الدورة 180 تعاونية).
_EDITION_WORDS = frozenset(fold(w) for w in ("الدورة", "النسخة", "الطبعة", "دورة", "نسخة", "طبعة"))
# Words before a four-digit number that make it a year.
_YEAR_CONTEXT = frozenset(fold(w) for w in (
    "سنة", "عام", "منذ", "حتى", "بحلول", "أفق", "مطلع", "نهاية", "بداية", "خلال", "موسم", "السنة", "العام",
    "في", "وفي", "مند",
))
_PERCENT = re.compile(r"\s*(?:%|في\s+الما[ئي]ه|في\s+المئه|بالما[ئي]ه|بالمئه)")
# Not nouns: prepositions, particles, adverbs and pronouns that can follow a number.
_STOPWORDS = frozenset(fold(w) for w in (
    "من", "في", "إلى", "الى", "على", "عن", "مع", "أو", "او", "ثم", "حتى", "منها", "منهم", "منهن", "بين", "خلال",
    "تقريبا", "فقط", "سنويا", "يوميا", "شهريا", "أسبوعيا", "مقابل", "كل", "هي", "هو", "هم", "التي", "الذي",
    "الذين", "اللواتي", "قد", "لقد", "وقد", "كما", "أي", "اي", "وهو", "وهي", "أما", "إذ", "إن", "أن", "لا", "لم",
    "لن", "ما", "ماذا", "عند", "بعد", "قبل", "دون", "نحو", "حوالي", "أكثر", "أقل", "أزيد", "فيما", "حيث", "ضمن",
    "لكل", "عبر", "إضافة", "بالإضافة", "أيضا", "وذلك", "ذلك", "هذا", "هذه", "تلك", "بينما", "كذلك", "أخرى",
    "آخرين", "فأكثر", "وما", "إلخ", "الخ", "ونصف", "مليون", "مليونا", "مليار", "ألف", "منه", "تحت", "فوق",
    "صباحا", "صباح", "مساء", "مساءا", "زوالا", "ليلا", "ظهرا", "عشية",
))
# Units of measure, folded form → the singular as written; short ones (طن، كلغ، لتر) pass the length check.
MEASURE_UNITS_AS_WRITTEN = {
    "طن": "طن", "طنا": "طن", "أطنان": "طن", "كلغ": "كلغ", "كغ": "كلغ", "كيلوغرام": "كيلوغرام",
    "كيلوغراما": "كيلوغرام", "كيلوغرامات": "كيلوغرام", "كيلوجرام": "كيلوجرام", "كيلوجراما": "كيلوجرام",
    "غرام": "غرام", "غراما": "غرام", "قنطار": "قنطار", "قنطارا": "قنطار", "قناطير": "قنطار",
    "هكتار": "هكتار", "هكتارا": "هكتار", "هكتارات": "هكتار", "متر": "متر", "مترا": "متر", "أمتار": "متر",
    "كيلومتر": "كيلومتر", "كيلومترا": "كيلومتر", "كيلومترات": "كيلومتر", "كلم": "كلم", "لتر": "لتر",
    "لترا": "لتر", "لترات": "لتر", "ميغاواط": "ميغاواط", "ميغاوات": "ميغاواط", "ميجاوات": "ميجاوات",
    "كيلوواط": "كيلوواط",
}
_MEASURE_UNITS = {fold(k): v for k, v in MEASURE_UNITS_AS_WRITTEN.items()}
CURRENCIES_AS_WRITTEN = {
    "درهم": "درهم", "دراهم": "درهم", "درهما": "درهم", "دولار": "دولار", "دولارات": "دولار", "دولارا": "دولار",
    "يورو": "يورو", "أورو": "أورو", "اورو": "أورو", "فرنك": "فرنك", "فرنكات": "فرنك", "جنيه": "جنيه",
    "جنيهات": "جنيه", "دينار": "دينار", "دنانير": "دينار", "دينارا": "دينار", "ريال": "ريال", "ريالات": "ريال",
    "ريالا": "ريال", "ليرة": "ليرة", "ليرات": "ليرة", "أوقية": "أوقية", "فرنكا": "فرنك", "سنتيم": "سنتيم",
}
_CURRENCIES = {fold(k): v for k, v in CURRENCIES_AS_WRITTEN.items()}
# Broken plurals (and a few irregular feminines) common in SSE reporting, folded plural → singular.
PLURALS_AS_WRITTEN = {
    "مشاريع": "مشروع", "دول": "دولة", "بلدان": "بلد", "نساء": "امرأة", "النساء": "امرأة", "لجان": "لجنة",
    "مواد": "مادة", "أقاليم": "إقليم", "جوائز": "جائزة", "أعضاء": "عضو", "خبراء": "خبير", "شركاء": "شريك",
    "أطفال": "طفل", "شباب": "شاب", "شبان": "شاب", "رجال": "رجل", "مدن": "مدينة", "قرى": "قرية", "أسر": "أسرة",
    "فرق": "فريق", "وفود": "وفد", "أجنحة": "جناح", "أروقة": "رواق", "مناصب": "منصب", "فرص": "فرصة",
    "مراكز": "مركز", "أنشطة": "نشاط", "برامج": "برنامج", "عمال": "عامل", "طلبة": "طالب", "طلاب": "طالب",
    "تلاميذ": "تلميذ", "أساتذة": "أستاذ", "صناع": "صانع", "تجار": "تاجر", "زوار": "زائر", "أسواق": "سوق",
    "مقاعد": "مقعد", "محاور": "محور", "ورش": "ورشة", "أقطاب": "قطب", "مجالس": "مجلس", "فتيات": "فتاة",
    "وزراء": "وزير", "رؤساء": "رئيس", "سفراء": "سفير", "علماء": "عالم", "فقراء": "فقير", "أشخاص": "شخص",
    "أفراد": "فرد", "منتجين": "منتج", "حرفيين": "حرفي", "مهنيين": "مهني", "قطع": "قطعة", "آلاف": "ألف",
    "بيوت": "بيت", "مكاتب": "مكتب", "مدارس": "مدرسة", "مساجد": "مسجد", "مواقع": "موقع", "محلات": "محل",
    "أنواع": "نوع", "أصناف": "صنف", "أطنان": "طن", "هكتارات": "هكتار", "كيلومترات": "كيلومتر", "أمتار": "متر",
    "عروض": "عرض", "ملفات": "ملف", "طلبات": "طلب", "أبحاث": "بحث", "بحوث": "بحث", "كتب": "كتاب",
    "محاضرات": "محاضرة", "قوانين": "قانون", "فنادق": "فندق", "مستشفيات": "مستشفى", "منح": "منحة",
    "قروض": "قرض", "مبادئ": "مبدأ", "أهداف": "هدف", "مؤشرات": "مؤشر", "مسارات": "مسار", "أحياء": "حي",
    "بنات": "بنت", "أخوات": "أخت", "أصوات": "صوت", "أبيات": "بيت", "دواوير": "دوار", "جماعات": "جماعة", "قطاعات": "قطاع", "مستويات": "مستوى", "مجالات": "مجال",
}
_PLURALS = {fold(k): v for k, v in PLURALS_AS_WRITTEN.items()}
# Units written as two words: the second word belongs to the unit.
_COMPOUND_UNITS = {fold(k): tuple(fold(w) for w in v) for k, v in {
    "متر": ("مربع", "مكعب"), "كيلومتر": ("مربع",), "منصب": ("شغل", "عمل"), "فرصة": ("شغل", "عمل"),
    "مناصب": ("شغل", "عمل"), "فرص": ("شغل", "عمل"), "طن": ("متري",), "كلم": ("مربع",),
    "ميغاواط": ("ساعة",), "كيلوواط": ("ساعة",),
}.items()}
_NOUN_AFTER = re.compile(r"\s*(?:\(\s*)?([\u0621-\u064a\u064b-\u065f\u0670\u0640]+)")
_WORD_BEFORE = re.compile(r"([\u0621-\u064a]+)[^\u0621-\u064a\d]*$")
_WORDS_BEFORE = re.compile(r"[\u0621-\u064a]+")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# "عدد الزوار … 80 ألفا": at most a few words, none of them a sentence break, between عدد and the numeral.
_COUNT_BEFORE = re.compile(r"(?<![\u0621-\u064a])(?:عدد|مجموع)\s+(ال[\u0621-\u064a]{3,})[^.!?؟\n\d]*$")
_COUNT_REACH = 50
_LATIN_BEFORE = re.compile(r"[A-Za-z\u00c0-\u024f][\w\-]*[ \u00a0]?$")
_PERCENT_BEFORE = re.compile(r"%\s?$")
_CLOCK_AFTER = re.compile(r"\s?[:/]\d")
_HEADLINE_END = re.compile(r"[.!?؟]\s*$")
_DATE_ONLY = re.compile(r"[^\n]{0,40}?(?<!\d)(?:19|20)\d\d(?!\d)[^\n]{0,20}")


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(month_table())


def _strip_marks(word: str) -> str:
    return _MARKS.sub("", word)


def singular(word: str) -> str:
    """Return the singular of a counted noun as written: تعاونيات → تعاونية، مشاركا → مشارك، دول → دولة."""
    word = _strip_marks(word)
    key = fast_fold(word)
    if key in _PLURALS:
        return _PLURALS[key]
    if len(key) >= 3 and key.endswith("ا") and not key.endswith(("اا", "يا")) and key[:-1] not in _PLURALS:
        word, key = word[:-1], key[:-1]  # tanween alef: بلدا، مشاركا، عضوا
        if key in _PLURALS:
            return _PLURALS[key]
    if len(key) >= 4 and key.endswith("ات"):
        return word[:-2] + "ة"  # sound feminine plural: تعاونيات، جمعيات، مبادرات
    # Sound masculine plurals (مشاركين، فائزين، حرفيين → حرفي). Not ون, which ends many singulars
    # (متعاون، قانون), nor verbal nouns of the تفعيل pattern (تكوين، تمكين).
    if len(key) >= 6 and key.endswith("ين") and not (key.startswith("ت") and len(key) <= 6):
        return word[:-2]
    return word


def _is_time(word: str) -> bool:
    key = fast_fold(word)
    if key.startswith("ال"):
        key = key[2:]
    for suffix in ("", "ه", "ها", "هم"):  # أيامه الثلاثة
        if suffix and not key.endswith(suffix):
            continue
        if (key[: len(key) - len(suffix)] if suffix else key) in _TIME_NOUNS:
            return True
    return False


def _is_plural(key: str) -> bool:
    return key in _PLURALS or key.endswith("ات") or (len(key) >= 6 and key.endswith("ين"))


def _definite_unit(folded: str, start: int) -> str | None:
    """For "الفئات الست" / "أقاليم الجهة الثمانية": the plural noun just before the numeral, in the singular."""
    words = _WORDS_BEFORE.findall(folded, max(0, start - 60), start)[-3:]
    for word in reversed(words):
        if _is_time(word):
            return None
        bare = word[2:] if word.startswith("ال") else word
        if _is_plural(bare):
            return singular(bare)
    return None


def _counted_before(folded: str, number: NumberMatch) -> str | None:
    """For "بلغ عدد الزوار 80 ألفا": the noun after عدد/مجموع shortly before a numeral with no noun after it."""
    m = _COUNT_BEFORE.search(folded, max(0, number.start - _COUNT_REACH), number.start)
    if m is None or _is_time(m.group(1)):
        return None
    return singular(m.group(1)[2:])


def _unit_after(text: str, folded: str, offsets: list[int], pos: int) -> tuple[str, int] | None:
    """Return (unit, end in folded text) for the noun that follows a numeral at folded[pos:], or None."""
    pct = _PERCENT.match(folded, pos)
    if pct:
        return "%", pct.end()
    m = _NOUN_AFTER.match(folded, pos)
    if not m:
        return None
    key = _strip_marks(m.group(1))
    if key == "من":
        return _partitive_unit(text, folded, offsets, m.end())
    if key in _CURRENCIES:
        return _CURRENCIES[key], m.end()
    if key in _MEASURE_UNITS:
        unit, end = _MEASURE_UNITS[key], m.end()
        nxt = _NOUN_AFTER.match(folded, end)
        if nxt and _strip_marks(nxt.group(1)) in _COMPOUND_UNITS.get(fast_fold(unit), ()):
            unit, end = unit + " " + text[offsets[nxt.start(1)]: offsets[nxt.end(1) - 1] + 1], nxt.end()
        return unit, end
    if strip_clitics(key).startswith("ال") or key in _STOPWORDS or len(key) < 3 or key in _months() or _is_time(key):
        return None
    if key.endswith("يا") and not key.endswith("ايا"):
        return None  # adverbs (وطنيا، سنويا، عالميا) are not counted nouns; قضايا، ضحايا are
    raw_word = text[offsets[m.start(1)]: offsets[m.end(1) - 1] + 1]
    unit, end = singular(raw_word), m.end()
    unit_key = fast_fold(unit)
    nxt = _NOUN_AFTER.match(folded, end)
    if nxt:
        second = _strip_marks(nxt.group(1))
        if second in _COMPOUND_UNITS.get(key, ()) or second in _COMPOUND_UNITS.get(unit_key, ()):
            unit = unit + " " + text[offsets[nxt.start(1)]: offsets[nxt.end(1) - 1] + 1]
            end = nxt.end()
        elif second.startswith("و") and len(second) > 3:
            # Paired nouns "عارضة وعارضا", "مشاركة ومشارك": the masculine singular is the unit.
            partner = singular(text[offsets[nxt.start(1)] + 1: offsets[nxt.end(1) - 1] + 1])
            if unit_key == fast_fold(partner) + "ه":
                unit, end = partner, nxt.end()
    return unit, end


def _partitive_unit(text: str, folded: str, offsets: list[int], pos: int) -> tuple[str, int] | None:
    """Return (unit, end) for "40 من المشاركين"، "25 من حاملي المشاريع": a count taken out of a plural.

    Only a plural counts: definite (المشاركين، التعاونيات، الشباب) or a masculine plural in construct before a
    definite noun (حاملي المشاريع، ممثلي الجمعيات → حامل، ممثل). "3 من أصل 10"، "5 من مارس" give nothing.
    """
    m = _NOUN_AFTER.match(folded, pos)
    if not m:
        return None
    key = _strip_marks(m.group(1))
    raw = text[offsets[m.start(1)]: offsets[m.end(1) - 1] + 1]
    if key in _months() or _is_time(key) or key in _STOPWORDS:
        return None
    if key.startswith("ال") and len(key) >= 5:
        bare_key, bare_raw = key[2:], raw[2:]
        if _is_time(bare_key):
            return None
        if bare_key in _PLURALS or (len(bare_key) >= 4 and bare_key.endswith("ات")) or (
                len(bare_key) >= 6 and bare_key.endswith("ين")):
            return singular(bare_raw), m.end()
        return None
    nxt = _NOUN_AFTER.match(folded, m.end())
    if len(key) >= 5 and key.endswith("ي") and not key.endswith(("وي", "اي")) and nxt \
            and _strip_marks(nxt.group(1)).startswith("ال"):
        return raw[:-1], m.end()  # حاملي المشاريع: a sound masculine plural in construct lost its ن
    return None


def _word_before(folded: str, pos: int) -> tuple[str, bool]:
    """Return the Arabic word shortly before pos and whether only spaces or a colon separate them."""
    before = _WORD_BEFORE.search(folded, max(0, pos - 30), pos)
    if before is None:
        return "", False
    return before.group(1), not folded[before.end(1):pos].strip(" :")


def _is_excluded(number: NumberMatch, folded: str, raw_digits: str, prev: str, adjacent: bool) -> bool:
    """True for numbers that are references, clock times, phone numbers, law numbers or vague ones."""
    if prev in _REFERENCE_WORDS and adjacent:
        return True
    if number.words and number.value == 10 and prev.startswith("ال"):
        return True  # "الدورة الثانية عشرة": the tail of an ordinal
    if not number.words and folded[max(0, number.start - 2): number.start] == "ال":
        return True  # "المرتبة الـ12": a rank or reference
    if _LATIN_BEFORE.search(folded, max(0, number.start - 20), number.start):
        return True  # "COP 22"، "GSEF 2023": part of a name
    after = folded[number.end: number.end + 2]
    if _CLOCK_AFTER.match(after) or folded[number.start - 1: number.start] in (":", "/", "+"):
        return True  # 09:30, 10/07, +212
    if not number.words:
        if raw_digits[:1] == "0" and raw_digits[:2] != "0." and len(raw_digits) > 1:
            return True  # 07 (a day), 0522… (a phone number)
        if len(raw_digits.replace(".", "").replace(",", "")) >= 9 and not number.multiplied:
            return True  # phone and account numbers
    if not number.multiplied and number.words and number.value in (1, 2):
        return True  # واحد، اثنان: "هدف واحد" states no quantity
    return False


def _is_year(number: NumberMatch, folded: str, raw_digits: str, unit: str, prev: str) -> bool:
    """True for 1900–2100 in plain digits after سنة/عام/في, or not followed by a counted noun (2000 متر مربع)."""
    if number.words or number.multiplied or not raw_digits.isdigit() or not 1900 <= number.value <= 2100:
        return False
    if prev in _YEAR_CONTEXT:
        return True
    return not _looks_counted(folded, number.end, unit, strict=True)


def _looks_counted(folded: str, pos: int, unit: str, strict: bool = False) -> bool:
    """True when the word after a numeral reads as a counted noun, not a verb or a phrase (نسخة 2024 لجائزة).

    Known nouns, units and plurals pass. Unless strict (after a year-like value, where "حصيلة 2023 مشرفة"
    is common), so do a feminine singular (تعاونية) and an accusative (مقاولا) with no ب/ل glued on.
    """
    if unit == "%" or unit in _CURRENCY_UNITS:
        return True
    first = fast_fold(unit.split()[0]) if unit else ""
    if first in _counted_nouns() or first in _MEASURE_KEYS:
        return True
    m = _NOUN_AFTER.match(folded, pos)
    if m is None:
        return False
    key = _strip_marks(m.group(1))
    if _is_plural(key):
        return True
    if strict or key[:1] in ("ل", "ب") and len(key) >= 5:
        return False
    return key.endswith("ه") or key.endswith("ا") and not key.endswith("وا")


_CURRENCY_UNITS = frozenset(_CURRENCIES.values())
_MEASURE_KEYS = frozenset(fold(v.split()[0]) for v in _MEASURE_UNITS.values())
# A range "من 20 إلى 45 تعاونية"، "بين 200 و300 مشارك": both ends count the noun written after the second.
_RANGE_OPEN = re.compile(r"(?<![\u0621-\u064a])(?:من|بين)\s*$")
_RANGE_JOIN = re.compile(r"\s*(?:الي\s+غايه|الي|حتي|و|-|–)\s*")


def _range_unit(text: str, folded: str, offsets: list[int], numbers: list[NumberMatch], i: int,
                last: tuple[NumberMatch, str] | None) -> str | None:
    """Return the shared noun of a range for numbers[i], which has no noun of its own, or None."""
    number = numbers[i]
    if last is not None:  # the second end: "من 1000 إلى 60 ألفا" after "عدد التعاونيات"
        first, unit = last
        if (_RANGE_JOIN.fullmatch(folded, first.end, number.start)
                and _RANGE_OPEN.search(folded, max(0, first.start - 8), first.start)):
            return unit
    if i + 1 < len(numbers) and _RANGE_OPEN.search(folded, max(0, number.start - 8), number.start):
        second = numbers[i + 1]
        if second.multiplied and not number.multiplied:
            return None  # "بين 20 و50 ألف درهم": is the first end 20 or 20 ألف? Do not guess.
        if _RANGE_JOIN.fullmatch(folded, number.end, second.start) and not second.definite:
            found = _unit_after(text, folded, offsets, second.end)
            if found is not None:
                return found[0]
    return None


@lru_cache(maxsize=1)
def _counted_nouns() -> frozenset[str]:
    common = ("تعاونية", "جمعية", "مشارك", "مشاركة", "زائر", "زائرة", "عارض", "عارضة", "مستفيد", "مستفيدة",
              "منخرط", "منخرطة", "متعاون", "متعاونة", "مقاولة", "مقاول", "مؤسسة", "منظمة", "مشروع", "عضو", "منصب",
              "مبادرة", "متدرب", "متدربة", "فلاح", "فلاحة", "منتج", "منتجة", "شهادة", "بطاقة", "وحدة", "عائلة",
              "نسمة", "ساكن", "مواطن", "مواطنة", "سرير", "قرض", "منحة", "طالبة", "تلميذة", "شابة", "طفلة",
              "صانعة", "حرفية", "اتفاقية", "ورشة", "مستخدم", "أجير", "مهاجر", "لاجئ")
    return frozenset(fast_fold(w) for w in (*_PLURALS.values(), *common))


def find_figures(text: str, sentences: list[Sentence], dates: list[DateMention] | None = None) -> list[Figure]:
    """Return the figures stated in text, in order; pass dates (from find_dates) to avoid finding them again."""
    folded, offsets = fold_view(text)
    if dates is None:
        dates = find_dates(text)
    date_spans = sorted((d.span.start, d.span.end) for d in dates)
    starts = [s.start for s in sentences]

    figures: list[Figure] = []
    numbers = scan_numbers(folded)
    last: tuple[NumberMatch, str] | None = None  # the previous figure, for ranges
    for i, number in enumerate(numbers):
        raw_start, raw_end = offsets[number.start], offsets[number.end - 1] + 1
        if any(a < raw_end and raw_start < b for a, b in date_spans):
            continue
        raw_digits = folded[number.start:number.end].strip()
        prev, adjacent = _word_before(folded, number.start)
        if _is_excluded(number, folded, raw_digits, prev, adjacent):
            continue
        edition = adjacent and prev in _EDITION_WORDS
        if number.definite:
            unit = _definite_unit(folded, number.start)
            end = number.end
            following = _NOUN_AFTER.match(folded, number.end)
            if unit is None or following and _is_time(following.group(1)):
                continue  # "الخمس سنوات المقبلة"
        elif _PERCENT_BEFORE.search(folded, max(0, number.start - 3), number.start):
            unit, end = "%", number.end  # "%6": the sign typed before the number in RTL text
        else:
            found = _unit_after(text, folded, offsets, number.end)
            if edition and (found is None or not _looks_counted(folded, number.end, found[0])):
                continue  # "الدورة 7 للمعرض": an edition number
            if found is None:
                unit = _range_unit(text, folded, offsets, numbers, i, last) or _counted_before(folded, number)
                if unit is None or 1900 <= number.value <= 2100 and not number.multiplied:
                    continue  # "عدد التعاونيات في 2020": a year, not a count
                found = unit, number.end
            unit, end = found
            if (not float(number.value).is_integer() and unit != "%" and not number.multiplied
                    and unit not in _CURRENCIES.values()):
                continue  # 112.12 المتعلق: a law number
            if _is_year(number, folded, raw_digits, unit, prev):
                continue
        span_end = offsets[end - 1] + 1
        index = max(0, bisect.bisect_right(starts, raw_start) - 1)
        sentence = sentences[index] if sentences else Sentence(0, 0, len(text), text)
        value = int(number.value) if float(number.value).is_integer() else round(number.value, 6)
        described = describe(sentence.text, raw_start - sentence.start, span_end - sentence.start, unit)
        figures.append(Figure(value, unit, described.about, Span(raw_start, span_end, text[raw_start:span_end]),
                              sentence.index, subject=described.subject, scope=described.scope,
                              year=described.year, horizon=described.horizon))
        last = number, unit
    return _drop_headline_repeats(figures, sentences)


def _drop_headline_repeats(figures: list[Figure], sentences: list[Sentence]) -> list[Figure]:
    """A figure in the headline that the body states again counts once (SCHEMA.md)."""
    # A date line kept above the headline ("الخميس 12 شتنبر 2024") comes first: the headline is after it.
    # A short line with a year that holds a figure is a headline, not a date line ("تقرير: 60 ألف تعاونية … 2024").
    with_figures = {f.sentence for f in figures}
    head = next((s for s in sentences[:3] if not _DATE_ONLY.fullmatch(s.text) or s.index in with_figures), None)
    if head is None or _HEADLINE_END.search(head.text):
        return figures
    body = {(f.value, fast_fold(f.unit)) for f in figures if f.sentence > head.index}
    return [f for f in figures if f.sentence != head.index or (f.value, fast_fold(f.unit)) not in body]
