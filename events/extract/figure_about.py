"""What a figure measures: a short noun phrase taken from its sentence, its place scope, and the years it is tied to.

"بلغ عدد التعاونيات بجهة سوس ماسة 3500 تعاونية سنة 2023" → about "التعاونيات بجهة سوس ماسة", subject
"التعاونيات", scope "جهة سوس ماسة", year 2023. "رفع حصة القطاع إلى 4% بحلول 2035" → horizon 2035.

The phrase is read in this order of trust:
1. a head noun before the number that names the quantity (عدد، نسبة، حصة، قيمة، ميزانية…) and the words that
   follow it up to the verb or the number ("عدد المشاركين في المعرض" → "المشاركون في المعرض");
2. for a percentage, the noun phrase before it back to its verb, and its "من …" complement after it
   ("يمثل الاقتصاد الاجتماعي 2% من الناتج الداخلي الخام");
3. otherwise the counted noun itself, made definite and plural, with the place or event phrase next to the number
   ("شارك في المعرض 80 تعاونية" → "التعاونيات في المعرض").
The comparison key (comparison_key) joins the unit, the subject and the scope, so two articles reporting the
same count of the same thing in the same place are compared, whatever their wording around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .agreement import plural
from .normalize import fold

MAX_WORDS = 7

# Head nouns that name a measured quantity. For counts the head (عدد) is dropped from the subject: the unit says it.
_COUNT_HEADS = frozenset(fold(w) for w in ("عدد", "مجموع", "إجمالي", "اجمالي"))
_MEASURE_HEADS = frozenset(fold(w) for w in (
    "نسبة", "حصة", "معدل", "قيمة", "حجم", "ميزانية", "مبلغ", "كلفة", "تكلفة", "غلاف", "رقم", "مساهمة", "عائدات",
    "صادرات", "واردات", "إنتاج", "انتاج", "مساحة", "رأسمال", "راسمال", "استثمارات", "مداخيل", "نمو",
))
# Words that end the phrase: verbs and particles of "quantity (verb) number" sentences, and vague quantifiers.
_ENDS = frozenset(fold(w) for w in (
    "بلغ", "بلغت", "يبلغ", "تبلغ", "وصل", "وصلت", "يصل", "تصل", "ناهز", "ناهزت", "يناهز", "تناهز", "فاق", "فاقت",
    "يفوق", "تفوق", "تجاوز", "تجاوزت", "يتجاوز", "تتجاوز", "ارتفع", "ارتفعت", "يرتفع", "ترتفع", "انتقل", "انتقلت",
    "تراجع", "تراجعت", "انخفض", "انخفضت", "قارب", "قاربت", "يقارب", "تقارب", "استقر", "استقرت", "حدد", "حددت",
    "يمثل", "تمثل", "مثل", "مثلت", "يشكل", "تشكل", "شكل", "شكلت", "يساهم", "تساهم", "ساهم", "ساهمت", "يضم", "تضم",
    "ضم", "ضمت", "سجل", "سجلت", "يسجل", "تسجل", "حقق", "حققت", "أصبح", "أصبحت", "اصبح", "اصبحت", "يقدر", "تقدر",
    "قدر", "قدرت", "هو", "هي", "إلى", "الى", "حوالي", "نحو", "قرابة", "أزيد", "ازيد", "أكثر", "اكثر", "أقل", "اقل",
    "ما", "زهاء", "حدود", "بنحو", "بحوالي", "بأزيد", "بازيد", "بأكثر", "باكثر", "بـ", "ب", "فقط", "ليبلغ", "لتبلغ",
    "ليصل", "لتصل", "ليناهز", "لتناهز", "مقابل", "بعدما", "بعد", "أن", "ان", "إن", "قد", "وقد", "كان", "كانت",
    "شارك", "شاركت", "يشارك", "تشارك", "استفاد", "استفادت", "يستفيد", "تستفيد", "حضر", "حضرت", "عرف", "عرفت",
    "خلال", "سنة", "عام", "منذ", "حتى", "بحلول", "أفق", "افق", "مع", "يعادل", "تعادل", "أي", "اي", "بنسبة",
    "بمعدل", "بقيمة", "بمبلغ", "بكلفة", "بتكلفة", "بميزانية", "بلغا", "قيمته", "قيمتها", "قدره", "قدرها",
    "الذي", "التي", "الذين", "اللذين", "اللتين",
))
_LEADING = frozenset(fold(w) for w in ("ما", "أي", "اي", "و", "أن", "ان"))
# Words a phrase must not end with: prepositions and the words that introduce a number.
_TRAILING = frozenset(fold(w) for w in (
    "في", "من", "ب", "على", "إلى", "الى", "عن", "مع", "لدى", "نسبة", "بنسبة", "بمعدل", "بقيمة", "ما", "أي", "اي",
    "حوالي", "نحو", "أزيد", "ازيد", "أكثر", "اكثر", "و",
))
# Words a phrase before a percentage may start after (its verb), or end at.
_PREPOSITIONS = frozenset(fold(w) for w in ("في", "ب", "من", "على", "لدى", "داخل", "عبر"))
_NUMERAL = re.compile(r"^[\d.,٪%]+$")
_WORD = re.compile(r"[^\s،,.:;!?؟()\"«»]+")
_BREAK = re.compile(r"[،,.:;!?؟()\"«»\n]")
# A place scope: an administrative noun and the name after it, or the whole country.
_SCOPE = re.compile(
    r"(?:^|\s)(?:ب|في\s+|على\s+صعيد\s+|على\s+مستوى\s+)?((?:ال)?(?:جهة|جهه|إقليم|اقليم|عمالة|عماله|مدينة|مدينه|جماعة|جماعه)"
    r"(?:\s+[^\s،,.:;!?؟()]+){1,3})"
)
_NATIONAL = re.compile(r"(?:^|\s)(?:بالمغرب|في\s+المغرب|بالمملكة|على\s+الصعيد\s+الوطني|على\s+المستوى\s+الوطني|وطنيا)(?=\s|$|[،,.])")
_SCOPE_STOP = frozenset(fold(w) for w in (
    "خلال", "سنة", "عام", "في", "من", "إلى", "الى", "على", "مع", "منذ", "حتى", "بحلول", "التي", "الذي", "الذين",
    "حيث", "وهو", "وهي", "أي", "اي", "بعد", "قبل", "عبر", "حسب", "وفق", "وذلك", "ما", "نحو", "حوالي", "أزيد", "ازيد",
))
# "بحلول 2035"، "في أفق 2030"، "إلى غاية سنة 2030": a target year.
_HORIZON = re.compile(r"(?:بحلول|أفق|افق|غاية|غايه|غضون|حلول)\s+(?:(?:سنة|سنه|عام)\s+)?((?:19|20)\d\d)(?!\d)")
# "سنة 2023"، "خلال 2022"، "برسم 2024": the year the figure is about.
_REFERENCE = re.compile(r"(?:سنة|سنه|عام|خلال|برسم|برسم\s+سنة|في|منذ)\s+((?:19|20)\d\d)(?!\d)")
_CURRENCY_OR_PERCENT = frozenset(fold(w) for w in ("%", "درهم", "دولار", "يورو", "أورو", "دينار", "ريال", "فرنك"))


@dataclass(frozen=True, slots=True)
class About:
    about: str  # the measured quantity, as a short noun phrase from the sentence
    subject: str  # what is counted or measured, without its place ("التعاونيات")
    scope: str  # the place scope ("جهة سوس ماسة", "المغرب") or ""
    year: int | None  # the year the figure is about, when its sentence says it
    horizon: int | None  # the target year of a goal ("بحلول 2035")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _clause_before(sentence: str, start: int) -> str:
    """The text before the number back to the last comma or colon (the clause the number belongs to)."""
    head = sentence[:start]
    cut = max((m.end() for m in _BREAK.finditer(head)), default=0)
    return head[cut:]


def _clause_after(sentence: str, end: int) -> str:
    tail = sentence[end:]
    m = _BREAK.search(tail)
    return tail[: m.start()] if m else tail


def _is_end(word: str) -> bool:
    key = fold(word)
    if key[:1] in ("و", "ف") and len(key) > 3 and key[1:] in _ENDS:
        return True  # وتساهم، فبلغ
    return key in _ENDS or bool(_NUMERAL.match(word))


def _phrase_from_head(words: list[str]) -> tuple[str, bool] | None:
    """From the words before the number: the last quantity head and what follows it, up to a verb or particle."""
    for i in range(len(words) - 1, -1, -1):
        key = fold(words[i])
        bare = key[1:] if key[:1] in ("و", "ب", "ل") and key[1:] in _COUNT_HEADS | _MEASURE_HEADS else key
        if bare in _COUNT_HEADS or bare in _MEASURE_HEADS:
            phrase = []
            for w in words[i + 1:]:
                if _is_end(w) or len(phrase) >= MAX_WORDS - 1:
                    break
                phrase.append(w)
            head = words[i][1:] if bare != key else words[i]
            if not phrase:
                # "برأسمال ناهز 12 مليونا": رأسمال; but "بنسبة 6%" only introduces its number.
                return None if bare in _COUNT_HEADS or i == len(words) - 1 else (head, False)
            if bare in _COUNT_HEADS:
                return " ".join(phrase), True
            return " ".join([head, *phrase]), False
    return None


def _percent_phrase(before: list[str], after: str) -> str:
    """For "يمثل الاقتصاد الاجتماعي 2% من الناتج": the noun phrase back to its verb, and the "من …" complement."""
    phrase: list[str] = []
    skipped = 0
    for w in reversed(before):
        if _is_end(w) and not phrase and skipped < 2:
            skipped += 1  # "النساء في القطاع بنسبة 6%": the word that introduces the number
            continue
        if _is_end(w) or len(phrase) >= 5:
            break
        phrase.insert(0, w)
    return " ".join(x for x in (" ".join(phrase), _complement(after)) if x)


def _complement(after: str) -> str:
    """The "من …" (or "في …") complement right after a percentage: what it is a share of."""
    complement: list[str] = []
    rest = _words(after)
    if rest and fold(rest[0]) in ("من", "في"):
        for w in rest[:5]:
            if complement and (_is_end(w) or fold(w) in _PREPOSITIONS):
                break
            complement.append(w)
    return " ".join(complement)


def _definite_plural(unit: str) -> str:
    """تعاونية → التعاونيات: the counted noun as a subject (the first word of a two-word unit)."""
    words = unit.split()
    head = plural(words[0])
    if not head.startswith("ال"):
        head = "ال" + head
    return " ".join([head, *words[1:]])


def _non_human_plural(subject: str) -> bool:
    """التعاونيات، المشاريع: an adjective agrees in the feminine singular; not المشاركون، المستفيدين (people)."""
    head = subject.split()[0]
    return not head.endswith(("ين", "ون")) and fold(head[2:]) not in _PEOPLE


_PEOPLE = frozenset(fold(w) for w in ("نساء", "أطفال", "شباب", "رجال", "خبراء", "أعضاء", "شركاء", "طلبة", "طلاب",
                                      "زوار", "عمال", "تجار", "صناع", "فلاحين", "أشخاص", "أفراد", "وزراء", "فتيات",
                                      "سيدات", "متعاونات", "مستفيدات", "مشاركات"))


def _attributes(subject: str, after: str, unit: str) -> str:
    """The adjectives written right after the counted noun, made definite: "15 مشروعا نسائيا" → "النسائية".

    Only nisba adjectives (…ي، …ية، …يا) of a non-human plural, which agree in the feminine singular.
    """
    if not _non_human_plural(subject):
        return ""
    out = []
    for w in _words(after)[:2]:
        key = fold(w)
        if key in _STOP_ADJ or key.startswith("ال") or len(key) < 4:
            break
        if key.endswith("يه"):
            out.append("ال" + w)
        elif key.endswith("يا") and not key.endswith("ايا"):
            out.append("ال" + w[:-1] + "ة")
        elif key.endswith("ي") and len(unit.split()) == 1:
            out.append("ال" + w + "ة")
        else:
            break
    return " ".join(out)


_STOP_ADJ = frozenset(fold(w) for w in ("في", "من", "على", "إلى", "الى", "حتى", "سنويا", "يوميا", "شهريا", "أي", "وهي",
                                        "فقط", "تقريبا", "حاليا", "أيضا"))


def _taking_part(subject: str, before: list[str]) -> str:
    """ "بمشاركة 120 تعاونية" → "التعاونيات المشاركة": what the count is of, when the word before the number says."""
    near = [fold(w) for w in before[-3:]]
    if not any(w in ("بمشاركه", "مشاركه", "شارك", "شاركت", "يشارك", "تشارك") for w in near):
        return ""
    if subject.split()[0].endswith(("ون", "ين")) or "مشارك" in fold(subject):
        return ""
    return "المشاركة" if _non_human_plural(subject) else "المشاركون"


def _context_phrase(before: list[str], after: str) -> str:
    """The place or event phrase next to the number: "في المعرض" before it, "بجهة سوس ماسة" after it."""
    rest = _words(after)
    for i, w in enumerate(rest[:3]):
        key = fold(w)
        if key in ("في", "ب", "من") and i + 1 < len(rest) and fold(rest[i + 1]).startswith("ال"):
            return " ".join(rest[i:i + 2 + (1 if i + 2 < len(rest) and fold(rest[i + 2]).startswith("ال") else 0)])
        if key[:1] == "ب" and key[1:3] == "ال" and len(key) > 4:
            return w
    for i in range(len(before) - 1, max(-1, len(before) - 5), -1):
        key = fold(before[i])
        if key in ("في", "ب") and i + 1 < len(before) and fold(before[i + 1]).startswith("ال"):
            return " ".join(before[i:i + 2])
    return ""


def _scope(text: str) -> tuple[str, str]:
    """The place scope of a phrase, bare ("جهة سوس ماسة") and as written with its preposition ("بجهة سوس ماسة")."""
    m = _SCOPE.search(text)
    if m:
        words = []
        for w in m.group(1).split():
            if words and (fold(w) in _SCOPE_STOP or _NUMERAL.match(w)):
                break
            words.append(w)
        if len(words) < 2:
            return "", ""  # "في مدينة" with no name after it is no place
        written = text[m.start():m.start(1)].strip() + " ".join(words)
        written = written.replace("في", "في ", 1) if written.startswith("في") and not written.startswith("في ") else written
        words[0] = words[0][2:] if words[0].startswith("ال") else words[0]
        return " ".join(words), " ".join(written.split())
    national = _NATIONAL.search(text)
    if national:
        return "المغرب", national.group(0).strip()
    return "", ""


def _years(sentence: str, start: int, end: int) -> tuple[int | None, int | None]:
    """The reference year and the horizon year written in the figure's sentence, the nearest to it."""
    def nearest(matches):
        best = min(matches, key=lambda m: min(abs(m.start() - end), abs(m.end() - start)), default=None)
        return int(best.group(1)) if best else None

    horizon = nearest(_HORIZON.finditer(sentence))
    references = [m for m in _REFERENCE.finditer(sentence) if int(m.group(1)) != horizon]
    return nearest(references), horizon


