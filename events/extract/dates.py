"""Dates in Arabic news text: absolute dates, day ranges, month/year mentions, and relative expressions.

Everything is matched on folded text (normalize.fold), so أبريل/ابريل/إبريل and ٢٠٢٥/2025 are one form.
A day and month without a year take the year from the publication date when there is one, and
otherwise stay yearless (PartialDate.year None): the schema forbids guessing.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .normalize import fold
from .text import arabic_words, fast_fold, fold_view
from .types import DateMention, PartialDate, Span

# CLDR month names: Mashriq (ar), Maghreb (ar_MA), Algeria/Tunisia (ar_DZ, ar_TN), Levant (ar_LB, ar_SY),
# Mauritania (ar_MR: أغشت، شتمبر، دجمبر).
_LOCALES = ("ar", "ar_MA", "ar_DZ", "ar_TN", "ar_LB", "ar_SY", "ar_EG", "ar_MR")
# Spellings the press uses that CLDR lacks.
_MONTH_VARIANTS = {
    "ابريل": 4, "إبريل": 4, "أبريل": 4, "افريل": 4, "مايو": 5, "ماي": 5, "يونيه": 6, "يوليه": 7, "يوليوز": 7,
    "اغسطس": 8, "أغسطس": 8, "اغشت": 8, "غشت": 8, "سبتمبر": 9, "شتنبر": 9, "شتمبر": 9, "اكتوبر": 10,
    "نونبر": 11, "نوفمبر": 11, "دجنبر": 12, "دجمبر": 12, "ديسمبر": 12, "يناير": 1, "جانفي": 1, "فيفري": 2,
    "جوان": 6, "جويلية": 7, "اوت": 8,
}
_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
# Ordinal day words (يومي الثامن والتاسع من فبراير، الفاتح من ماي), folded.
_ORDINAL_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINAL_DAYS: dict[str, int] = {"الفاتح": 1, "فاتح": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _i, _w in enumerate(_ORDINAL_UNITS, start=1):
    _ORDINAL_DAYS[_w] = _i
    _ORDINAL_DAYS[("الحادي" if _i == 1 else _w) + " عشر"] = 10 + _i
    _ORDINAL_DAYS[("الحادي" if _i == 1 else _w) + " والعشرين"] = 20 + _i
_ORDINAL_DAYS["الحادي والثلاثين"] = 31

_MODIFIERS_CURRENT = ("الجاري", "الحالي")
_MODIFIERS_NEXT = ("المقبل", "القادم")
_MODIFIERS_PAST = ("الماضي",)


@lru_cache(maxsize=1)
def month_table() -> dict[str, int]:
    """Return folded month name → month number, from babel CLDR plus press spellings."""
    from babel import Locale

    table: dict[str, int] = {}
    for code in _LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for number, name in locale.months[context]["wide"].items():
                table[fold(name)] = number
    for name, number in _MONTH_VARIANTS.items():
        table[fold(name)] = number
    return table


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compile the date patterns (they embed the month table, so they are built on first use)."""
    month = rf"(?:(?:من\s+)?(?:شهر\s+)?(?P<{{g}}>{_alt(month_table())}))(?![\w])"
    weekday_t = rf"(?:(?:يوم|صباح|مساء|ليله|ظهر|زوال|عشيه)\s+)?(?P<{{g}}>{_alt(_WEEKDAYS)})(?![\w])"
    weekday = weekday_t.format(g="wd")
    day = r"(?<![\d.,:/])(?P<{g}>[0-3]?\d|فاتح|الفاتح)(?![\d:/])"
    year = r"(?:\s*[،,]?\s*(?P<{g}>(?:19|20)\d\d)(?!\d)(?:\s*م(?![\w]))?)"
    mod = rf"(?:\s+(?P<mod>{_alt(_MODIFIERS_CURRENT + _MODIFIERS_NEXT + _MODIFIERS_PAST)})(?![\w]))"
    to = r"\s*(?:الي\s+غايه|الي|حتي|و|-|/)\s*"
    ordinal = rf"(?P<{{g}}>{_alt(_ORDINAL_DAYS)})(?![\w])"

    def m(g: str) -> str:
        return month.format(g=g)

    def d(g: str) -> str:
        return day.format(g=g)

    def y(g: str) -> str:
        return year.format(g=g)

    def o(g: str) -> str:
        return ordinal.format(g=g)

    lead = rf"(?:{weekday}\s*[،,]?\s*)?"
    # A weekday without a group, for lists and ranges of days; the shared ال first lets a miss fail fast.
    wdx = rf"ال(?:{_alt(w[2:] for w in _WEEKDAYS)})(?![\w])"
    patterns = {
        # من 28 فبراير إلى 2 مارس 2025، ما بين 29 سبتمبر و17 أكتوبر 2025
        # (a weekday may stand before either day: من الأربعاء 10 إلى الأحد 14 شتنبر)
        "range2": rf"(?:من|ما\s+بين|بين)\s+(?:{wdx}\s+)?{d('d1')}\s+{m('m1')}{y('y1')}?{to}(?:{wdx}\s+)?{d('d2')}"
        rf"\s+{m('m2')}{y('y2')}?{mod}?",
        # من 6 إلى 8 دجنبر، ما بين 12 و14 ماي، من فاتح إلى 6 ماي 2023
        "range1": rf"(?:(?:من|ما\s+بين|بين)\s+(?:{wdx}\s+)?)?{d('d1')}{to}(?:{wdx}\s+)?{d('d2')}\s+{m('m2')}{y('y2')}?"
        rf"{mod}?",
        # يومي 8 و9 فبراير، أيام 4 و5 و6 ماي، يومي الجمعة 14 والسبت 15 مارس (a weekday before each day)
        "list": rf"(?:(?:يومي|ايام)\s+(?:{wdx}\s+)?|(?:يوم\s+)?{wdx}\s+(?={d('d0')}\s*[،,]?\s*و\s*{wdx}))"
        rf"{d('d1')}(?:\s*(?:[،,]|و)\s*(?:{wdx}\s+)?(?:[0-3]?\d(?![\d:/])))*\s*(?:[،,]|و)\s*(?:{wdx}\s+)?{d('d2')}"
        rf"\s+{m('m2')}{y('y2')}?{mod}?",
        # يومي الثامن والتاسع من فبراير، الفاتح من ماي
        "ordinal": rf"(?:(?:{weekday}|يومي|ايام)\s+)?{o('d1')}(?:\s+و\s*{o('d2')})?\s+من\s+(?:شهر\s+)?"
        rf"(?P<m2>{_alt(month_table())})(?![\w]){y('y2')}?{mod}?",
        # الأربعاء 10 يوليو 2024، 21 أكتوبر، 30 أبريل الجاري
        "single": rf"{lead}{d('d2')}\s+{m('m2')}{y('y2')}?{mod}?",
        # 2024/07/10، 10/07/2024، 10-07-2024، 10.07.2024
        "numeric": rf"{lead}(?<![\d./-])(?:(?P<ny>(?:19|20)\d\d)[/-](?P<nm>[01]?\d)[/-](?P<nd>[0-3]?\d)"
        rf"|(?P<nd2>[0-3]?\d)(?P<sep>[/.-])(?P<nm2>[01]?\d)(?P=sep)(?P<ny2>(?:19|20)\d\d))(?![\d./-]|\.\d)",
        # إلى غاية 20 منه، من 15 إلى 20 من الشهر الجاري، يوم 5 من الشهر المقبل: the month of publication
        # A bare "N منه" also means "N of it": it needs a time word or a range before it.
        "dayrel": rf"(?:(?:{weekday}|يوم|غايه|حتي|الي|بتاريخ)\s*[،,]?\s*|(?:من|ما\s+بين|بين)\s+{d('d1')}{to})?"
        rf"{d('d2')}\s+(?:(?P<minh>منه)|من\s+(?:هذا\s+)?الشهر"
        rf"(?:\s+(?P<dmod>{_alt(_MODIFIERS_CURRENT + _MODIFIERS_NEXT + _MODIFIERS_PAST)}))?)(?![\w])",
        # نونبر 2024، شهر فبراير الجاري
        "month": rf"(?<![\w]){m('m2')}(?:{y('y2')}|{mod})",
        # سنة 2024، عام 2019
        "year": r"(?<![\w])(?:سنه|عام|العام|السنه)\s+(?P<y2>(?:19|20)\d\d)(?!\d)",
        # أمس الأربعاء، أول أمس، اليوم الثلاثاء، غدا الخميس، صباح اليوم
        "relday": rf"(?<![\w])(?:(?P<rel>(?:اول\s+)?امس|غدا|بعد\s+غد|(?:يوم\s+)?غد(?=\s+(?:{_alt(_WEEKDAYS)}))"
        rf"|(?:يوم|صباح|مساء|ظهر)\s+(?:ال)?غد(?![\w]))"
        rf"(?:\s+{weekday_t.format(g='wd1')})?"
        rf"|(?P<today>(?:صباح|مساء|ظهر)\s+)?(?P<rel2>اليوم)\s*[،,]?\s*{weekday}"
        rf"|(?:صباح|مساء|ظهر)\s+(?P<rel3>اليوم)(?![\w]))",
        # يوم الجمعة 7 (من الشهر الجاري): a weekday and a day, the month left to the reader
        "wdday": rf"(?<![\w]){weekday}\s*[،,]?\s*{d('d2')}"
        rf"(?!\s*[/-]?\s*\d)(?!\s+(?:من\s+)?(?:شهر\s+)?(?:{_alt(month_table())})(?![\w]))",
        # يوم الثلاثاء، الأربعاء الماضي
        "weekday": rf"(?<![\w]){weekday}(?:\s+(?P<wmod>{_alt(_MODIFIERS_PAST + _MODIFIERS_NEXT)}))?(?![\w])",
        # الشهر الماضي، الشهر الجاري، السنة المقبلة، الأسبوع الماضي
        "period": r"(?<![\w])(?P<unit>الاسبوع|الشهر|السنه|العام)\s+(?P<pmod>الماضي|الماضيه|الجاري|الجاريه|الحالي|الحاليه"
        r"|المقبل|المقبله|القادم|القادمه)(?![\w])",
    }
    return {name: re.compile(p) for name, p in patterns.items()}


