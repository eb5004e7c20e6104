"""Numbers in Arabic text: digits with separators, number words, and multipliers (ألف، مليون، مليار).

The scanner works on folded text (normalize.fold: أ→ا، ة→ه، ى→ي، Arabic-Indic digits→ASCII) and
reads a whole numeral at once: "ثلاثة آلاف وخمسمائة" = 3500, "12 مليونا و390 ألف" = 12390000.
A hand-written table is used rather than pyarabic.number, which reads "مائتين وخمسين" as 50.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .text import arabic_words, fold_view

# Folded word -> (value, kind). Kinds: unit 1-9, ten (عشرة as a number of its own), tens 20-90,
# hundred, mult (ألف/مليون/مليار, applies to what precedes), mult_pl (plural multiplier: needs a
# number before it, "آلاف" alone is vague), dual (ألفين = 2000, a numeral of its own), teen_head
# (أحد/اثنا: only before عشر).
_WORDS: dict[str, tuple[float, str]] = {}


def _add(kind: str, value: float, *forms: str) -> None:
    for form in forms:
        _WORDS[form] = (value, kind)


_add("unit", 1, "واحد", "واحده")
_add("unit", 2, "اثنان", "اثنين", "اثنتان", "اثنتين")
_add("unit", 3, "ثلاث", "ثلاثه")
_add("unit", 4, "اربع", "اربعه")
_add("unit", 5, "خمس", "خمسه")
_add("unit", 6, "ست", "سته")
_add("unit", 7, "سبع", "سبعه")
_add("unit", 8, "ثمان", "ثماني", "ثمانيه")
_add("unit", 9, "تسع", "تسعه")
_add("ten", 10, "عشر", "عشره")
_add("teen_head", 1, "احد", "احدي")
_add("teen_head", 2, "اثنا", "اثني", "اثنتا", "اثنتي")
for _value, _stem in enumerate(("عشر", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"), start=2):
    _add("tens", _value * 10, _stem + "ون", _stem + "ين")
_add("hundred", 100, "مائه", "مئه", "ميه", "مايه")
_add("hundred", 200, "مائتان", "مائتين", "مائتا", "مائتي", "مئتان", "مئتين", "مئتا", "مئتي")
for _value, _stem in enumerate(("ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"), start=3):
    _add("hundred", _value * 100, _stem + "مائه", _stem + "مئه")
_add("hundred", 800, "ثمانيمائه", "ثمانيمئه")
_add("mult", 1e3, "الف", "الفا")
_add("mult_pl", 1e3, "الاف")
_add("mult", 1e6, "مليون", "مليونا")
_add("mult_pl", 1e6, "ملايين")
_add("mult", 1e9, "مليار", "مليارا", "بليون")
_add("mult_pl", 1e9, "ملايير", "مليارات")
_add("dual", 2e3, "الفان", "الفين", "الفي")
_add("dual", 2e6, "مليونان", "مليونين", "مليوني")
_add("dual", 2e9, "ملياران", "مليارين", "ملياري")

_MULTIPLIERS = {w: v for w, (v, k) in _WORDS.items() if k in ("mult", "mult_pl")}
_HALF = "نصف"
_PREFIXES = ("و", "ب", "ل", "ك", "ف")
# A definite numeral only follows a definite plural (الفئات الست، أقاليم الجهة الثمانية).
_DEFINITE_KINDS = ("unit", "ten")
_ARTICLES = ("ال", "وال", "بال", "لل")
_TEN_FORMS = frozenset(("عشر", "عشره"))

_AR = "\u0621-\u064a"
_NUM = r"\d+(?:[.,\u066b\u066c]\d+)*"
# One token at pos: optional spaces, then a number in digits, an Arabic word, or a lone و.
_TOKEN = re.compile(rf" *(?:(?P<num>{_NUM})(?![\d\w])|(?P<word>[{_AR}]+)(?![{_AR}]))")
# Every written form a numeral can start with: the words, with a clitic, or definite (ال، وال، بال، لل).
_SURFACE = frozenset(
    [w for w in _WORDS]
    + [p + w for w in _WORDS for p in _PREFIXES]
    + [a + w for w, (v, k) in _WORDS.items() if k in _DEFINITE_KINDS and v >= 3 for a in _ARTICLES]
    + [a + w for w, (v, k) in _WORDS.items() if k == "teen_head" for a in _ARTICLES]
)
_LETTER = re.compile(rf"[{_AR}]")
_DIGITS = re.compile(r"\d+")
_LATIN_OR_NUM = re.compile(r"[A-Za-z\u00c0-\u024f\d.,]")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    value: float
    start: int  # span in the text given to the finder
    end: int
    words: bool = False  # written (at least partly) in words
    definite: bool = False  # a definite number word: الست، الثمانية
    multiplied: bool = False  # a multiplier word was applied (5 ملايين، ألف)


def parse_digits(text: str) -> float | None:
    """Return the value of a digit string: 12.000 and 12,000 → 12000; 3.45 → 3.45; 3,5 → 3.5.

    A separator followed by exactly three digits groups thousands; otherwise it is the decimal mark.
    Strings like 1.2.3 (versions, article numbers) have no value.
    """
    text = text.translate(_ARABIC_SEPARATORS)
    seps = _SEPARATOR.findall(text)
    if not seps:
        return float(text) if text.isdigit() else None
    groups = _SEPARATOR.split(text)
    if not all(g.isdigit() for g in groups):
        return None
    if len(set(seps)) == 1:
        if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3 and groups[0] != "0":
            return float("".join(groups))
        if len(seps) == 1:
            return float(groups[0] + "." + groups[1])
        return None
    if seps[-1] in seps[:-1]:
        return None
    return float("".join(groups[:-1]) + "." + groups[-1])  # 1,215.50 or 1.215,50


_SEPARATOR = re.compile(r"[.,]")
# Arabic decimal separator ٫ becomes "." only when it is the sole separator; ٬ is a thousands mark.
_ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})


def _lookup(word: str) -> tuple[float, str, bool] | None:
    """Return (value, kind, definite) for a folded word, allowing a clitic و/ب/ل/ك/ف and, for units, ال."""
    hit = _WORDS.get(word)
    if hit:
        return hit[0], hit[1], False
    # و goes with any numeral (وست); ب/ل/ك/ف only with longer ones, so that لست ("I am not") is no 6.
    if word[:1] == "و" or (word[:1] in _PREFIXES and len(word) > 3):
        hit = _WORDS.get(word[1:])
        if hit:
            return hit[0], hit[1], False
    for article in _ARTICLES:
        if word.startswith(article):
            hit = _WORDS.get(word[len(article):])
            # الاثنين and الأحد are weekdays; الاثنتي/الإحدى only count before عشرة (the reader checks).
            if hit and (hit[1] in _DEFINITE_KINDS and hit[0] >= 3 or hit[1] == "teen_head"):
                return hit[0], hit[1], True
            break
    return None


class _Reader:
    """Reads one numeral starting at a position of folded text."""

    __slots__ = ("text", "total", "current", "parts", "last_mult", "pos", "end", "words", "definite", "multiplied",
                 "pos_before_conj")

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.total = 0.0
        self.current = 0.0
        self.parts: set[str] = set()  # kinds already used in the current group
        self.last_mult = float("inf")
        self.pos = pos
        self.end = pos
        self.words = False
        self.definite = False
        self.multiplied = False

    def value(self) -> float:
        return self.total + self.current

    def read(self) -> NumberMatch | None:
        start: int | None = None
        conj = False  # a و was seen before the next token
        first = True
        snapshot = None  # state before a "و + group" that may turn out to be a separate number
        self.pos_before_conj = self.end
        while True:
            m = _TOKEN.match(self.text, self.pos)
            if not m:
                break
            if conj and self.parts == {"mult_done"} and snapshot is None:
                snapshot = (self.total, self.current, set(self.parts), self.end, self.pos_before_conj)
            if m.group("num") is not None:
                value = parse_digits(m.group("num"))
                if value is None or not self._take_digits(value, first, conj):
                    break
                if start is None:
                    start = m.start("num")
                self._advance(m)
                first, conj = False, False
                continue
            word = m.group("word")
            if word == "و" and not first:
                self.pos_before_conj = self.end
                self.pos = m.end()
                conj = True
                continue
            if not first and word.startswith("و") and len(word) > 1 and not conj:
                word_conj, word = True, word[1:]
                if self.parts == {"mult_done"} and snapshot is None:
                    snapshot = (self.total, self.current, set(self.parts), self.end, self.end)
            else:
                word_conj = conj
            if word == _HALF and word_conj and self.parts == {"mult_done"}:
                self.total += self.last_mult / 2
                self._advance(m)
                break
            info = _lookup(word)
            if info is None or not self._take_word(info, first, word_conj):
                if info is not None and info[1] in ("mult", "mult_pl") and snapshot is not None:
                    # "بين 20 ألف و50 ألف": the second group is a number of its own, not 20050.
                    self.total, self.current, self.parts, self.end, _ = snapshot
                break
            if info[1] in ("mult", "mult_pl"):
                snapshot = None  # the group is closed by a smaller multiplier: it belongs to this numeral
            if start is None:
                start = m.start("word")
            self.words = True
            self.definite = self.definite or info[2]
            self._advance(m)
            first, conj = False, False
            if info[2]:
                self._definite_teen(info[1])
                break  # a definite numeral stands alone, or with its عشر (الجهات الاثنتي عشرة)
        if start is None or self.value() <= 0 or self.parts == {"teen_head"}:
            return None  # أحد alone means "one of", not a number
        if not math.isfinite(self.value()):
            return None  # hundreds of digits overflow a float: no quantity, and inf is not valid JSON
        return NumberMatch(self.value(), start, self.end, self.words, self.definite, self.multiplied)

    def _definite_teen(self, kind: str) -> None:
        """Read the عشر of a definite compound numeral: الاثنتي عشرة، الثلاثة عشر، الإحدى عشرة."""
        if kind not in ("unit", "teen_head") or self.current >= 10:
            return
        m = _TOKEN.match(self.text, self.pos)
        if m and m.group("word") in _TEN_FORMS:
            self.current += 10
            self.parts = {"teen"}
            self._advance(m)

    def _advance(self, m: re.Match[str]) -> None:
        self.pos = self.end = m.end()

    def _take_digits(self, value: float, first: bool, conj: bool) -> bool:
        if not first and not (conj and self.parts == {"mult_done"}):
            return False
        self.current = value
        self.parts = {"digits"}
        return True

    def _take_word(self, info: tuple[float, str, bool], first: bool, conj: bool) -> bool:
        value, kind, _definite = info
        parts = self.parts
        if kind in ("mult", "mult_pl"):
            if kind == "mult_pl" and not self.current:
                return False  # "آلاف" alone is vague
            if conj or value >= self.last_mult or "mult_done" in parts and not self.current:
                return False
            if not self.current and not first:
                return False
            self.total += (self.current or 1) * value
            self.current = 0
            self.last_mult = value
            self.parts = {"mult_done"}
            self.multiplied = True
            return True
        if kind == "dual":
            if not first:
                return False
            self.total, self.last_mult, self.parts, self.multiplied = value, value / 2, {"mult_done"}, True
            return True
        if kind == "teen_head":
            # Only as the start of أحد عشر / اثنا عشر: checked when عشر follows.
            if not first:
                return False
            self.current, self.parts = value, {"teen_head"}
            return True
        if first:
            self.current, self.parts = value, {kind}
            return True
        if "digits" in parts:
            return False
        if kind == "ten" and not conj and parts <= {"unit", "teen_head"} and self.current < 10:
            self.current += 10  # ثلاثة عشر، أحد عشر
            self.parts = {"teen"}
            return True
        if "teen_head" in parts:
            return False
        if kind == "hundred" and not conj and parts == {"unit"} and value == 100:
            self.current *= 100  # split form: ثلاث مائة
            self.parts = {"hundred"}
            return True
        if not conj:
            return False
        # After و: hundreds, then units, then tens ("مائتين وخمسين"، "خمسة وعشرين")
        if parts == {"mult_done"}:
            if kind == "teen_head" or value >= self.last_mult:
                return False
            self.current, self.parts = value, {kind}
            return True
        if kind == "unit" and parts <= {"hundred"}:
            self.current += value
            parts.add("unit")
            return True
        if kind == "tens" and parts <= {"hundred", "unit"} and "tens" not in parts:
            self.current += value
            parts.add("tens")
            return True
        if kind == "ten" and parts <= {"hundred"}:
            self.current += value
            parts.add("tens")
            return True
        return False


def _candidates(folded: str) -> list[int]:
    """Return the positions where a numeral may start: digit runs, and number words found by set lookup.

    Intersecting the article's word set with _SURFACE and then locating only those words is much
    faster than a regex alternation of every form, or a Python loop over every word.
    """
    starts: list[int] = []
    for m in _DIGITS.finditer(folded):
        start = m.start()
        before = folded[start - 1: start] if start else ""
        # Not glued to Latin letters or another number (UM6P، 1.2), nor a name's suffix (كوفيد-19).
        if before and (_LATIN_OR_NUM.match(before) or before == "-" and start > 1 and folded[start - 2].isalnum()):
            continue
        starts.append(start)
    for word in arabic_words(folded) & _SURFACE:
        pos = folded.find(word)
        while pos >= 0:
            end = pos + len(word)
            if not (pos and _LETTER.match(folded, pos - 1)) and not _LETTER.match(folded, end):
                starts.append(pos)
            pos = folded.find(word, end)
    starts.sort()
    return starts


def scan_numbers(folded: str) -> list[NumberMatch]:
    """Return every numeral in already-folded text, spans in that text."""
    found: list[NumberMatch] = []
    end = -1
    for start in _candidates(folded):
        if start < end:
            continue
        match = _Reader(folded, start).read()
        if match is not None:
            found.append(match)
            end = match.end
    return found


def _map(match: NumberMatch, offsets: list[int]) -> NumberMatch:
    return NumberMatch(match.value, offsets[match.start], offsets[match.end - 1] + 1, match.words,
                       match.definite, match.multiplied)


def find_numbers(text: str) -> list[NumberMatch]:
    """Return every numeral in text (digits, words, or both), with spans in text."""
    folded, offsets = fold_view(text)
    return [_map(m, offsets) for m in scan_numbers(folded)]


def number_at(text: str, pos: int) -> NumberMatch | None:
    """Return the numeral that starts at text[pos], or None."""
    folded, offsets = fold_view(text)
    fpos = bisect.bisect_left(offsets, pos)
    match = _Reader(folded, fpos).read()
    return _map(match, offsets) if match is not None and match.start == fpos else None


def parse_number_words(words: list[str]) -> tuple[float, int] | None:
    """Return (value, words consumed) for a numeral at the start of a list of words, or None."""
    from .normalize import fold

    text = fold(" ".join(words))
    match = _Reader(text, 0).read()
    if match is None or match.start != 0:
        return None
    return match.value, len(text[: match.end].split())
