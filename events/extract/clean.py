"""Strip site boilerplate (menus, share buttons, comment forms, related links) from a scraped article.

The cleaned text keeps the article's own lines; offsets[i] is the index in the raw text of cleaned
character i, so every span found later can be traced back to the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import fold
from .text import fast_fold


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    offsets: list[int]
    title: str | None


# Lines that are boilerplate wherever they appear (matched on folded text, as a prefix).
_BOILERPLATE_PREFIXES = tuple(
    fold(p)
    for p in (
        "اترك تعليق", "أترك تعليق", "اترك رد", "أترك رد", "أضف تعليق", "اضف تعليق", "لن يتم نشر",
        "التعليقات مغلقة", "الآراء الواردة في التعليقات", "من شروط النشر", "مقالات ذات صلة", "مقالات مشابهة",
        "أخبار ذات صلة", "اقرأ أيضا", "إقرأ أيضا", "اقرأ ايضا", "اقرأ المزيد", "زر الذهاب إلى الأعلى",
        "العودة إلى الأعلى", "شارك المقال", "شارك هذا المقال", "شارك الخبر", "نسخ الرابط", "صورة المقال",
        "تابعونا على", "تابعوا آخر الأخبار", "يستخدم هذا الموقع", "هذا الموقع يستخدم", "ملفات تعريف الارتباط",
        "جميع الحقوق محفوظة", "حقوق النشر محفوظة", "back to top", "read also", "related articles",
        "leave a reply", "leave a comment", "share this", "cookie", "الأكثر قراءة", "الأكثر مشاهدة",
        "الأكثر تعليقا", "مواضيع ذات صلة", "مواضيع مرتبطة", "اشترك في النشرة", "اشترك في نشرتنا",
        "النشرة البريدية", "الوسوم:", "وسوم:", "الكلمات المفتاحية", "كلمات مفتاحية",
        "©", "حقوق الطبع", "أرسل لصديق", "حجم الخط", "شارك على", "صورة أرشيفية", "(صورة أرشيفية)",
        "الرجاء تسجيل الدخول", "يجب أن تكون مسجل", "تعليقات الزوار", "عدد التعليقات",
    )
)
# Lines that are boilerplate only when they are the whole line ("إعلان" also starts "إعلان الرباط").
_BOILERPLATE_LINES = frozenset(
    fold(p) for p in ("إعلان", "advertisement", "وسوم", "الوسوم", "تابعونا", "طباعة", "صورة", "فيديو", "شارك")
)
# Lines after which the rest of the page is footer, unless a real paragraph follows.
_FOOTER_PREFIXES = tuple(
    fold(p)
    for p in (
        "اترك تعليق", "أترك تعليق", "اترك رد", "أترك رد", "أضف تعليق", "اضف تعليق", "لن يتم نشر",
        "التعليقات مغلقة", "الآراء الواردة في التعليقات", "مقالات ذات صلة", "مقالات مشابهة", "أخبار ذات صلة",
        "زر الذهاب إلى الأعلى", "شارك المقال", "شارك هذا المقال", "شارك الخبر", "back to top",
        "related articles", "leave a reply", "الأكثر قراءة", "الأكثر مشاهدة", "مواضيع ذات صلة", "مواضيع مرتبطة",
        "الوسوم", "الكلمات المفتاحية", "تعليقات الزوار",
    )
)
# "Read also" introduces one link line (another article's headline) and then the body may go on.
_READ_ALSO = tuple(fold(p) for p in ("اقرأ أيضا", "إقرأ أيضا", "اقرأ ايضا", "read also"))

# Single words of site navigation, share bars and radio/section lists.
_NAV_WORDS = frozenset(
    fold(w)
    for w in (
        "الرئيسية", "أخبار", "اخبار", "الأخبار", "سريعة", "جهات", "جهوية", "وطنية",
        "دولي", "دولية", "عربي", "اقتصاد", "سياسة", "مجتمع", "رياضة", "ثقافة", "فن", "فنون", "فيديو",
        "صور", "رأي", "آراء", "منوعات", "تكنولوجيا", "صحة", "محلية", "المملكة", "الجهات", "مبادرات",
        "حوارات", "تقارير", "ملفات", "كتاب", "الرأي", "شارك", "مشاركة", "فيسبوك", "تويتر", "واتساب",
        "انستغرام", "يوتيوب", "لينكدإن", "تيليغرام", "البريد", "طباعة", "راديو", "بلوس", "اتصل", "بنا",
        "facebook", "twitter", "whatsapp", "linkedin", "telegram", "instagram", "youtube", "email", "print",
        "x", "pinterest", "messenger", "|", "-", "•",
    )
)

# Photo credits and captions: a short line opening with one of these words and a colon.
_CAPTION = re.compile(fold(r"(?:ال)?(?:صورة|صور|تصوير|مصدر الصورة|photo|crédit photo)\s*[:：]"))
_CAPTION_WORDS = 6

# Bylines and source lines: a short line opening with one of these is not a headline.
_BYLINE_WORDS = frozenset(fold(w) for w in ("بقلم", "كتبه", "كتبت", "إعداد", "اعداد", "حاوره", "بواسطة", "المصدر",
                                            "by", "par"))

# Section labels that tell an opinion piece from a report. The pipeline reads them in the raw text above the
# first kept line, so a date line is not kept from above one of them.
_SECTION_LABELS = tuple(fold(w) for w in ("رأي", "مقال رأي", "بقلم", "تحليل", "وجهة نظر", "افتتاحية", "عمود",
                                          "كرونيك", "قراءة في", "آراء"))

_STATION_WORDS = frozenset(fold(w) for w in ("راديو", "إذاعة", "radio"))

_WS_CHARS = r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\f\v]"
# Whitespace that needs rewriting: runs, or any single space other than " ".
_WS = re.compile(rf"{_WS_CHARS}{{2,}}|[^\S \n\r]")
# Every character _WS can match alone: a line without these and without "  " needs no rewriting. A plain
# character class lets the regex engine skip ahead, so this check is four times faster than _WS.search.
_ODD_WS = re.compile("[\t\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_WORD = re.compile(r"\w+", re.UNICODE)
_SENT_END = re.compile(r"[.!?؟…:\"”»)]\s*$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PIPE = re.compile(r"\s*[|•·]\s*")

_KEY_CHARS = 80
_MAX_GLUED = 24
_MAX_NAV_WORDS = 12
_MIN_TITLE_WORDS = 4
_MAX_TITLE_WORDS = 30
_BODY_WORDS = 25  # a line this long after a footer marker is article text, not a link list
_PARAGRAPH_WORDS = 12  # a line this long that ends a sentence is a body paragraph
_DATE_LINES_ABOVE = 2  # "الخميس 12 شتنبر 2024" and "10:30" right above the headline


@dataclass(slots=True)
class _Line:
    text: str
    offsets: list[int]
    key: str  # folded, lower-cased head of the line, for matching
    words: int


def _split_lines(raw: str) -> list[_Line]:
    """Return the raw lines with spaces collapsed and trimmed, each with its source offsets."""
    lines: list[_Line] = []
    pos = 0
    for m in _LINE_BREAK.finditer(raw + "\n"):
        lines.append(_collapse(raw, pos, m.start()))
        pos = m.end()
        if pos >= len(raw):
            break
    return lines


def _collapse(raw: str, start: int, end: int) -> _Line:
    segment = raw[start:end]
    if "  " not in segment and _ODD_WS.search(segment) is None:
        text = segment.strip(" ")
        lead = len(segment) - len(segment.lstrip(" "))
        return _Line(text, list(range(start + lead, start + lead + len(text))), fast_fold(text[:_KEY_CHARS]).lower(),
                     text.count(" ") + 1 if text else 0)
    chars: list[str] = []
    offsets: list[int] = []
    pos = start
    for m in _WS.finditer(segment):
        a, b = start + m.start(), start + m.end()
        chars.append(raw[pos:a])
        offsets.extend(range(pos, a))
        chars.append(" ")
        offsets.append(a)
        pos = b
    chars.append(raw[pos:end])
    offsets.extend(range(pos, end))
    text = "".join(chars)
    # Trim the single spaces left at either end.
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text.rstrip(" "))
    text, offsets = text[lead:trail], offsets[lead:trail]
    # Boilerplate is recognized by its start, so only the head of a line needs folding.
    return _Line(text, offsets, fast_fold(text[:_KEY_CHARS]).lower(), text.count(" ") + 1 if text else 0)


def _is_boilerplate(key: str, words: int) -> bool:
    if key.startswith(_BOILERPLATE_PREFIXES) or key.strip(" :：-") in _BOILERPLATE_LINES:
        return True
    return words <= _CAPTION_WORDS and _CAPTION.match(key) is not None  # "صورة: هسبريس"


def _is_nav_word(word: str) -> bool:
    """A navigation word, or several glued together by a scraper that dropped the spaces (أخبارأخبار سريعةجهات)."""
    if word in _NAV_WORDS:
        return True
    return len(word) <= _MAX_GLUED and any(
        word[:i] in _NAV_WORDS and _is_nav_word(word[i:]) for i in range(2, len(word) - 1)
    )


def _is_nav(line: _Line) -> bool:
    """A line made only of navigation words, or of short pipe-separated items (section menus)."""
    if line.words > _MAX_NAV_WORDS:
        return False
    key = line.key
    words = _WORD.findall(key) if key else []
    if not words and key:
        return True  # only punctuation: separators, bullets
    if words and all(_is_nav_word(w) for w in words):
        return True
    if words and words[0] in _STATION_WORDS and len(words) <= 4 and not _SENT_END.search(key):
        return True  # station lists in the page footer: "راديو بلوس أكادير"
    parts = [p for p in _PIPE.split(key) if p]
    return len(parts) > 1 and all(len(p.split()) <= 3 for p in parts)


def _is_date_line(line: _Line) -> bool:
    """A short line carrying a year, such as "السبت 08 فبراير 2025": a date line, never the headline."""
    return line.words <= 7 and _YEAR.search(line.key) is not None


def _is_paragraph(line: _Line) -> bool:
    return line.words >= _BODY_WORDS or line.words >= _PARAGRAPH_WORDS and _SENT_END.search(line.text) is not None


def _is_short_headline(lines: list[_Line], i: int) -> bool:
    """A headline of one to three words ("معرض التعاونيات"): the next line, past date lines, is body text.

    Menu items are followed by more menu items or by the real headline, never straight by a paragraph.
    """
    words = _WORD.findall(lines[i].key)
    if lines[i].text.endswith((":", "：")) or not words or words[0] in _BYLINE_WORDS:
        return False
    for nxt in lines[i + 1:]:
        if _is_date_line(nxt) or _is_boilerplate(nxt.key, nxt.words):
            continue
        return _is_paragraph(nxt)
    return False


def _footer_start(lines: list[_Line], title_index: int) -> int:
    """Return the index of the first footer-marker line with no real paragraph after it, else len(lines)."""
    cut = len(lines)
    for i in range(len(lines) - 1, title_index, -1):
        key = lines[i].key
        if lines[i].words >= _BODY_WORDS and not _is_boilerplate(key, lines[i].words):
            break
        if key.startswith(_FOOTER_PREFIXES):
            cut = i
    return cut


def clean(raw: str) -> Cleaned:
    """Return the article text without site boilerplate, with offsets into raw and the headline."""
    lines = [ln for ln in _split_lines(raw) if ln.text]

    title_index = -1
    for i, ln in enumerate(lines):
        if _is_boilerplate(ln.key, ln.words) or _is_nav(ln):
            continue
        if _is_date_line(ln):
            continue
        if ln.words >= _MIN_TITLE_WORDS or _is_short_headline(lines, i):
            title_index = i
            break
    # A date line right above the headline is the article's own (often its only publication date): keep it.
    first = title_index
    while first > 0 and title_index - first < _DATE_LINES_ABOVE and _is_date_line(lines[first - 1]) and not (
            _is_boilerplate(lines[first - 1].key, lines[first - 1].words) or _is_nav(lines[first - 1])):
        first -= 1
    # The first line of the page, if a date line, is the article's date too (menus may follow it).
    keep_top = 0 < first and _is_date_line(lines[0]) and not _is_boilerplate(lines[0].key, lines[0].words) and not any(
        ln.key.startswith(_SECTION_LABELS) for ln in lines[1:first])

    end = _footer_start(lines, max(title_index, 0))
    kept: list[_Line] = []
    skip_link = False
    for i, ln in enumerate(lines[:end]):
        if i < first and not (i == 0 and keep_top):
            continue  # menus and section labels above the headline
        if skip_link:
            skip_link = False
            # The line after "اقرأ أيضا" is a linked headline: short and without a closing full stop.
            if ln.words < _BODY_WORDS and not _SENT_END.search(ln.text):
                continue
        if ln.key.startswith(_READ_ALSO):
            skip_link = True
            continue
        if _is_boilerplate(ln.key, ln.words) or _is_nav(ln):
            continue
        if kept and ln.text == kept[-1].text:
            continue  # headline printed twice (page title + article title)
        kept.append(ln)

    chars: list[str] = []
    offsets: list[int] = []
    for ln in kept:
        if chars:
            chars.append("\n")
            offsets.append(min(offsets[-1] + 1, len(raw) - 1) if raw else 0)
        chars.append(ln.text)
        offsets.extend(ln.offsets)
    title = None
    head = lines[title_index] if title_index >= 0 else None
    # A long first line, or one that ends a sentence, is a lede paragraph: the page had no headline.
    if head is not None and head.words <= _MAX_TITLE_WORDS and not (
            head.words >= _PARAGRAPH_WORDS and head.text.endswith(".")):
        title = head.text
    return Cleaned("".join(chars), offsets, title)