_CONTRADICTION = ("contradiction",)
_ORDER = ("range2", "list", "ordinal", "range1", "numeric", "single", "month", "year", "dayrel", "relday", "period",
          "wdday", "weekday")


def _day(token: str) -> int:
    return _ORDINAL_DAYS.get(token) or int(token)


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return 1 <= month <= 12
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays valid without a year
    except ValueError:
        return False
    return True


def _infer_year(month: int, day: int | None, published: PartialDate | None, mod: str | None) -> int | None:
    """Return the year a yearless day/month means, given the publication date (None without one)."""
    if published is None or published.year is None:
        return None
    year = published.year
    if published.month is None:
        return year
    pub = dt.date(year, published.month, published.day or 15)
    try:
        guess = dt.date(year, month, day or 15)
    except ValueError:
        return year
    if mod in _MODIFIERS_NEXT:
        return year + 1 if guess < pub - dt.timedelta(days=31) else year
    if mod in _MODIFIERS_PAST:
        return year - 1 if guess > pub else year
    # A report rarely names a day more than two months ahead, or a day ten months back without a year.
    if guess > pub + dt.timedelta(days=62):
        return year - 1
    if guess < pub - dt.timedelta(days=300):
        return year + 1
    return year


def _weekday_ok(wd: str | None, date: PartialDate) -> bool:
    if wd is None or date.year is None or date.day is None:
        return True
    return dt.date(date.year, date.month, date.day).weekday() == _WEEKDAYS[wd]