def describe(sentence: str, start: int, end: int, unit: str) -> About:
    """Describe the figure at sentence[start:end] (numeral and unit), whose unit is given in the singular."""
    clause = _clause_before(sentence, start)
    before = _words(clause)
    after = _clause_after(sentence, end)
    year, horizon = _years(sentence, start, end)
    found = _phrase_from_head(before)
    if found is not None:
        about = found[0]
        if unit == "%" and not found[1]:
            about = " ".join(x for x in (about, _complement(after)) if x)  # "حصة القطاع … 4% من الناتج"
    elif unit == "%":
        about = _percent_phrase(before, after)
    else:
        subject = _definite_plural(unit) if fold(unit) not in _CURRENCY_OR_PERCENT else ""
        if subject:
            subject = " ".join(x for x in (subject, _attributes(subject, after, unit), _taking_part(subject, before))
                               if x)
        context = _context_phrase(before, after)
        about = " ".join(x for x in (subject, context) if x)
    about = _nominative(_tidy(about))
    scope, written = _scope(about)
    for nearby in (" ".join(_words(after)[:6]), " ".join(before[-6:])):
        if scope:
            break
        scope, written = _scope(nearby)
        if written and not written.startswith(("ب", "في", "على", "وطني")):
            written = "في " + written  # "وتضم جهة سوس ماسة 3200 تعاونية" → "التعاونيات في جهة سوس ماسة"
        if written and fold(written) not in fold(about):
            about = f"{about} {written}"  # "8 مبادرات … بإقليم تارودانت": the place belongs to the quantity
    subject = _strip_scope(about, written)
    return About(about=about.strip()[:300], subject=subject[:200], scope=scope[:100], year=year, horizon=horizon)


