"""Strip site boilerplate (menus, share buttons, comment forms, related links) from a scraped article.

The cleaned text keeps the article's own lines; offsets[i] is the index in the raw text of cleaned
character i, so every span found later can be traced back to the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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

_CRUMB = re.compile(r"\s+(?:[>›»/\\]|&gt;)\s+")
_CRUMB_NO_GUILLEMET = re.compile(r"\s+(?:[>›/\\]|&gt;)\s+")

# Comment counters and empty comment sections: "التعليقات (0)"، "لا توجد تعليقات"، "3 تعليقات".
_COMMENT_COUNTER = re.compile(fold(r"^(?:(?:عدد\s+)?التعليقات|تعليقات|تعليق|comments?)\s*[(:：]?\s*[\d٠-٩]*\s*\)?$"
                                   r"|^[\d٠-٩]+\s*(?:تعليق|تعليقات|comments?)$|^لا\s+(?:توجد|يوجد)\s+تعليق"))
# A photo caption ends with its credit: "جانب من الرواق (صورة أرشيفية)"، "… (صورة: خاص)"، "… (photo MAP)".
_CAPTION_CREDIT = re.compile(fold(r"[(\[]\s*(?:ال)?(?:صورة|صور|تصوير|photo|ph)\b[^)\]]*[)\]]\s*\.?$"))
_CAPTION_MAX_WORDS = 25

# Bylines: "بقلم: …"، "متابعة: …"، "إعداد: …"، "أجرى الحوار: …"، "حاوره: …". Removed, so no later stage takes the
# author for a person of the article (SCHEMA.md: a byline is not a person).
_BYLINE = re.compile(fold(r"^(?:بقلم|متابعة|متابعه|إعداد|اعداد|من إعداد|تحرير|كتبه|كتبته|كتبت|كتب|بواسطة|حاوره|حاورته"
                          r"|الكاتب|الكاتبة|المحرر|المحررة|الصحفي|الصحفية|تصوير وتحرير"
                          r"|حاورها|أجرى الحوار|اجرى الحوار|أجرت الحوار|حوار|مراسلة|مراسل|المراسل|تنسيق|ترجمة"
                          r"|by|par)\s*[:：\-–]"))
_BYLINE_MAX_WORDS = 8
_EDITORIAL_LINES = frozenset(fold(w) for w in ("هيئة التحرير", "فريق التحرير", "التحرير", "المحرر", "الموقع",
                                               "هيئة تحرير الموقع", "رئيس التحرير"))
# An author's name alone on a line ("حسن الإدريسي"، "ع. أيت علي"): two to four name words, the first a given
# name of the lexicon or an initial ("ع."); read only near the top (before the body) or as the last line.
_INITIAL = re.compile(r"^[\u0621-\u064a]\.$|^[A-Z]\.$")
_NAME_PARTICLES = frozenset(fold(w) for w in ("بن", "ابن", "بنت", "أيت", "آيت", "ايت", "أبو", "ابو", "ولد", "عبد",
                                              "مولاي", "سيدي", "للا", "أم"))

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
_GAP = re.compile(rf"{_WS_CHARS}{{2,}}")

_KEY_CHARS = 80
_MAX_GLUED = 24
_MAX_NAV_WORDS = 12
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
    gaps: int = 0  # runs of two or more blanks inside the raw line: how site menus space their items
    chrome: int = -1  # _is_chrome's answer once asked (-1: not yet): the headline score asks it of neighbours


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
    gaps = len(_GAP.findall(segment.strip()))
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
    return _Line(text, offsets, fast_fold(text[:_KEY_CHARS]).lower(), text.count(" ") + 1 if text else 0, gaps)


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
    if len(parts) > 1 and all(len(p.split()) <= 3 for p in parts):
        return True
    return _is_menu_row(line) or _is_breadcrumb(line)


def _is_menu_row(line: _Line) -> bool:
    """Short items set apart by wide blanks ("الرئيسية     جهات     اقتصاد"): a menu or a share row.

    A sentence never spaces its words like this; a headline has one item, so two gaps are needed.
    """
    if line.gaps < 2:
        return False
    items = [p for p in _GAP.split(line.text) if p.strip()]
    return len(items) >= 3 and all(len(p.split()) <= 3 for p in items)


def _is_breadcrumb(line: _Line) -> bool:
    """A path of short section names ("الرئيسية > جهات > الشرق", "الرئيسية / أقاليم الجهة / مولاي يعقوب")."""
    text = line.text
    if "«" in text:  # » closes a quotation here, it is not a path separator
        parts = _CRUMB_NO_GUILLEMET.split(text)
    else:
        parts = _CRUMB.split(text)
    parts = [p for p in parts if p.strip()]
    if len(parts) < 2 or any(len(p.split()) > 4 for p in parts) or _SENT_END.search(text.rstrip("»")):
        return False
    first = fast_fold(parts[0].strip()).lower()
    return len(parts) >= 3 or first in _NAV_WORDS


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
        if _is_date_line(nxt) or _is_boilerplate(nxt.key, nxt.words) or _is_dateline(nxt) or _is_byline(nxt):
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


def _is_byline(line: _Line) -> bool:
    """A byline or an editorial credit line ("بقلم: …"، "متابعة: …"، "هيئة التحرير"، "هسبريس - فلان الفلاني")."""
    if line.words > _BYLINE_MAX_WORDS:
        return False
    if _BYLINE.match(line.key) is not None or line.key.strip(" .:-") in _EDITORIAL_LINES:
        return True
    m = _SITE_AUTHOR.match(line.text)
    return m is not None and _is_name_line(_collapse(m.group(1), 0, len(m.group(1))))


# "هسبريس - عبد الرحيم العسري"، "الأحداث المغربية | سعيد بنعلي": a site, a dash or bar, the author's name.
_SITE_AUTHOR = re.compile(r"^[^\-–—|:]{2,25}\s[-–—|]\s(\S+(?:\s\S+){1,3})$")


def _is_name_line(line: _Line) -> bool:
    """A person's name alone on a line ("حسن الإدريسي"، "ع. أيت علي"): how pages print their author."""
    if not 2 <= line.words <= 4 or any(ch.isdigit() for ch in line.key) or _SENT_END.search(line.text):
        return False
    words = line.key.split()
    if any(not w.replace(".", "").isalpha() for w in words):
        return False
    given = _given_names()
    first = words[0]
    if not (_INITIAL.match(first) or first in given or first in _NAME_PARTICLES and len(words) > 2):
        return False
    return not any(_is_kind_word(w) for w in words[1:])


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from .persons import name_lexicon  # the person stage's lexicon: one list of given names

    lexicon = name_lexicon()
    return lexicon.given | lexicon.common_given  # alone on its line, كريم or أمل is a name