def _published_date(published: PartialDate | None) -> dt.date | None:
    if published is None or published.year is None or published.month is None or published.day is None:
        return None
    return dt.date(published.year, published.month, published.day)


def _as_partial(d: dt.date) -> PartialDate:
    return PartialDate(d.year, d.month, d.day)


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _resolve(kind: str, m: re.Match[str], published: PartialDate | None):
    """Return (start, end, relative, confidence) for a match, or None when it is no usable date."""
    months = month_table()
    g = lambda name: _group(m, name)  # noqa: E731
    mod = g("mod")
    wd = g("wd") or g("wd1")
    pub = _published_date(published)

    if kind in ("range2", "range1", "list", "ordinal", "single"):
        m2 = months[re.sub(r"\s+", " ", g("m2"))]
        d2 = _day(g("d2")) if g("d2") else None
        d1 = _day(g("d1")) if g("d1") else None
        m1 = months[re.sub(r"\s+", " ", g("m1"))] if g("m1") else m2
        y2 = int(g("y2")) if g("y2") else None
        y1 = int(g("y1")) if g("y1") else None
        if kind == "ordinal" and d2 is None:
            d2, d1 = d1, None
        if y2 is None:
            y2 = _infer_year(m2, d2, published, mod)
        if y1 is None and y2 is not None:
            y1 = y2 - 1 if m1 > m2 else y2
        if not _valid(y2, m2, d2) or (d1 is not None and not _valid(y1, m1, d1)):
            return None
        end = PartialDate(y2, m2, d2)
        if d1 is None:
            confidence = 1.0 if _weekday_ok(wd, end) else 0.5
            return end, None, False, confidence
        start = PartialDate(y1, m1, d1)
        if (y1 or 0, m1 if y1 == y2 else 0, d1) >= (y2 or 0, m2 if y1 == y2 else 0, d2) and y1 == y2:
            return None  # a range must move forward
        if y1 is None and y2 is None and (m1, d1) >= (m2, d2):
            return None
        confidence = 1.0 if _weekday_ok(wd, start) else 0.5
        return start, end, False, confidence

    if kind == "numeric":
        if g("ny"):
            y, mo, d = int(g("ny")), int(g("nm")), int(g("nd"))
        else:
            y, mo, d = int(g("ny2")), int(g("nm2")), int(g("nd2"))
        if not _valid(y, mo, d):
            return None
        date = PartialDate(y, mo, d)
        return date, None, False, 1.0 if _weekday_ok(wd, date) else 0.5

    if kind == "month":
        mo = months[re.sub(r"\s+", " ", g("m2"))]
        y = int(g("y2")) if g("y2") else _infer_year(mo, None, published, mod)
        return PartialDate(y, mo), None, False, 1.0

    if kind == "year":
        return PartialDate(int(g("y2"))), None, False, 1.0

    if pub is None:
        return None  # relative expressions need the publication date

    if kind == "relday":
        rel = g("rel")
        if rel is None:
            date = pub
        else:
            rel = re.sub(r"\s+", " ", rel)
            shift = {"امس": -1, "اول امس": -2, "غدا": 1, "بعد غد": 2}.get(rel, 1 if rel.endswith("غد") else 0)
            date = pub + dt.timedelta(days=shift)
        confidence = 0.9
        if wd is not None and date.weekday() != _WEEKDAYS[wd]:
            # "اليوم الجمعة" in a piece dated Saturday: the named weekday wins (nearest one, earlier on a tie).
            shift = (_WEEKDAYS[wd] - date.weekday()) % 7
            date += dt.timedelta(days=shift if shift <= 3 else shift - 7)
            confidence = 0.5
        return _as_partial(date), None, True, confidence

    if kind == "dayrel":
        if g("minh") and m.start() == m.start("d2"):
            return None  # "أخذ 20 منه": a share of something, not a day
        dmod = g("dmod")
        step = 1 if dmod in _MODIFIERS_NEXT else (-1 if dmod in _MODIFIERS_PAST else 0)
        index = pub.year * 12 + pub.month - 1 + step
        year, month = index // 12, index % 12 + 1
        d2, d1 = int(g("d2")), int(g("d1")) if g("d1") else None
        if not _valid(year, month, d2) or d1 is not None and (not _valid(year, month, d1) or d1 >= d2):
            return None
        end = PartialDate(year, month, d2)
        if d1 is None:
            return end, None, True, 0.8 if _weekday_ok(wd, end) else 0.4
        start = PartialDate(year, month, d1)
        return start, end, True, 0.8 if _weekday_ok(wd, start) else 0.4

    if kind == "wdday":
        day, target = int(g("d2")), _WEEKDAYS[wd]
        candidates = []
        for shift in (-1, 0, 1):  # the publication month or a neighbour
            index = pub.year * 12 + pub.month - 1 + shift
            try:
                candidates.append(dt.date(index // 12, index % 12 + 1, day))
            except ValueError:
                continue
        matching = [c for c in candidates if c.weekday() == target]
        if not matching:
            return _CONTRADICTION
        date = min(matching, key=lambda c: abs((c - pub).days))
        return _as_partial(date), None, True, 0.7

    if kind == "weekday":
        target = _WEEKDAYS[wd]
        back = (pub.weekday() - target) % 7
        if g("wmod") in _MODIFIERS_NEXT:
            date = pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
        elif g("wmod") in _MODIFIERS_PAST:
            date = pub - dt.timedelta(days=back or 7)
        else:
            date = pub - dt.timedelta(days=back)  # news reports mostly look back within the week
        return _as_partial(date), None, True, 0.6

    if kind == "period":
        unit, pmod = g("unit"), g("pmod")
        step = 0 if pmod.startswith(("الجاري", "الحالي")) else (-1 if pmod.startswith("الماضي") else 1)
        if unit == "الاسبوع":
            if step == 0:
                return None  # "خلال الأسبوع الجاري" is too vague to date
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
            return _as_partial(monday), _as_partial(monday + dt.timedelta(days=6)), True, 0.5
        if unit == "الشهر":
            index = pub.year * 12 + pub.month - 1 + step
            return PartialDate(index // 12, index % 12 + 1), None, True, 0.8
        return PartialDate(pub.year + step), None, True, 0.8
    return None


_MONTH_KINDS = frozenset(("range2", "list", "ordinal", "range1", "single", "month"))
_RELATIVE_KINDS = frozenset(("relday", "period", "wdday", "weekday", "dayrel"))


@lru_cache(maxsize=1)
def _triggers() -> dict[str, frozenset[str]]:
    """Return anchor word → the pattern kinds that can match around it (folded words)."""
    table: dict[str, set[str]] = {}
    for name in month_table():
        table.setdefault(name.split()[0], set()).update(_MONTH_KINDS)
    for word in ("سنه", "عام", "العام", "السنه"):
        table.setdefault(word, set()).add("year")
    for word in ("امس", "غدا", "غد", "الغد", "اليوم", "الاسبوع", "الشهر", "السنه", "العام", *_WEEKDAYS):
        table.setdefault(word, set()).update(_RELATIVE_KINDS - {"dayrel"})
    for word in ("منه", "الشهر"):  # the dayrel pattern is slow to try everywhere: only around its own words
        table.setdefault(word, set()).add("dayrel")
    return {word: frozenset(kinds) for word, kinds in table.items()}


# One leading character class lets the regex engine skip to digits fast (five times faster than \d{1,4}…|\d{1,2}…).
_NUMERIC_ANCHOR = re.compile(r"[0-9](?:[0-9]{0,3}[/-][0-9]|[0-9]?\.[0-9]{1,2}\.(?:19|20)[0-9][0-9])")
_LETTER = re.compile(r"[\u0621-\u064a]")
_BEFORE, _AFTER = 40, 40  # characters a date pattern may reach before and after its anchor word


def _anchors(folded: str, relative: bool) -> list[tuple[int, int, frozenset[str]]]:
    """Return (start, end, pattern kinds) for each date anchor word in folded text."""
    triggers = _triggers()
    anchors: list[tuple[int, int, frozenset[str]]] = []
    # Set arithmetic on the word list finds the few anchor words present; only those are located.
    for word in arabic_words(folded) & triggers.keys():
        kinds = triggers[word] if relative else triggers[word] - _RELATIVE_KINDS
        if not kinds:
            continue
        pos = folded.find(word)
        while pos >= 0:
            end = pos + len(word)
            if not (pos and _LETTER.match(folded, pos - 1)) and not _LETTER.match(folded, end):
                anchors.append((pos, end, kinds))
            pos = folded.find(word, end)
    for m in _NUMERIC_ANCHOR.finditer(folded):
        anchors.append((m.start(), m.end(), frozenset(("numeric",))))
    anchors.sort()
    return anchors


def _windows(folded: str, relative: bool) -> list[tuple[int, int, frozenset[str]]]:
    """Return the stretches of text around date anchors, with the pattern kinds to run there.

    Patterns only run in these windows: scanning the whole article with each of them is too slow.
    """
    windows: list[tuple[int, int, frozenset[str]]] = []
    for start, end, kinds in _anchors(folded, relative):
        a = folded.rfind(" ", 0, max(0, start - _BEFORE)) + 1
        b = folded.find(" ", end + _AFTER)
        b = len(folded) if b < 0 else b
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(b, windows[-1][1]), windows[-1][2] | kinds)
        else:
            windows.append((a, b, kinds))
    return windows


def find_dates(text: str, published: PartialDate | None = None) -> list[DateMention]:
    """Return the date mentions in text, in order; relative ones are resolved against published."""
    folded, offsets = fold_view(text)
    patterns = _patterns()
    windows = _windows(folded, _published_date(published) is not None)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind in _ORDER:
        pattern = patterns[kind]
        for ws, we, kinds in windows:
            if kind not in kinds:
                continue
            for m in pattern.finditer(folded, ws, we):
                a, b = m.span()
                if any(a < e and s < b for s, e in taken):
                    continue
                resolved = _resolve(kind, m, published)
                if resolved is None:
                    continue
                taken.append((a, b))
                if resolved is _CONTRADICTION:
                    continue  # the weekday and the day disagree: no date, and no weaker reading either
                start, end, is_relative, confidence = resolved
                sa, sb = offsets[a], offsets[b - 1] + 1
                found.append(DateMention(Span(sa, sb, text[sa:sb]), start, end, is_relative, confidence))
    found.sort(key=lambda dm: dm.span.start)
    return _of_the_month_named(found)


_MINH = re.compile(r"منه\s*$")
_MINH_REACH = 160  # characters: "افتتحت يوم 28 أبريل … قبل أن تختتم يوم الثلاثاء 30 منه"


def _of_the_month_named(found: list[DateMention]) -> list[DateMention]:
    """Return the mentions with "N منه" read in the month of the date named just before, when there is one.

    "منه" ("of it") points back at the month last named; only with none in reach is it the month of publication.
    """
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.start.month is not None and prev.start.year is not None and d.end is None
                and d.start.day is not None and _MINH.search(fast_fold(d.span.text))
                and d.span.start - prev.span.end <= _MINH_REACH
                and (prev.start.year, prev.start.month) != (d.start.year, d.start.month)):
            anchor = prev.end or prev.start
            if anchor.month is not None and _valid(anchor.year, anchor.month, d.start.day):
                moved = PartialDate(anchor.year, anchor.month, d.start.day)
                named = next((wd for wd in _WEEKDAYS if wd in fast_fold(d.span.text)), None)
                confidence = d.confidence if named is None else 1.0 if _weekday_ok(named, moved) else 0.5
                d = DateMention(d.span, moved, None, d.relative, confidence)
        out.append(d)
    return out


_PUBLISHED_LABEL = re.compile(
    r"(?:تاريخ\s+النشر|نشر\s+(?:في|يوم|بتاريخ)|نشر\s*:|اخر\s+تحديث|تم\s+النشر|تاريخ\s*:|بتاريخ"
    r"|publi[ée]\s+le|published|mis\s+[àa]\s+jour)",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[\w\s.]{2,30}?\s*[-–—:]\s*")
_TIME = re.compile(r"(?:على\s+)?(?:الساعه\s*)?\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:صباحا|مساء|GMT|[ap]m))?",
                   re.IGNORECASE)
_LEFTOVER = re.compile(r"[\W_]*", re.UNICODE)
_LINE = re.compile(r"[^\n]+")
_HEAD_LINES = 8
_LABEL_LINE_WORDS = 14
_DATE_LINE_WORDS = 10
_DATELINE_CHARS = 120


def find_published(text: str) -> PartialDate | None:
    """Return the publication date from a date line, a labelled line or a dateline, never from the body."""
    lines = [m.group() for m in _LINE.finditer(text)]
    # Labelled lines ("نشر في: 12/03/2024"، "آخر تحديث") may sit anywhere; bare date lines only near the top.
    for raw in lines:
        if raw.count(" ") >= _LABEL_LINE_WORDS:
            continue
        line = fast_fold(raw)
        label = _PUBLISHED_LABEL.search(line)
        if label:
            date = _only_date(line[label.end():], allow_trailing=True)
            if date is not None:
                return date
    for raw in lines[:_HEAD_LINES]:
        line = fast_fold(raw[:_DATELINE_CHARS]).strip()
        if raw.count(" ") < _DATE_LINE_WORDS:
            date = _only_date(line, allow_trailing=False)
            if date is not None:
                return date
        # Dateline: "الرباط - 10 يوليو 2024 (ومع)": a place, a dash, then the date straight away.
        head = _DATELINE.match(line)
        if head and len(head.group().split()) <= 4:
            dates = find_dates(line[head.end():head.end() + 40])
            if dates and dates[0].span.start == 0 and dates[0].start.day and dates[0].start.year:
                return dates[0].start
    return None


def _only_date(line: str, allow_trailing: bool) -> PartialDate | None:
    """Return the full date if the line is just a date (plus weekday, clock time, punctuation)."""
    dates = [d for d in find_dates(line) if not d.relative]
    if not dates or dates[0].end is not None:
        return None
    first = dates[0]
    if first.start.year is None or first.start.day is None:
        return None
    rest = _TIME.sub(" ", line[: first.span.start] + " " + line[first.span.end:])
    if allow_trailing:
        rest = line[: first.span.start]
    if _LEFTOVER.fullmatch(rest.strip()) is None and rest.strip():
        return None
    return first.start