def _tidy(phrase: str) -> str:
    """Drop the words a phrase must not end with ("المؤسسات المرخصة من" → "المؤسسات المرخصة")."""
    words = phrase.split()
    while words and fold(words[-1]) in _TRAILING:
        words.pop()
    while words and fold(words[0]) in _LEADING:
        words.pop(0)
    return " ".join(words)


def _nominative(phrase: str) -> str:
    """A subject in the nominative: "عدد المشاركين في المعرض" → "المشاركون في المعرض" (sound masculine plurals)."""
    from .figures import singular  # figures imports this module

    words = phrase.split()
    if words and words[0].startswith("ال") and words[0].endswith("ين"):
        bare = words[0][2:]
        if singular(bare) != bare:
            words[0] = words[0][:-2] + "ون"
    return " ".join(words)


def _strip_scope(phrase: str, written: str) -> str:
    """The phrase without its place ("التعاونيات بجهة سوس ماسة" → "التعاونيات")."""
    if not written or written not in phrase:
        return phrase
    return " ".join(phrase.replace(written, " ").split()) or phrase


def comparison_key(unit_key: str, subject: str, scope: str) -> str:
    """One key per measured quantity: the unit, the subject and the scope, folded (no ال, no spelling variants)."""
    def word(w: str) -> str:
        w = w[2:] if w.startswith("ال") and len(w) > 4 else w
        return w[:-2] if len(w) >= 5 and w.endswith(("ين", "ون")) else w  # المشاركين / المشاركون

    def key(text: str) -> str:
        return " ".join(word(w) for w in fold(text).split())

    if not subject.strip():
        return ""  # nothing says what is measured: such a figure is compared with nothing
    return f"{unit_key}:{key(subject)}@{key(scope)}"[:200]