def _is_caption(line: _Line, previous: _Line | None) -> bool:
    """A photo caption: a short line ending with a photo credit, or the line under a «صورة المقال» marker."""
    if line.words > _CAPTION_MAX_WORDS:
        return False
    if _CAPTION_CREDIT.search(fast_fold(line.text).lower()):
        return True
    return previous is not None and previous.key.startswith(_PHOTO_MARKERS) and not _SENT_END.search(line.text)


_PHOTO_MARKERS = tuple(fold(p) for p in ("صورة المقال", "الصورة", "صورة"))


def _is_comment_counter(line: _Line) -> bool:
    return line.words <= 4 and _COMMENT_COUNTER.match(line.key) is not None


def _is_chrome(line: _Line) -> bool:
    """Page chrome that is never article text, wherever it stands."""
    if line.chrome < 0:
        line.chrome = int(_is_boilerplate(line.key, line.words) or _is_nav(line) or _is_byline(line)
                          or _is_comment_counter(line))
    return bool(line.chrome)


def _is_dateline(line: _Line) -> bool:
    """"شرق بريس : وجدة"، "العيون - (ومع)": a site and a city or a city and a wire credit, the place line of a
    report (kept, but never the headline)."""
    return line.words <= 6 and (_DATELINE.match(line.text) is not None or _WIRE_DATELINE.match(line.key) is not None)


_DATELINE = re.compile(r"^[^:：.،]{2,30}\s[:：]\s*[^:：.،]{2,25}$")
# A city and the wire's credit alone on a line: "العيون – و.م.ع"، "الرباط - (ومع) -"، "Rabat - MAP".
_WIRE_DATELINE = re.compile(fold(r"^[\w\s]{2,25}\s*[-:]\s*\(?\s*(?:ومع|و\.م\.ع|و م ع|و\. م\. ع|map|mapexpress)\s*\)?"
                                 r"\s*-?\s*$"))  # matched on the folded key: every dash is "-" there


@lru_cache(maxsize=1 << 14)
def _kind_stem(word: str) -> str:
    """Return a folded word without its clitics, article and accusative alef (بالمعرض → معرض، أياما → ايام)."""
    kinds, firsts, seconds = _kind_tables()
    for form in _stems(word):
        if form in kinds or form in firsts or form in seconds:
            return form
    return word


def _stems(word: str) -> list[str]:
    forms = [word]
    for prefix in ("وبال", "وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix):])
    forms += [f[:-1] for f in forms if f.endswith("ا") and len(f) > 3]
    return forms


def _is_kind_word(word: str) -> bool:
    """True for a folded kind word (معرض، لقاء), alone or with its clitics and article (بالمعرض، وللقاء)."""
    return _kind_stem(word) in _kind_tables()[0]


def _names_event(words: list[str]) -> bool:
    """True when the words name an event: a kind word, or a two-word kind (يوم دراسي، أياما تجارية)."""
    kinds, firsts, _ = _kind_tables()
    pairs = _kind_pairs()
    stems = [_kind_stem(w) for w in words]
    if any(w in kinds for w in stems):
        return True
    return any(a in firsts and (a, b) in pairs for a, b in zip(stems, stems[1:], strict=False))


@lru_cache(maxsize=1)
def _kind_tables() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return (kind words, first words of two-word kinds, their second words), folded, from the event stage."""
    from .event import TRIGGER_PAIRS, TRIGGERS  # the event stage's kind words; imported late, clean stays light

    return (frozenset(TRIGGERS) | _HEADLINE_EVENT_WORDS, frozenset(a for a, _ in TRIGGER_PAIRS),
            frozenset(b for _, b in TRIGGER_PAIRS))


@lru_cache(maxsize=1)
def _kind_pairs() -> frozenset[tuple[str, str]]:
    from .event import TRIGGER_PAIRS

    return frozenset(TRIGGER_PAIRS)


_HEADLINE_EVENT_WORDS = frozenset(fold(w) for w in ("دورة", "نسخة", "أسبوع", "تظاهرة", "افتتاح", "اختتام", "تتويج",
                                                     "توقيع", "انطلاق", "فعاليات", "أشغال"))
# Verbs that headlines use to report an event (folded stems; a word starting with one counts).
_HEADLINE_VERBS = tuple(fold(w) for w in (
    "تحتضن", "يحتضن", "احتضن", "نظم", "تنظم", "ينظم", "تطلق", "يطلق", "أطلق", "انطلق", "تنطلق", "ينطلق", "افتتاح",
    "تفتتح", "يفتتح", "افتتح", "اختتام", "تختتم", "يختتم", "اختتم", "تتويج", "توج", "تستضيف", "يستضيف", "يحط",
    "تحط", "يناقش", "تناقش", "يبحث", "تبحث", "يسلط", "تسلط", "يجمع", "تجمع", "يلتئم", "تلتئم", "ينعقد", "تنعقد",
    "تعرض", "يعرض", "تشارك", "يشارك", "يضع", "تضع", "تحتفي", "يحتفي", "يكرم", "تكرم"))

# Weights of the headline score, fitted by hand on the develop half of the dev set (see tests/extract/test_clean.py
# for the features in isolation). A line must score HEADLINE_MIN to be the headline; the best scoring line wins.
HEADLINE_WEIGHTS = {
    "length": 2.0,       # 4 to 25 words: the length of a headline
    "short": 0.4,        # 2 or 3 words: a headline only with other evidence
    "kind": 1.0,         # names an event (معرض، ندوة، لقاء …)
    "verb": 0.6,         # a reporting verb (تحتضن، تنظم، يحط …)
    "repeated": 1.5,     # printed again further down (page title + article title)
    "separator": 0.5,    # "الرباط.. تتويج" or "X: Y": the press's headline punctuation
    "date_next": 0.7,    # a date line right below or right above
    "short_body": 2.0,   # a 1-3 word line straight above a paragraph (the short-headline rule)
    "colon_end": -2.5,   # "الكلمات:": a label
    "site": -2.0,        # the first line of the page, two or three words and no kind word: the site's name
    "dateline": -2.5,    # "SITE : CITY"
    "lede": -3.0,        # a long line that ends a sentence: the lede paragraph, not a headline
    "full_stop": -2.5,   # ends with a full stop: headlines do not
    "position": -0.15,   # per candidate above it: the headline comes early
}
HEADLINE_MIN = 1.5
_HEAD_ZONE = 18  # lines read for the headline; menus and share rows rarely take more


def headline_features(lines: list[_Line], i: int, position: int,
                      later: set[str] | None = None) -> dict[str, float]:
    """Return the features of line i as a headline candidate (position: candidates above it).

    later: the texts of the lines below i, if the caller has them (a repeated headline)."""
    ln = lines[i]
    words = _WORD.findall(ln.key)
    kind = _names_event(words)
    nxt = next((x for x in lines[i + 1:i + 4] if not _is_chrome(x) and not _is_dateline(x)), None)
    prev = next((x for x in reversed(lines[max(0, i - 3):i]) if not _is_chrome(x) and not _is_dateline(x)), None)
    if later is None:
        later = {x.text for x in lines[i + 1:]}
    short_body = ln.words <= 3 and _is_short_headline(lines, i)
    return {
        "length": 1.0 if 4 <= ln.words <= 25 else 0.0,
        "short": 1.0 if 2 <= ln.words <= 3 else 0.0,
        "kind": 1.0 if kind else 0.0,
        "verb": 1.0 if any(w.startswith(_HEADLINE_VERBS) or w[1:].startswith(_HEADLINE_VERBS) for w in words) else 0.0,
        "repeated": 1.0 if ln.text in later else 0.0,
        "separator": 1.0 if ".." in ln.text or "…" in ln.text.strip("…") or re.search(r"\S\s*:\s+\S", ln.text) else 0.0,
        "date_next": 1.0 if (nxt is not None and _is_date_line(nxt)) or (prev is not None and _is_date_line(prev)) else 0.0,
        "short_body": 1.0 if short_body else 0.0,
        "colon_end": 1.0 if ln.text.endswith((":", "：")) else 0.0,
        "site": 1.0 if ln.words <= 3 and not kind and (i == 0 and not short_body or i > 0 and ln.text == lines[0].text)
        else 0.0,
        "dateline": 1.0 if _is_dateline(ln) else 0.0,
        "lede": 1.0 if ln.words >= _PARAGRAPH_WORDS and _SENT_END.search(ln.text) and not ln.text.endswith("؟") else 0.0,
        "full_stop": 1.0 if ln.text.endswith(".") and not ln.text.endswith("..") else 0.0,
        "position": float(position),
    }


def headline_score(features: dict[str, float]) -> float:
    return sum(HEADLINE_WEIGHTS[k] * v for k, v in features.items())


def _find_headline(lines: list[_Line]) -> int:
    """Return the index of the headline among the lines above the first paragraph (scored), or -1."""
    best, best_score = -1, HEADLINE_MIN
    position = 0
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    for i, ln in enumerate(lines[:_HEAD_ZONE]):
        counts[ln.text] -= 1  # now counts the copies below line i
        if _is_paragraph(ln) and not _is_chrome(ln):
            # The body starts. With no candidate above, the body starts the kept text (clean() takes no lede for
            # a headline); no line below a paragraph is the headline, and no paragraph is dropped as a menu.
            if best < 0 and position == 0:
                return i
            break
        if _is_chrome(ln) or _is_date_line(ln) or _is_caption(ln, lines[i - 1] if i else None) \
                or (position and _is_name_line(ln)):
            continue  # an author's name under the headline is no headline either
        score = headline_score(headline_features(lines, i, position, {ln.text} if counts[ln.text] else set()))
        position += 1
        if score > best_score:
            best, best_score = i, score
    return best


def clean(raw: str) -> Cleaned:
    """Return the article text without site boilerplate, with offsets into raw and the headline."""
    lines = [ln for ln in _split_lines(raw) if ln.text]

    title_index = _find_headline(lines)
    # A date line right above the headline is the article's own (often its only publication date): keep it.
    first = title_index
    while first > 0 and title_index - first < _DATE_LINES_ABOVE and _is_date_line(lines[first - 1]) and not (
            _is_chrome(lines[first - 1])):
        first -= 1
    # The first line of the page, if a date line, is the article's date too (menus may follow it).
    keep_top = 0 < first and _is_date_line(lines[0]) and not _is_boilerplate(lines[0].key, lines[0].words) and not any(
        ln.key.startswith(_SECTION_LABELS) for ln in lines[1:first])

    end = _footer_start(lines, max(title_index, 0))
    body_start = next((i for i in range(max(title_index, 0) + 1, end) if _is_paragraph(lines[i])), end)
    chrome = [_is_chrome(ln) for ln in lines[:end]]
    last_text = max((i for i in range(end) if not chrome[i]), default=-1)
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
        if chrome[i] or (i != title_index and _is_caption(ln, lines[i - 1] if i else None)):
            continue
        if i != title_index and (title_index < i < body_start or i == last_text) and _is_name_line(ln):
            continue  # the author's name alone, under the headline or closing the article
        if kept and ln.text == kept[-1].text:
            continue  # headline printed twice (page title + article title)
        if title_index >= 0 and i < body_start and i != title_index and ln.text == lines[title_index].text:
            continue  # the headline again above the body, past a date or share line
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
