"""Organizations: a head noun (جمعية، وزارة، مجلس …) and its genitive chain, quoted and Latin names, acronyms.

Conventions follow SCHEMA.md: venues, generic bodies, events and programmes are not organizations; an office
inside a title (والي جهة …) is not one; a body a person heads or belongs to (رئيس جماعة …) is. A sub-unit
(مجلس إدارة مؤسسة …، مركز منظمة …) yields its parent. Mentions of one body (full name, acronym, short form)
merge into one Organization whose aliases list the other forms.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import fold, strip_article
from .text import Token, fast_fold, tokenize
from .types import Organization, Sentence, Span

_PUNCT = re.compile(r"[^\w\s%]", re.UNICODE)
_NEWLINE = re.compile(r"\n")


@lru_cache(maxsize=16384)
def normalize(text: str | None) -> str:
    """Return normalize.normalize(text), computed with str.translate (this runs on every name and role)."""
    if not text:
        return ""
    return " ".join(_PUNCT.sub(" ", fast_fold(text).lower()).replace("_", " ").split())


@lru_cache(maxsize=16384)
def name_key(text: str | None) -> str:
    """Return normalize.name_key(text) on the fast path."""
    return " ".join(strip_article(t) for t in normalize(text).split())


# Head nouns in folded form without ال → kind. Singular only: plurals (الجمعيات) are never one named body.
HEADS: dict[str, str] = {
    "وزاره": "ministry", "كتابه": "ministry", "مندوبيه": "public agency", "وكاله": "public agency",
    "مكتب": "public agency", "صندوق": "public agency", "هيئه": "public agency", "مديريه": "public agency",
    "مرصد": "public agency", "جمعيه": "association", "منظمه": "international organization",
    "مؤسسه": "foundation", "شبكه": "network", "اتحاد": "network", "ائتلاف": "network", "تحالف": "network",
    "كونفدراليه": "network", "فدراليه": "network", "فيدراليه": "network", "جامعه": "university",
    "تنسيقيه": "network", "رابطه": "association", "تعاضديه": "association", "تعاونيه": "cooperative",
    "كليه": "university", "معهد": "university", "مدرسه": "university", "اكاديميه": "university",
    "مركز": "other", "مجلس": "local authority", "غرفه": "other", "نقابه": "other", "حزب": "political group",
    "فريق": "political group", "بنك": "company", "شركه": "company", "مجموعه": "company",
    "مبادره": "public agency", "لجنه": "other", "بلديه": "local authority", "جماعه": "local authority",
    "عماله": "local authority", "ولايه": "local authority", "جهه": "local authority", "منتدي": "network",
    "فضاء": "network", "ميثاق": "network", "مختبر": "university", "مجمع": "company",
    "سفاره": "public agency", "قنصليه": "public agency", "قناه": "company", "اذاعه": "company",
    "حلف": "international organization",
}
# A TV channel or radio is a body (قناة المملكة، إذاعة طنجة) whatever its name's words: the country, the city.
_MEDIA_HEADS = frozenset({"قناه", "اذاعه"})
# Heads that name a body only when it acts (organizes, funds, hosts, owns), is headed by a person, or is
# called a network; elsewhere they name a place (احتضنت جماعة آسا), an event (منتدى WeXchange) or a venue.
# بلدية is always a municipality as a body: the Moroccan press names places by جماعة, foreign cities by بلدية.
CONDITIONAL_HEADS = frozenset({"جماعه", "عماله", "ولايه", "جهه", "منتدي", "فضاء"})
# Only with a quoted name right after: ميثاق "من أجل التأثير" (a bare ميثاق is a charter, a document).
QUOTE_ONLY_HEADS = frozenset({"ميثاق"})
# Only in the definite form (اللجنة الخاصة …): an indefinite لجنة is a jury or a working group.
DEFINITE_ONLY_HEADS = frozenset({"لجنه"})
# Heads of sub-units: followed by another body, they stand for that body (مركز منظمة التعاون → منظمة التعاون).
SUBUNIT_HEADS = frozenset({"مجلس", "مركز", "مديريه", "مكتب", "لجنه", "فرع", "قسم", "اداره", "مصلحه", "مندوبيه"})

# Titles that make the body after them a body the person heads or belongs to.
MEMBER_TITLES = frozenset({
    "رئيس", "رئيسه", "نائب", "نائبه", "عضو", "عضوه", "مدير", "مديره", "منسق", "منسقه", "امين", "الامين", "كاتب",
    "الرئيس", "الرئيسه", "المدير", "المديره", "مؤسس", "مؤسسه", "ممثل", "ممثله", "مستشار", "مستشاره", "خبير",
    "اعضاء", "ممثلي", "مسؤول", "مسؤوله", "يرأس", "ترأس", "يراس", "تراس", "ترأسها", "يرأسها", "منخرط", "منخرطه",
})
# Words (folded, bare) that show a body acting: organizing, partnering, funding, owning.
_ACTING_ROOTS = ("نظم", "شراك", "تنسيق", "مبادر", "دعم", "تمويل", "ملكي", "يشترك", "تشترك", "اشراف", "برعايه",
                 "رعايه", "بتعاون", "تعاون", "بمساهمه", "مساهمه", "ساهم")

# Words that end a name chain (folded).
STOP = frozenset(fold(w) for w in """
في على عن والتي والذي والذين واللتين مع من الى إلى حول خلال بين عبر منذ حتى ضد لدى ان أن إن انه بان بأن الذي التي الذين اللذين اللتين
هذا هذه ذلك تلك هو هي هم قد لقد كما ثم او أو و يوم سنه شهر تحت فوق امام بعد قبل عند ضمن وفق حسب لفائده بفضل نحو
حوالي اكثر ازيد كل جميع مختلف عدد بعض عده اي ما لا لم لن ليس غير الا إلا اما أما سواء حيث بينما اذ إذ اذا إذا
فيما بما مما كان كانت يكون تكون وكان وكانت وقد فقد وهو وهي وهذا وهذه ولا وفي وعلى ومن والى ومع وعن وذلك منها منه
فيها فيه عليها عليه لها له بها به فإن وإن لأن كأن لكن ولكن فقط اليوم امس غدا الان صباح مساء صباحا مساء الماضي الجاري الحالي المقبل القادم
الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد هنا هناك ايضا أيضا جدا فقط تحت وتحت بحضور بمشاركه بحلول
""".split())
# Words that may follow a name but never belong to it.
_TAIL_STOP = frozenset({"نفسه", "نفسها", "ذاته", "ذاتها", "المذكور", "المذكوره", "المعنيه", "المعني",
                        "المنظمه", "المنظم", "الشريكه", "الشريك", "المشاركه", "المشارك", "الداعمه", "المموله",
                        "المختصه", "المعنيين", "السابق", "السابقه", "الحالي", "الحاليه", "ايضا", "المنعقد",
                        "المنعقده", "المقام", "المقامه", "المخصص", "المخصصه", "الممتد", "الممتده", "المرتقب",
                        "المرتقبه", "المقبل", "المقبله", "المبرمج", "المبرمجه",
                        # A relative description, never part of the name: "الوكالة الموجهة لحاملي المشاريع".
                        "الموجه", "الموجهه", "المهتم", "المهتمه",
                        "الناشط", "الناشطه", "العامله"})
# Complements that make a head generic or anaphoric rather than a name (مجلس الجهة، المؤسسة نفسها).
_ANAPHORIC = frozenset({"الجهه", "المدينه", "الاقليم", "الجماعه", "المؤسسه", "الحزب", "الشبكه", "البلاد",
                        "المملكه", "الوزاره", "المنظمه", "الجمعيه", "المكتب", "الاتحاد", "المنتدي", "الجامعه"})
# Indefinite adjectives that make "head + adjective" a common noun phrase (جمعية محلية، هيئة مهنية).
_GENERIC_ADJ = frozenset({"جديده", "جديد", "كبري", "كبير", "واحده", "واحد", "اخري", "اخر", "واسعه", "واسع",
                          "عالمي", "دولي", "وطني", "محلي", "كامل", "كامله", "عريق", "عريقه", "رائد", "رائده"})
_GENERIC_NAMES = frozenset(name_key(n) for n in (
    "مجلس الحكومة", "المجلس الوزاري", "مجلس الوزراء", "المجلس الجماعي", "المجلس الجهوي", "المجلس الإقليمي",
    "المكتب المسير", "المكتب السياسي", "المكتب التنفيذي", "المجلس الإداري", "مجلس الإدارة", "الجمعية العامة",
    "المكتب الوطني", "المجلس الوطني", "لجنة التحكيم", "اللجنة التنظيمية", "لجنة تنظيمية", "المجلس العلمي",
    "مجلس المدينة", "مجلس العمالة", "مجلس الإقليم", "مجلس الجهة", "جماعة ترابية", "الجماعة الترابية",
    "هيئة التحرير", "هيئة تحرير", "أسرة التحرير",  # a newsroom credit, not a body of the article
))
# Organs of a body ("الجمعية العامة للأمم المتحدة"، "المكتب التنفيذي للشبكة"): aliases of the body when it is named.
_ORGANS = frozenset(name_key(n) for n in (
    "الجمعية العامة", "المجلس الإداري", "مجلس الإدارة", "المكتب التنفيذي", "المكتب الوطني", "المكتب المسير",
    "المجلس الوطني", "اللجنة التنفيذية", "الأمانة العامة", "الكتابة العامة", "المكتب السياسي",
))
# Complements that make مركز/قصر a venue, not a body (المركز الدولي للمؤتمرات، المركز الثقافي).
_VENUE_WORDS = frozenset({"المؤتمرات", "للمؤتمرات", "الثقافي", "الثقافيه", "المعارض", "للمعارض", "الاستقبال",
                          "الرياضي", "الاجتماعي", "التجاري", "للندوات", "الندوات", "الحمراء"})
# Moroccan regions as the press writes them after جهة (folded, hyphens as spaces), longest first.
REGIONS = tuple(sorted((r.split() for r in (
    "طنجه تطوان الحسيمه", "الشرق", "فاس مكناس", "الرباط سلا القنيطره", "بني ملال خنيفره", "الدار البيضاء سطات",
    "مراكش اسفي", "درعه تافيلالت", "سوس ماسه", "كلميم واد نون", "كلميم وادي نون", "العيون الساقيه الحمراء",
    "الداخله وادي الذهب", "سوس ماسه درعه", "الغرب الشراردة بني احسن", "دكاله عبده", "تادله ازيلال",
)), key=len, reverse=True))
# Well-known bodies named without a head noun.
KNOWN_BODY_KINDS = {
    **dict.fromkeys(("التعاون الوطني", "الإنعاش الوطني"), "public agency"),
    **dict.fromkeys(("القرض الفلاحي", "بريد المغرب", "اتصالات المغرب", "الخطوط الملكية المغربية"), "company"),
    "الهلال الأحمر المغربي": "association",
    **dict.fromkeys(("مجلس النواب", "مجلس المستشارين"), "other"),
    **dict.fromkeys(("الأمم المتحدة", "الاتحاد الأوروبي", "البنك الدولي", "صندوق النقد الدولي", "الاتحاد الإفريقي",
                     "جامعة الدول العربية", "اليونسكو", "اليونيسف"), "international organization"),
}
KNOWN_BODIES = tuple(KNOWN_BODY_KINDS)
# Latin words (lower case, accents kept) that make a capitalized Latin sequence an organization on its own,
# with the kind they give (French, Spanish, English, German, Italian, Portuguese bodies named in Arabic text).
_LATIN_ORG_KINDS = {
    **dict.fromkeys(("fondation", "foundation", "stiftung", "fundación", "fundacion", "fondazione", "fundação"),
                    "foundation"),
    **dict.fromkeys(("association", "asociación", "asociacion", "associazione", "associação", "verein", "ong",
                     "ngo", "society", "société", "sociedad", "mutuelle", "mutualité", "mutual", "collectif"),
                    "association"),
    **dict.fromkeys(("agence", "agency", "agencia", "agenzia", "office", "oficina", "institut", "institute",
                     "instituto", "istituto", "centre", "center", "centro", "observatoire", "observatorio",
                     "commission", "comisión", "comision", "commissione", "comité", "committee", "comite",
                     "chambre", "chamber", "cámara", "camara", "conseil", "council", "consejo", "consiglio"),
                    "public agency"),
    **dict.fromkeys(("ministère", "ministere", "ministry", "ministerio", "ministero", "secretaría", "secretariat"),
                    "ministry"),
    **dict.fromkeys(("diputación", "diputacion", "ayuntamiento", "junta", "generalitat", "cabildo", "mairie",
                     "municipalité", "municipality", "municipio", "comune", "région", "provincia", "gobierno",
                     "gouvernement", "government", "landkreis"), "local authority"),
    **dict.fromkeys(("network", "réseau", "reseau", "red", "rete", "federation", "fédération", "federación",
                     "federacion", "confédération", "confederación", "confederation", "union", "unión", "alliance",
                     "alianza", "platform", "plateforme", "plataforma", "coalition", "coalición", "ess"), "network"),
    **dict.fromkeys(("université", "universite", "university", "universidad", "università", "école", "ecole",
                     "school", "escuela", "faculté", "laboratoire", "laboratory", "academy", "académie"),
                    "university"),
    **dict.fromkeys(("bank", "banque", "banco", "banca", "group", "groupe", "grupo", "company", "compagnie",
                     "sa", "sarl", "gmbh", "ltd", "inc", "org", "coopérative", "cooperative", "cooperativa",
                     "genossenschaft"), "company"),
    **dict.fromkeys(("organisation", "organization", "organización", "organizacion", "organizzazione"),
                    "international organization"),
}
# Lower-case words that may sit inside a Latin body's name (articles, prepositions, conjunctions) or open it.
_LATIN_ARTICLES = frozenset({"le", "la", "les", "l", "el", "los", "las", "the", "il", "lo", "die", "der", "das",
                             "o", "a"})
_LATIN_LINKS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "pour", "et", "of", "the", "and", "for",
                          "y", "e", "del", "para", "à", "a", "au", "aux", "en", "sur", "für", "und", "von", "per",
                          "di", "della", "do", "da", "dos", "das", "al", "in", "on"})
_LATIN_TOKEN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9'’\-]*$")
_QUOTES = frozenset('"\'')  # folded: every typographic quote becomes " or '
_NUMBER = re.compile(r"^[0-9][0-9.,]*%?$")
_SEPARATORS = frozenset("،,.;؛:!?؟")


@dataclass
class _Mention:
    start: int  # token indexes, end exclusive
    end: int
    head: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    conditional: bool = False
    qualified: bool = False


def _is_word(tok: Token) -> bool:
    return tok.norm[:1].isalnum()


# (tokens list, their folded forms) of the article being read; one tuple, swapped whole, so threads are safe.
_norms_cache: tuple[Sequence[Token] | None, list[str]] = (None, [])


def norms_of(tokens: Sequence[Token]) -> list[str]:
    """Return the folded form of every token, built once per token list (each stage scans it for its words)."""
    global _norms_cache
    cached, norms = _norms_cache
    if cached is not tokens:
        norms = [t.norm for t in tokens]
        _norms_cache = (tokens, norms)
    return norms


_starts_cache: tuple[Sequence[Token] | None, list[int]] = (None, [])


def starts_of(tokens: Sequence[Token]) -> list[int]:
    """Return every token's start offset, built once per token list, for bisection without a key function."""
    global _starts_cache
    cached, starts = _starts_cache
    if cached is not tokens:
        starts = [t.start for t in tokens]
        _starts_cache = (tokens, starts)
    return starts


_index_cache: tuple[Sequence[Token] | None, dict[str, list[int]]] = (None, {})


def _index_of(tokens: Sequence[Token]) -> dict[str, list[int]]:
    """Return folded form -> indexes of its tokens, built once per token list."""
    global _index_cache
    cached, index = _index_cache
    if cached is not tokens:
        index = {}
        for k, w in enumerate(norms_of(tokens)):
            index.setdefault(w, []).append(k)
        _index_cache = (tokens, index)
    return index


def positions(tokens: Sequence[Token], words: frozenset[str] | set[str]) -> list[int]:
    """Return the indexes, in order, of the tokens whose folded form is in words.

    Stages ask this thousands of times per article with small and large word sets: walking the smaller of the
    word set and the article's distinct forms beats scanning every token each time.
    """
    index = _index_of(tokens)
    if len(words) < len(index):
        hits = [k for w in words if w in index for k in index[w]]
    else:
        hits = [k for w, ks in index.items() if w in words for k in ks]
    hits.sort()
    return hits


def _is_latin(tok: Token) -> bool:
    return bool(_LATIN_TOKEN.match(tok.text))


@lru_cache(maxsize=65536)
def _strip_prefix(norm: str) -> tuple[str, str]:
    """Return (prefix, rest) for a leading و/ف then ب/ل/ك glued to a word (لل → ل + ال)."""
    prefix = ""
    word = norm
    if len(word) > 3 and word[0] in "وف":
        prefix, word = word[0], word[1:]
    if len(word) > 3 and word.startswith("لل"):
        return prefix + "ل", "ال" + word[2:]
    if len(word) > 3 and word[0] in "بلك":
        return prefix + word[0], word[1:]
    return prefix, word


def _prefix_forms(norm: str) -> list[tuple[str, str]]:
    """Return the (prefix, word) readings of a token, from no prefix to the longest clitic strip."""
    forms = [("", norm)]
    word, prefix = norm, ""
    if len(word) > 3 and word[0] in "وف":
        prefix, word = word[0], word[1:]
        forms.append((prefix, word))
    if len(word) > 3 and word.startswith("لل"):
        forms.append((prefix + "ل", "ال" + word[2:]))
    elif len(word) > 3 and word[0] in "بلك":
        forms.append((prefix + word[0], word[1:]))
    return forms


@lru_cache(maxsize=1)
def _head_forms() -> frozenset[str]:
    """Return every spelling head_of accepts (جمعية، والجمعية، للجمعية، بجمعية …), for a set-lookup scan."""
    out = set()
    for head in HEADS:
        for article in ("", "ال"):
            word = article + head
            for prefix in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"):
                out.add(prefix + word)
            out.update(("لل" + head, "ولل" + head, "فلل" + head))
    return frozenset(w for w in out if head_of(w) is not None)


@lru_cache(maxsize=65536)
def head_of(norm: str) -> tuple[str, str, bool] | None:
    """Return (head, prefix, definite) when the folded token is an organization head noun."""
    for prefix, word in _prefix_forms(norm):
        definite = word.startswith("ال") and len(word) > 4
        bare = word[2:] if definite else word
        if bare in HEADS:
            return bare, prefix, definite
    return None


_FALSE_AL = frozenset({"اليه", "اليها", "اليهم", "الينا", "اليك", "الا", "الي", "التي", "الذي", "الذين", "اللذين",
                       "اللتين", "اللتان", "اللذان", "اللواتي", "الان", "الاف", "الف", "الفا"})
# Adjectives that may follow a definite head although they are not nisba or participle forms.
_PLAIN_ADJ = frozenset({"العام", "العامه", "الاعلي", "العليا", "الكبري", "الاكبر", "الصغري", "الاصغر", "الخاصه",
                        "الخاص", "الاول", "الاولي", "الحر", "الحره", "الشريف", "الجديد", "الجديده", "الكبير"})


def _adjective_like(norm: str) -> bool:
    """True for a definite word that can agree with a definite head: nisba, participle or common adjective."""
    return norm.endswith(("ي", "يه")) or norm.startswith("الم") or norm in _PLAIN_ADJ or norm in _ORDINAL_ADJ


@lru_cache(maxsize=65536)
def _definite(norm: str) -> bool:
    """True for ال-words, including the clitic forms وال، بال، لل، وبال، فال، كال."""
    if norm in _FALSE_AL:
        return False
    _, word = _strip_prefix(norm)
    return (word.startswith("ال") and len(word) > 3) or (norm.startswith("ال") and len(norm) > 3)


def _display(tokens: Sequence[Token], start: int, end: int, text: str, prefix: str = "") -> str:
    """Return the name as written, without quotes and without the leading clitics in prefix (و/ب/ل)."""
    first = tokens[start]
    raw_first = first.text
    if prefix:
        # Count source characters covering the folded prefix (diacritics may sit between letters).
        skipped = 0
        cut = 0
        for i, ch in enumerate(raw_first):
            if skipped == len(prefix):
                cut = i
                break
            if ch.isalpha():
                skipped += 1
        if prefix.endswith("ل") and first.norm.startswith(prefix[:-1] + "لل"):
            raw_first = "ال" + raw_first[cut + 1:] if raw_first[cut:cut + 1] == "ل" else raw_first[cut:]
        else:
            raw_first = raw_first[cut:]
    parts = [raw_first]
    prev_end = first.end
    for tok in tokens[start + 1:end]:
        if tok.norm in _QUOTES:
            prev_end = tok.end
            continue
        glue = "" if tok.start == prev_end and (tok.text == "-" or parts[-1].endswith("-")) else " "
        parts.append(glue + tok.text)
        prev_end = tok.end
    return "".join(parts).strip()


def _region_at(tokens: Sequence[Token], i: int) -> int:
    """Return the number of tokens of a Moroccan region name starting at i (hyphens skipped), else 0."""
    words: list[str] = []
    idx: list[int] = []
    j = i
    while j < len(tokens) and len(words) < 5:
        if tokens[j].text == "-":
            j += 1
            continue
        if not _is_word(tokens[j]):
            break
        words.append(tokens[j].norm)
        idx.append(j)
        j += 1
    for region in REGIONS:
        if words[: len(region)] == region:
            return idx[len(region) - 1] - i + 1
    return 0


def _bracket(tokens: Sequence[Token], i: int, text: str) -> tuple[str, int] | None:
    """Return (content, index after ')') for a short bracket at i: an acronym or a transliteration."""
    if i >= len(tokens) or tokens[i].text != "(":
        return None
    j = i + 1
    while j < len(tokens) and j - i <= 7 and tokens[j].text != ")":
        if tokens[j].text in _SEPARATORS:
            return None
        j += 1
    if j >= len(tokens) or tokens[j].text != ")" or j == i + 1:
        return None
    content = text[tokens[i + 1].start:tokens[j - 1].end].strip()
    return content, j + 1


def _quoted(tokens: Sequence[Token], i: int) -> int:
    """Return the index after a closing quote when a short quoted name starts at i, else 0."""
    if i >= len(tokens) or tokens[i].norm not in _QUOTES:
        return 0
    j = i + 1
    while j < len(tokens) and j - i <= 9:
        if tokens[j].norm in _QUOTES:
            return j + 1 if j > i + 1 else 0
        if tokens[j].text in _SEPARATORS and tokens[j].text not in "-":
            return 0
        j += 1
    return 0


_OPENING_QUOTES = frozenset("«“„")
_QUOTE_STOPS = frozenset(".!?؟؛;:،,")


def _closing_quote(tokens: Sequence[Token], text: str, i: int) -> int:
    """Return the index of the closing quote when the head at i opens a quoted name («تعاونية جوري»), else 0.

    The quote before the head must open (« or “, or a straight quote preceded by an even number of them on its
    line) and the closing one must follow within a name's length on the same line, with no clause punctuation.
    """
    if i == 0 or tokens[i - 1].norm not in _QUOTES:
        return 0
    quote = tokens[i - 1]
    if quote.text not in _OPENING_QUOTES:
        if quote.text not in "\"'":
            return 0
        line_start = text.rfind("\n", 0, quote.start) + 1
        if text.count(quote.text, line_start, quote.start) % 2:
            return 0  # the closing quote of a previous quoted phrase
    for j in range(i + 1, min(i + 16, len(tokens))):
        tok = tokens[j]
        if "\n" in text[tokens[j - 1].end:tok.start] or tok.text in _QUOTE_STOPS:
            return 0
        if tok.norm in _QUOTES:
            return j if j > i + 1 else 0
        if not (_is_word(tok) or tok.text in "-()"):
            return 0  # markup or symbols (<، =، /) inside: not a quoted name
    return 0


def _chain_end(tokens: Sequence[Token], i: int, head: str, definite: bool, places: dict[int, int],
               breaks: frozenset[int] = frozenset()) -> int:
    """Return the end index (exclusive) of the genitive chain after the head token at i."""
    j = i + 1
    n = len(tokens)
    seen_definite = definite
    count = 0
    while j < n and count < 14:
        tok = tokens[j]
        norm = tok.norm
        if tok.start - tokens[j - 1].end > 1 or j in breaks:
            break  # a line break or menu spacing ("جامعة     مجتمع     ثقافة") ends any name
        if tok.text == "-" and j + 1 < n and tokens[j + 1].start == tok.end and tok.start == tokens[j - 1].end:
            j += 1  # hyphenated compound (المغربي-الإسباني)
            continue
        if not _is_word(tok) or norm.lower() in STOP or norm in _TAIL_STOP or _NUMBER.match(norm) \
                or (norm in _QUALIFIERS and head not in _NAMED_BY_MISSION):
            if norm == "من" and j + 2 < n and tokens[j + 1].norm == "اجل" and count > 0 \
                    and _definite(tokens[j + 2].norm):
                j += 2  # "من أجل" inside a name (جمعية التعاون من أجل السلام)
                count += 2
                continue
            # (a research noun coordinated with و counts too: مركز الدراسات والأبحاث في …)
            prev_research = tokens[j - 1].norm
            prev_research = prev_research[1:] if prev_research.startswith("و") else prev_research
            if norm in ("حول", "في") and prev_research in ("البحث", "الدراسات", "للدراسات", "الابحاث",
                                                            "للبحث", "للابحاث") \
                    and j + 1 < n and _definite(tokens[j + 1].norm):
                # مركز البحث حول …، فريق البحث في الإدارة والتواصل …: the research field is part of the name
                j += 1
                continue
            break
        if _is_latin(tok):
            if (tok.text[:1].isupper() or tok.text.isupper()) and count == 0 or (count and _is_latin(tokens[j - 1])):
                j += 1
                count += 1
                continue
            break
        if count and _is_latin(tokens[j - 1]):
            break
        if norm in ("عبد", "ابو", "ابن", "بن", "ابي") and not seen_definite and j + 1 < n and _is_word(tokens[j + 1]):
            j += 2  # a person's name inside the body's name: مؤسسة عبد القادر بنصالح
            count += 2
            # … and the person's surname after عبد X; ابن طفيل، ابن زهر are whole names.
            if norm == "عبد" and j < n and _is_word(tokens[j]) and not _definite(tokens[j].norm) and tokens[j].norm not in STOP \
                    and not tokens[j].norm.startswith("و") and head_of(tokens[j].norm) is None:
                j += 1  # … and the person's surname
                count += 1
            continue
        prefix, word = _strip_prefix(norm)
        if not prefix and norm in ("اقليم", "عماله", "مدينه") and j + 1 < n and _is_word(tokens[j + 1]) \
                and (j + 1 in places or not _definite(tokens[j + 1].norm)):
            j = _place_suffix_end(tokens, j, places)  # "عمالة إقليم مديونة": the territory's name closes it
            break
        if word == "جهه" or norm == "جهه":
            size = _region_at(tokens, j + 1)
            if size and not prefix.startswith(("و", "ف")):
                j += 1 + size
                count += 1 + size
                seen_definite = True  # a full region name closes the idafa
                if prefix.endswith("ب"):
                    break  # a location suffix ends the name
                continue
        h = head_of(norm)
        if h and h[1].startswith(("و", "ف")):
            break  # وجمعية … starts the next body of a list
        if _definite(norm):
            if prefix.startswith(("و", "ف")) and count == 0:
                break  # والجبايات right after the head: a list of common nouns
            if prefix.startswith("و") and j - i <= 3 and " ".join(_bare_key(t.bare) for t in tokens[i:j]) \
                    in _known_kinds():
                break  # "مجلس النواب والتعاون الوطني": a known body is complete, the next one is listed
            if prefix.endswith("ب"):
                if j in places:
                    j = _place_suffix_end(tokens, j, places)  # … بالمملكة الأردنية الهاشمية: a country
                    break
                if word in _ANAPHORIC or "ال" + word[2:] in _ANAPHORIC:
                    break
                if word in _AREA_NAMES:
                    j += 1  # "… بالأطلس"، "… بالجنوب الشرقي": a natural region the gazetteer lacks
                    if j < n and tokens[j].norm in _AREA_ADJ:
                        j += 1
                    break
                if h is not None and HEADS[h[0]] != "university":
                    break  # "شاركت جمعية الأمل بالمبادرة الوطنية": another body, the verb's complement
                if word in _EVENT_NOUNS_DEF:
                    break  # "توجت تعاونية النور بالجائزة الوطنية"، "… بالمعرض الدولي": the event, the verb's
                if h is None and not (j + 1 < n and _definite(tokens[j + 1].norm)
                                      and not _strip_prefix(tokens[j + 1].norm)[0]
                                      and _adjective_like(tokens[j + 1].norm)
                                      and tokens[j + 1].norm not in _ORDINAL_ADJ):
                    # "فازت تعاونية الوفاء بالجائزة": ب + a common noun is the verb's complement; a host body
                    # (… بالكلية متعددة التخصصات) or a ب-noun with its adjective (… بالعالم القروي) stays.
                    break
            if count == 0 and definite and not prefix and not _adjective_like(norm):
                break  # "المنظمة الوصول": a definite head takes adjectives, not a genitive
            if not prefix and tokens[j - 1].norm.startswith("لل") and not _adjective_like(norm):
                break  # "نالت تعاونية الوفاء للنسيج الجائزة": after a ل-complement only adjectives follow
            seen_definite = True
            j += 1
            count += 1
            continue
        # Indefinite word. A noun with a pronoun suffix or an agreement word belongs to the sentence:
        # "أطلقت كتابة الدولة أشغاله"، "وقع اتحاد تعاونيات نسائية اتفاقية".
        if count > 0 and (norm in _ACTING_WORDS or (tok.text.endswith(("ه", "ها", "هم")) and norm != "الله"
                                                    and norm not in _lexicon().given
                                                    and norm not in _lexicon().surnames)):
            break
        # A proper name may itself begin with ب/ل/ك (بيكالا، لمياء): test it whole first.
        if not seen_definite and count < 4 and _proper_like(tokens, j, places):
            j += 1
            count += 1
            continue
        if prefix.endswith("ب") and h and HEADS[h[0]] == "university" and head in _RESEARCH_UNITS and count > 0:
            j += 1  # "فريق البحث في المالية بكلية الاقتصاد …": the host school belongs to a team's name
            count += 1
            continue
        if prefix.endswith("ب"):
            if j in places or word in ("جهه", "اقليم", "عماله", "مدينه") or (
                    word in _PLACE_OPENERS and count > 0 and j + 1 < n and _is_word(tokens[j + 1])
                    and tokens[j + 1].norm not in STOP):
                j = _place_suffix_end(tokens, j, places)  # … بسيدي داود، بعين عودة: a place the gazetteer lacks
            break
        if prefix.endswith("ل"):
            if j in places and count > 0:
                j = places[j]  # "المجلس الجماعي لمراكش": a place closes the name (… لمراكش المعرض is the verb's object)
                break
            if word in ("جهه", "اقليم", "عماله") and j + 1 < n:
                size = _region_at(tokens, j + 1)
                if size:
                    j += 1 + size
                    count += 1 + size
                    seen_definite = True
                    continue
            if count > 0 and j + 2 < n and tokens[j + 1].norm.startswith("و") and len(tokens[j + 1].norm) > 3 \
                    and _is_word(tokens[j + 1]) and not _definite(tokens[j + 1].norm) \
                    and head_of(tokens[j + 1].norm) is None and tokens[j + 1].norm not in STOP \
                    and _definite(tokens[j + 2].norm) and not _strip_prefix(tokens[j + 2].norm)[0]:
                j += 3  # لضمان وتمويل المقاولة: two nouns sharing one complement
                count += 3
                continue
            if count > 0 and j + 1 < n and _definite(tokens[j + 1].norm) and not _strip_prefix(tokens[j + 1].norm)[0]:
                j += 1  # لدعم النهوض، لموظفي الإدارات، لمقاولات المغرب
                count += 1
                continue
            if count > 0 and len(word) >= 3 and norm not in STOP and j + 2 < n and _is_word(tokens[j + 1]) \
                    and not _strip_prefix(tokens[j + 1].norm)[0] and not _definite(tokens[j + 1].norm) \
                    and tokens[j + 1].norm not in STOP and head_of(tokens[j + 1].norm) is None \
                    and _definite(tokens[j + 2].norm) and not _strip_prefix(tokens[j + 2].norm)[0]:
                j += 2  # "مؤسسة محمد السادس لإعادة إدماج السجناء": a purpose in two nouns
                count += 2
                continue
            if h and count > 0:
                j += 1  # ل + another head: a sub-unit chain (المديرية الجهوية لمكتب …)
                count += 1
                continue
            break
        if prefix.startswith(("و", "ف")):
            if count > 0 and h is None and _masdar(word) and j + 1 < n and _definite(tokens[j + 1].norm) \
                    and not _strip_prefix(tokens[j + 1].norm)[0] \
                    and any(_strip_prefix(tokens[m].norm)[0].endswith("ل") for m in range(i + 1, j)):
                j += 2  # "الشركة الوطنية للضمان وتمويل المقاولة": a coordinated purpose inside the name
                count += 2
                continue
            if count == 1 and not definite and h is None and _masdar(word) and _masdar(tokens[j - 1].norm) \
                    and j + 1 < n and _is_word(tokens[j + 1]) and tokens[j + 1].norm not in STOP:
                j += 1  # "وكالة إنعاش وتنمية أقاليم الشمال": two verbal nouns sharing the head's complement
                count += 1
                continue
            break
        if not seen_definite and count < 4:
            if count > 0 and j - 1 in places and norm.endswith("ا") and not norm.endswith("اا"):
                break  # "خصصت جماعة تطوان غلافا ماليا": the verb's accusative object after the place
            if count == 0 and not definite and not (
                    h or _proper_like(tokens, j, places) or head == "جهه"
                    or norm in _COLLECTIVE_NOUNS  # تعاونية نساء أركان، جمعية شباب الحي
                    or (i > 0 and _strip_prefix(tokens[i - 1].norm)[1] in MEMBER_TITLES and j + 1 < n
                        and not _is_word(tokens[j + 1]) and not _NUMBER.match(tokens[j + 1].norm)
                        and not _masdar(norm) and not norm.endswith(("ه", "ي")))  # رئيسة تعاونية تيفاوين،
                    or norm in _BODY_PLURALS  # اتحاد تعاونيات نسائية، شبكة جمعيات (not "شبكة علاقات")
                    or (_masdar(norm) and j + 1 < n and tokens[j + 1].norm.startswith("و")
                        and _masdar(tokens[j + 1].norm[1:]))  # وكالة إنعاش وتنمية …
                    or (j + 1 < n and _definite(tokens[j + 1].norm) and not _strip_prefix(tokens[j + 1].norm)[0])):
                break  # تعاونية تنشط، منظمة قادرة: a common noun with a verb or adjective
            j += 1
            count += 1
            continue
        # A person's name inside the body's name: جامعة السلطان مولاي سليمان، مؤسسة الحسن بن …
        if norm in _NAME_LINKS and count > 0 and j + 1 < n and _is_word(tokens[j + 1]) \
                and tokens[j + 1].norm not in STOP and not _definite(tokens[j + 1].norm):
            j += 2
            count += 2
            if tokens[j - 1].norm in _NAME_LINKS and j < n and _is_word(tokens[j]):
                j += 1  # مولاي عبد الله
            break
        # A person's name inside the body's name: جامعة القاضي عياض، مؤسسة محمد الخامس.
        if tokens[j - 1].norm in name_lexicon_surnames() and not (
                norm.endswith("ا") and norm not in name_lexicon_surnames()) and (
                j + 1 >= n or not _is_word(tokens[j + 1]) or tokens[j + 1].norm in STOP
                or tokens[j + 1].norm.startswith("و")):  # not "مجموعة العمران مشروعا": the verb's object
            j += 1
            count += 1
            break
        # After a definite word, an indefinite feminine word continues only in an idafa (متعددة التخصصات).
        if (count > 0 or definite) and norm.endswith("ه") and h is None and j + 1 < n and _definite(tokens[j + 1].norm) \
                and not _strip_prefix(tokens[j + 1].norm)[0]:
            j += 1
            count += 1
            continue
        break
    return j


# Natural regions named after ب as a body's seat (بالأطلس، بالريف، بالجنوب الشرقي).
_AREA_NAMES = frozenset({"الاطلس", "الريف", "الجنوب", "الشمال", "الشرق", "الغرب", "الصحراء", "الواحات", "الساحل",
                         "الحوز"})
_AREA_ADJ = frozenset({"الشرقي", "الغربي", "المتوسط", "الكبير", "الصغير", "الاوسط", "الشمالي", "الجنوبي"})
# Plurals of bodies that a union or network is made of: اتحاد تعاونيات …، شبكة جمعيات …، فدرالية غرف ….
_BODY_PLURALS = frozenset("""
تعاونيات جمعيات منظمات هيئات شبكات مقاولات نقابات غرف مؤسسات اتحادات تعاضديات جماعات مجالس فاعلي فاعلات
مقاولي منتجي مصدري مهنيي حرفيي فلاحي اطر نساء مستثمري تجار
""".split())
# Collective nouns that open a named body's idafa: تعاونية نساء أركان، جمعية شباب المستقبل.
_COLLECTIVE_NOUNS = frozenset({"نساء", "شباب", "نسوه", "سيدات", "فلاحي", "حرفيي", "ابناء", "اطفال", "مربي",
                               "خريجي", "طلبه", "اباء", "امهات", "قدماء", "اصدقاء", "محبي", "تجار", "صناع"})
# Research units named with their host school (مختبر … بالكلية …، فريق البحث … بالمدرسة …).
_RESEARCH_UNITS = frozenset({"مختبر", "فريق", "مركز"})
# A job-title qualifier ("نائب رئيس جهة فاس مكناس المكلف بـ…") except in a ministry's own name (كتابة الدولة
# المكلفة بـ…، الوزارة المنتدبة …).
_QUALIFIERS = frozenset({"المكلف", "المكلفه", "المنتدب", "المنتدبه"})
_NAMED_BY_MISSION = frozenset({"كتابه", "وزاره", "مندوبيه"})
_NAME_LINKS = frozenset({"مولاي", "سيدي", "عبد", "ابن", "بن", "ابو", "للا"})


@lru_cache(maxsize=65536)
def _masdar(word: str) -> bool:
    """True for a verbal noun that may be coordinated inside a name (تمويل، تنمية، إنعاش، استثمار), not a verb."""
    if len(word) < 4:
        return False
    if word[0] == "ت" and len(word) == 5 and word[3] == "ي":
        return True  # تفعيل: تمويل، تطوير، تشغيل
    if word.endswith("ه") and word[0] in "تا":
        return True  # تنميه، اقامه
    return word[0] == "ا" and len(word) >= 5 and word[-2] == "ا"  # افعال، افتعال، استفعال: انعاش، استثمار


_LEXICON: list = []  # [NameLexicon, nationalities], filled on first use: persons imports this module at load time


def _lexicon():
    """Return persons.name_lexicon(), imported once (a function-level import on every call costs time)."""
    if not _LEXICON:
        from .persons import _nationalities, name_lexicon

        _LEXICON.extend((name_lexicon(), _nationalities()))
    return _LEXICON[0]


def name_lexicon_surnames() -> frozenset[str]:
    return _lexicon().surnames


_CONTINENTS = frozenset({"افريقيا", "اوروبا", "اسيا", "امريكا", "اوربا", "افريقا"})


def _proper_like(tokens: Sequence[Token], j: int, places: dict[int, int]) -> bool:
    """True when the indefinite word at j looks like part of a proper name rather than a verb or adjective."""
    norm = tokens[j].norm
    lex = _lexicon()
    if j in places or norm in lex.given or norm in lex.surnames or norm in _CONTINENTS:
        return True
    if _region_at(tokens, j):
        return True
    if norm in ("عبد", "ابو", "ابن", "بن", "ابي"):
        return True
    # A foreign name closed by a nationality adjective: مؤسسة فريدريش إيبرت الألمانية.
    for k in range(j + 1, min(j + 4, len(tokens))):
        word = tokens[k].norm
        if word.startswith("ال") and word.endswith("يه") and _is_country_nisba(word):
            return True
        if not word[:1].isalpha() or word.startswith(("ال", "و", "ل", "ب")) or word in STOP:
            break
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if nxt is None:
        return False
    if nxt.norm.startswith("لل") or nxt.norm in _QUOTES or nxt.text == "(":
        return True  # جمعية ثسغناس للثقافة، مركز تكامل للدراسات
    if norm.endswith("ات") and (j + 1 in places or _definite(nxt.norm)):
        return True  # فضاء تعاونيات طنجة
    if j + 1 in places and not norm.endswith(("يه", "ي")):
        return True
    return False


# Definite event nouns after ب: an award won or an event taken part in, never a body's seat.
_EVENT_NOUNS_DEF = frozenset(fold(w) for w in """
الجائزة الجائزتين الجوائز المعرض الملتقى المنتدى المؤتمر الندوة المهرجان المسابقة الدورة النسخة اللقاء
""".split())


def _is_country_nisba(word: str) -> bool:
    _lexicon()
    return word in _LEXICON[1]


def _place_suffix_end(tokens: Sequence[Token], j: int, places: dict[int, int]) -> int:
    """Return the end of a location suffix (بطنجة، ببني ملال، بجهة طنجة تطوان الحسيمة) starting at j."""
    if j in places:
        return places[j]
    _, word = _strip_prefix(tokens[j].norm)
    if word in _PLACE_OPENERS:
        return j + 2
    if word in ("جهه", "اقليم", "عماله", "مدينه"):
        size = _region_at(tokens, j + 1)
        if size:
            return j + 1 + size
        # An unknown territory name: one word, two when it opens with a place word (إقليم سيدي بنور).
        k = j + 1
        if k in places:
            return places[k]
        if k < len(tokens) and _is_word(tokens[k]) and tokens[k].norm not in STOP:
            k += 1
            if tokens[k - 1].norm in _PLACE_OPENERS and k < len(tokens) and _is_word(tokens[k]):
                k += 1
        return k
    return j + 1


_PLACE_OPENERS = frozenset({"سيدي", "مولاي", "عين", "اولاد", "بني", "دار", "سوق", "راس", "خميس", "ثلاثاء", "اربعاء",
                            "جمعه", "سبت", "احد", "اثنين", "ايت", "تل", "واد", "وادي", "قصر", "بير", "ابن", "بن"})
_SEAT_WORDS = frozenset({"جهه", "اقليم", "عماله", "مدينه"}) | _PLACE_OPENERS


# Head nouns that are also participles agreeing with the noun before them (اللجنة المنظمة = the organizing one).
_PARTICIPLE_HEADS = frozenset({"المنظمه", "المجموعه"})

_ACTING_WORDS = frozenset("""
نظم ينظم تنظم نظمت نظمه نظمها تنظمه ينظمه تنظمها نظمته بتنظيم تنظيم وتنظيم بشراكه شراكه وبشراكه بتنسيق وبتنسيق
اتفاقيه اتفاقيات اتفاقيتين
بمبادره وبمبادره بدعم وبدعم بتمويل تمويل ملكيته ملكيتها يشترك تشترك بتعاون وبتعاون اشراف باشراف برعايه يحتضنه
تحتضنه استضافه موله مولته تموله يموله ساهم ساهمت ويشترك وتشترك
""".split())


# Words that make what follows a partner of the event (not its organizer, which may be the event itself).
_PARTNER_WORDS = frozenset("""
بشراكه شراكه وبشراكه بتنسيق وبتنسيق بتعاون وبتعاون بدعم وبدعم بتمويل بمساهمه شريك شركاء الشريك الشركاء
""".split())


def _headed(tokens: Sequence[Token], i: int) -> bool:
    """True when a membership title (رئيس، عضو، مدير …) stands right before the mention at i."""
    prev = tokens[i - 1].norm if i > 0 else ""
    prev2 = tokens[i - 2].norm if i > 1 else ""
    return prev in MEMBER_TITLES or prev2 in ("نائب", "نائبه") or _strip_prefix(prev)[1] in MEMBER_TITLES


# Offices whose territory is not a body of their own (والي جهة الشرق، عامل عمالة وجدة، عامل إقليم الناظور).
_OFFICE_TITLES = frozenset({"والي", "الوالي", "عامل", "العامل", "وزير", "وزيره", "سفير", "قنصل", "باشا", "قائد",
                            "عمده"})


# Verbs whose subject acts as a body (وضعت جماعة X برنامجا، أطلق مجلس جهة …); hosting verbs are not among them.
_SUBJECT_VERBS = frozenset(fold(w) for w in """
وضع وضعت أطلق أطلقت خصص خصصت رصد رصدت وقع وقعت أبرم أبرمت أعلن أعلنت صادق صادقت قرر قررت منح منحت دعم دعمت
أعد أعدت أنجز أنجزت مول مولت ساهم ساهمت التزم التزمت أحدث أحدثت اعتمد اعتمدت وفر وفرت قدم قدمت تبنى تبنت
""".split())


# Hosting verbs whose subject is a body's seat ("احتضن مقر جماعة سيدي علال البحراوي لقاء"), folded stems.
_HOSTING_VERBS = ("احتضن", "تحتضن", "يحتضن", "واحتضن", "استضاف", "يستضيف", "تستضيف", "احتضنت")


def _acting_or_headed(tokens: Sequence[Token], i: int, sent_start: int, covered: Sequence[_Mention] = (),
                      acting: frozenset[str] | None = None) -> bool:
    """True when a membership title or an organizing/partnering word precedes the mention at i in its clause.

    The look-back crosses the bodies listed before (covered): "بشراكة مع وزارة …، ومجلس الجهة …، والجماعة
    الحضرية لمكناس" are all partners however long the list.
    """
    if _headed(tokens, i):
        return True
    if i > 0 and (tokens[i - 1].norm in _SUBJECT_VERBS or (
            tokens[i - 1].norm[:1] in "وف" and tokens[i - 1].norm[1:] in _SUBJECT_VERBS)):
        return True
    if i > 0 and (_strip_prefix(tokens[i - 1].norm)[1] in _OFFICE_TITLES or tokens[i - 1].norm in _OFFICE_TITLES):
        return False
    if i > 0 and (tokens[i - 1].norm in ("بمقر", "وبمقر", "بمقرات") or (
            tokens[i - 1].norm == "مقر" and i > 1 and (tokens[i - 2].norm in ("في", "داخل")
                                                       or tokens[i - 2].norm.startswith(_HOSTING_VERBS)))):
        # "اختتمت بمقر عمالة إقليم تنغير"، "احتضن مقر جماعة …": the body hosts (not "قرب مقر جماعة …": a landmark)
        return True
    acting = _ACTING_WORDS if acting is None else acting
    inside = {k for m in covered if i - 80 < m.end <= i for k in range(m.start, m.end)} if covered else set()
    free = 0
    k = i - 1
    while k >= sent_start and free < 16:
        norm = tokens[k].norm
        if norm in (".", "؟", "!"):
            break
        if norm in acting or (norm[:1] in "وف" and norm[1:] in acting) \
                or (norm in ("كل", "وكل") and k + 1 < len(tokens) and tokens[k + 1].norm == "من"):
            return True
        if k not in inside and norm not in ("،", ",", "و"):
            free += 1
        k -= 1
    return False


_SCOPE_ADJ = frozenset({"الوصيه", "الوصي", "المعنيه", "المعني", "الشريكه", "المختصه", "الوطني", "الوطنيه", "الدولي", "الدوليه", "القاري", "القاريه", "الجهوي", "الجهويه",
                        "المحلي", "المحليه", "الاقليمي", "الاقليميه", "العالمي", "العالميه", "العربي",
                        "العربيه", "الافريقي", "الافريقيه", "المغربي", "المغربيه", "الاوروبي", "الاوروبيه",
                        "الجديد", "الجديده", "المذكور", "المذكوره", "الام", "الاولي", "الاخري"})
_GENERIC_ADJ_F = frozenset(a + "ه" for a in _GENERIC_ADJ if not a.endswith("ه")) | _GENERIC_ADJ
_ORDINAL_ADJ = frozenset({"الاولي", "الاول", "الثانيه", "الثاني", "الثالثه", "الثالث", "الرابعه", "الرابع",
                          "الخامسه", "الخامس", "السادسه", "السادس", "السابعه", "السابع", "الثامنه", "الثامن",
                          "التاسعه", "التاسع", "العاشره", "العاشر", "الثمانيه", "الاثني", "الاخيره", "الاخير"})


def _is_generic(name: str, tokens: Sequence[Token], start: int, end: int, head: str, suffix: bool) -> bool:
    if end - start <= 3 and name_key(name) in _GENERIC_NAMES:
        return True
    if head in _MEDIA_HEADS:
        second = tokens[start + 1] if end - start >= 2 else None
        return second is None or _strip_prefix(second.norm)[0] != "" or not (
            _definite(second.norm) or _proper_like(tokens, start + 1, {}) or second.text[:1].isascii())
    first_and = next((k for k in range(start + 1, end) if tokens[k].norm.startswith("و") and _definite(tokens[k].norm)),
                     None)
    if first_and is not None and first_and - start <= 3 and name_key(
            " ".join(t.text for t in tokens[start:first_and])) in _GENERIC_NAMES:
        return True  # "المجلس الإداري والجمعيات العامة": generic organs coordinated, not one body
    words = [t for t in tokens[start + 1:end] if _is_word(t)]
    if not words:
        return True
    if all(t.norm in _ANAPHORIC or _strip_prefix(t.norm)[1] in _ANAPHORIC or t.norm in _ORDINAL_ADJ for t in words):
        return True
    first = words[0].norm
    # (a research field after في/حول is the body's subject, not its kind: مركز الدراسات في الاقتصاد الاجتماعي)
    field = next((n for n, t in enumerate(words) if t.norm in ("في", "حول")), len(words))
    if head in ("مركز", "قصر") and any(t.norm in _VENUE_WORDS for t in words[:field]):
        return True
    if not _definite(tokens[start].norm) and not _definite(first) and (first in _GENERIC_ADJ_F or (
            first.endswith(("يه", "ي")) and len(words) == 1 and not _is_latin(words[0]))):
        return True  # "جمعية محلية"، "هيئة مهنية"، "تحالف عالمي": a common noun phrase
    if _definite(tokens[start].norm) and len(words) == 1 and not suffix and (
            first in _SCOPE_ADJ or first in _ORDINAL_ADJ or first in _NISBA_COUNTRY_DEF):
        return True  # "الشبكة القارية"، "التعاونية الوطنية": a description, not a name (البنك الشعبي is one)
    if not _definite(tokens[start].norm) and _definite(first) and _strip_prefix(first)[0] == "ل":
        return True  # "بنك للاقتصاد التضامني"، "منظمة للمجتمع المدني": a common noun with a purpose
    return False


def _mentions(tokens: Sequence[Token], text: str, sentences: Sequence[Sentence],
              places: dict[int, int]) -> list[_Mention]:
    out: list[_Mention] = []
    sent_starts: _SentenceStarts | None = None  # made on the first conditional head
    n = len(tokens)
    forms = _head_forms()
    starts = starts_of(tokens)
    breaks = frozenset(bisect_left(starts, m.start()) for m in _NEWLINE.finditer(text))  # first token of a line
    heads = [(i, head_of(tokens[i].norm)) for i in positions(tokens, forms)]
    pos = 0
    i = 0
    unit: tuple[int, str] | None = None  # (index of the parent's head, the unit's name) after a sub-unit
    while pos < len(heads):
        if heads[pos][0] < i:
            pos += 1
            continue
        i, h = heads[pos]
        head, prefix, definite = h
        prev = tokens[i - 1] if i > 0 else None
        if head in DEFINITE_ONLY_HEADS and not definite:
            i += 1
            continue
        if head == "كتابه" and not (i + 1 < n and tokens[i + 1].norm == "الدوله"):
            i += 1
            continue
        if prev is not None and not definite and (_NUMBER.match(prev.norm) or prev.norm in _COUNT_WORDS):
            i += 1  # "388 تعاونية"، "خمس لجان": a counted noun
            continue
        if prev is not None and definite and not prefix and _definite(prev.norm) and not _strip_prefix(prev.norm)[0] \
                and _strip_prefix(prev.norm)[1] not in MEMBER_TITLES and head_of(prev.norm) is None:
            i += 1  # "الحركة التعاونية"، "القمة المنظمة": an adjective, not a head noun
            continue
        if prev is not None and definite and not prefix and tokens[i].norm in _PARTICIPLE_HEADS \
                and _definite(prev.norm) and _strip_prefix(prev.norm)[0] in ("ل", "ب") and _is_word(prev):
            i += 1  # "للجنة المنظمة للملتقى"، "بالدورة المنظمة": the organizing one, after a noun with ل/ب
            continue
        if prefix.startswith(("و", "ف")) and prev is not None and head_of(prev.norm) \
                and head_of(prev.norm)[2] == definite:
            i += 1  # "شبكة ومنظمة للمجتمع المدني"، "التعاونية والجمعية المنتجة": coordinated common nouns
            continue
        quote_end = _quoted(tokens, i + 1)
        if head in QUOTE_ONLY_HEADS and not quote_end:
            i += 1
            continue
        aliases: list[str] = []
        closing = _closing_quote(tokens, text, i) if prev is not None and prev.norm in _QUOTES else 0
        if closing:
            # «جمعية أمهات وآباء وأولياء تلاميذ مدارس حسن العرائشي»: the quotes bound the name, whatever its words.
            end, name_end = closing + 1, closing
        elif quote_end:
            end = quote_end
            # تعاونية "تيفاوين" للكسكس: a ل-complement may follow the quoted name.
            while end < n and _definite(tokens[end].norm) and _strip_prefix(tokens[end].norm)[0] == "ل":
                end += 1
                while end < n and _definite(tokens[end].norm) and not _strip_prefix(tokens[end].norm)[0] \
                        and _adjective_like(tokens[end].norm):
                    end += 1
            name_end = end
            if tokens[end - 2].text == ")":
                # ميثاق "من أجل التأثير (باكت فور امباكت)": the bracket inside the quotes is an alias.
                k = end - 2
                while k > i and tokens[k].text != "(":
                    k -= 1
                inner = _bracket(tokens, k, text)
                if inner:
                    aliases.append(inner[0])
                    name_end = k
        else:
            end = _chain_end(tokens, i, head, definite, places, breaks)
            if HEADS[head] == "university" and end - i <= 3 and end + 1 < n and tokens[end].norm == "في" \
                    and end + 1 in places:
                end += 2  # جامعة كيبيك في مونتريال: the campus city is part of the name
            elif head in ("سفاره", "قنصليه") and end + 1 < n and tokens[end].norm in ("في", "لدي", "ب") \
                    and end + 1 in places:
                end = places[end + 1]  # سفارة المملكة المغربية في إثيوبيا: the host country is part of the name
            q = _quoted(tokens, end)
            if q and end - i <= 3:
                end = q  # a quoted name after head + adjectives (التعاونية الحرفية "تزوغميت")
            else:
                for look in range(end, min(end + 4, n)):
                    if tokens[look].text == "(":
                        br = _bracket(tokens, look, text)
                        if br and all(_is_latin(t) or t.text in "-–'’" for t in tokens[look + 1:br[1] - 1]) \
                                and all(_is_word(t) and t.norm not in STOP for t in tokens[end:look]):
                            end = look  # a name followed by its Latin spelling: جنان أمير (Jnane Amir)
                        break
                    if not _is_word(tokens[look]) or tokens[look].norm in STOP or _definite(tokens[look].norm):
                        break
            name_end = end
        name = _display(tokens, i, name_end, text, prefix)
        br = _bracket(tokens, end, text)
        if br:
            aliases.append(br[0])
        suffix = bool(br) or (name_end - 1 > i and tokens[name_end - 1].start - 1 >= 0 and any(
            k in places and tokens[k].norm not in _SCOPE_ADJ for k in range(i + 1, name_end)))
        generic = name_key(name) in _GENERIC_NAMES if closing else _is_generic(name, tokens, i, name_end, head, suffix)
        if name_end - i < 2 or generic or _proposed(tokens, i):
            i += 1
            continue
        # A sub-unit followed by another body stands for that body.
        inner_at = None
        if head in SUBUNIT_HEADS:
            for k in range(i + 1, min(end, i + 4)):
                inner = head_of(tokens[k].norm)
                if inner and inner[0] not in ("جهه", "جماعه", "عماله", "ولايه") and inner[0] != head:
                    inner_at = k
                    break
        if inner_at is not None:
            unit = (inner_at, name)
            i = inner_at
            pos = next(k for k in range(pos, len(heads)) if heads[k][0] >= inner_at)
            continue
        if unit is None and prefix.endswith("ل") and i > 1 and tokens[i - 1].norm in _UNIT_SCOPES \
                and (h2 := head_of(tokens[i - 2].norm)) and h2[0] in _UNIT_HEADS:
            unit = (i, _display(tokens, i - 2, name_end, text, h2[1]))  # skipped as "noun + adjective" above
        if unit is not None and unit[0] == i:
            # "المندوبية الجهوية لمكتب تنمية التعاون ببني ملال": the seat belongs to the unit, not to the parent.
            cut = next((k for k in range(i + 2, name_end) if _strip_prefix(tokens[k].norm)[0].endswith("ب") and (
                k in places or _strip_prefix(tokens[k].norm)[1] in _SEAT_WORDS)), None)
            if cut is not None:
                name = _display(tokens, i, cut, text, prefix)
            aliases.append(unit[1])
        unit = None
        mention = _Mention(i, end, head, HEADS[head], name, aliases, conditional=head in CONDITIONAL_HEADS)
        if mention.conditional and head == "منتدي":
            # A forum is a body only when it has officers, is called a network or is a partner (an event is
            # organized, never a partner); otherwise it is the event.
            if sent_starts is None:
                sent_starts = _SentenceStarts(tokens, sentences)
            mention.qualified = _headed(tokens, i) or any(
                tokens[k].norm in ("شبكه", "الشبكه") for k in range(end, min(end + 3, n))) \
                or _acting_or_headed(tokens, i, sent_starts[i], out[-12:], _PARTNER_WORDS)
        elif mention.conditional:
            if sent_starts is None:
                sent_starts = _SentenceStarts(tokens, sentences)
            mention.qualified = _acting_or_headed(tokens, i, sent_starts[i], out[-12:])
        out.append(mention)
        i = max(end, i + 1)
    return out


_CREATION = frozenset({"احداث", "انشاء", "خلق", "تاسيس", "باحداث", "بانشاء", "بخلق", "بتاسيس", "لاحداث",
                       "لانشاء", "لخلق", "لتاسيس"})
_CALLS = frozenset(fold(w) for w in """
دعا دعت داعيا داعية داعين يدعو تدعو ودعا ودعت الدعوة بالدعوة اقترح اقترحت مقترحا يقترح تقترح طالب طالبت مطالبا
مطالبة يطالب تطالب ضرورة بضرورة أوصى أوصت توصية موصيا يوصي توصي أهمية ترافع يترافع
""".split())


def _proposed(tokens: Sequence[Token], i: int) -> bool:
    """True for a body only called for (داعيا إلى إحداث مرصد جهوي …): it does not exist yet."""
    if i == 0 or tokens[i - 1].norm not in _CREATION:
        return False
    return any(tokens[k].norm in _CALLS for k in range(max(0, i - 6), i - 1))


_COUNT_WORDS = frozenset("""
ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثماني ثمان ثمانيه تسع تسعه عشر عشره عشرات مئات الاف الف
مائه مئه عده بضع بضعه اي كل احدي احد
""".split())


class _SentenceStarts:
    """Map a token index to the index of the first token of its sentence, by bisection on demand."""

    def __init__(self, tokens: Sequence[Token], sentences: Sequence[Sentence]):
        self.starts = starts_of(tokens)
        self.bounds = sorted(s.start for s in sentences)

    def __getitem__(self, i: int) -> int:
        b = bisect_right(self.bounds, self.starts[i]) - 1
        return bisect_left(self.starts, self.bounds[b]) if b >= 0 else 0


_ELIDED = re.compile(r"^[lLdD]['’](?=[A-ZÀ-Þ])")


def _latin_word(word: str) -> str:
    """Return a Latin word lower-cased without an elided article (l'Ayuntamiento → ayuntamiento)."""
    word = word.lower()
    return word[2:] if len(word) > 2 and word[1] in "'’" and word[0] in "ld" else word


def _latin_mentions(tokens: Sequence[Token], text: str, taken: set[int]) -> list[_Mention]:
    """Return standalone Latin-script names that contain an organization word (Fondation …, la Diputación de …).

    The run of Latin words may hold lower-case links (de, des, pour, et, of …) and adjectives; a lower-case
    article right before it (le Centre national …) or elided into its first word (l'Ayuntamiento) belongs to
    it; an upper-case word after a spaced dash at its end (… à l'Etranger - APEFE) is its acronym.
    """
    out: list[_Mention] = []
    n = len(tokens)
    starts = [i for i, t in enumerate(tokens) if "A" <= t.text[:1] <= "Z"]
    if "'" in text or "’" in text:  # elided articles: l'Ayuntamiento, d'Agadir
        starts = sorted({*starts, *(i for i, t in enumerate(tokens) if t.text[:1] in "lLdD" and _ELIDED.match(t.text))})
    i = 0
    for at in starts:
        if at < i:
            continue
        i = at
        if i in taken or not _is_latin(tokens[i]):
            continue
        j = i
        while j < n and j not in taken and (_is_latin(tokens[j]) or tokens[j].text == "-") \
                and not (j > i and "\n" in text[tokens[j - 1].end:tokens[j].start]):
            j += 1
        name_end, alias = j, None
        if j - i >= 3 and tokens[j - 2].text == "-" and tokens[j - 2].start > tokens[j - 3].end \
                and tokens[j - 1].text.isupper() and len(tokens[j - 1].text) >= 2:
            name_end, alias = j - 2, tokens[j - 1].text
        while name_end > i + 1 and (_latin_word(tokens[name_end - 1].text) in _LATIN_LINKS
                                    or tokens[name_end - 1].text == "-"):
            name_end -= 1  # "… de" before the Arabic text resumes
        start = i
        if i > 0 and i - 1 not in taken and tokens[i - 1].text in _LATIN_ARTICLES and tokens[i - 1].end < tokens[i].start \
                and "\n" not in text[tokens[i - 1].end:tokens[i].start]:
            start = i - 1  # le Centre national des expositions …
        words = [_latin_word(t.text) for t in tokens[i:name_end] if _is_latin(t)]
        kinds = [_LATIN_ORG_KINDS[w] for w in words if w in _LATIN_ORG_KINDS]
        if len(words) >= 2 and kinds:
            end = j
            br = _bracket(tokens, j, text) if alias is None and name_end == j else None
            if br and br[0].replace(" ", "").isupper():
                alias, end = br[0], br[1]  # … agricoles (CENECA)
            out.append(_Mention(start, end, "latin", kinds[0], text[tokens[start].start:tokens[name_end - 1].end],
                                [alias] if alias else []))
        i = j
    return out


@lru_cache(maxsize=65536)
def _bare_key(bare: str) -> str:
    bare = bare.lower()
    return bare[2:] if bare.startswith("ال") and len(bare) > 3 else bare


def _word_key(tok: Token) -> str:
    """Return name_key of one token: its bare form (no و/ب/ل before ال) without ال, lower-cased."""
    return _bare_key(tok.bare)


def _known_mentions(tokens: Sequence[Token], text: str, names: Iterable[str]) -> list[_Mention]:
    """Return occurrences of known names (catalogue entries and well-known bodies) as token runs."""
    keys: dict[tuple[str, ...], str] = {}
    for name in names:
        words = tuple(name_key(name).split())
        if words:
            keys[words] = name
    if not keys:
        return []
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in keys:
        by_first.setdefault(words[0], []).append(words)
    # A cheap per-word key (the same as name_key on one folded word), computed once per distinct word;
    # punctuation keeps its own key, so a name never matches across it.
    # A token opens a known name when its bare form, without ال and lower-cased, is a first word: test the
    # spellings with a set lookup, and lower-case only tokens that start below the Arabic block (Latin, digits).
    forms = set(by_first) | {"ال" + f for f in by_first}
    out: list[_Mention] = []
    for pos in [k for k, t in enumerate(tokens) if (b := t.bare) in forms or (b < "\u0600" and b.lower() in forms)]:
        first_key = _bare_key(tokens[pos].bare)
        for words in by_first.get(first_key, ()):
            if tuple(_bare_key(t.bare) for t in tokens[pos:pos + len(words)]) == words:
                start, end = pos, pos + len(words)
                first = tokens[start]
                prefix = _strip_prefix(first.norm)[0] if first.bare != first.norm else ""
                out.append(_Mention(start, end, "known", "other", _display(tokens, start, end, text, prefix)))
    return out


def _list_members(tokens: Sequence[Token], text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Return short names listed between bodies (…، وكوسومار، وكوباك، وجودة، ومؤسسة …): list members are bodies."""
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    out: list[_Mention] = []
    n = len(tokens)
    for m in mentions:
        j = m.end
        while j + 1 < n and tokens[j].text in "،,":
            k = j + 1
            if k in by_start:
                break
            if not tokens[k].norm.startswith("و") or not _is_word(tokens[k]):
                break
            e = k
            while e < n and e - k < 4 and _is_word(tokens[e]) and tokens[e].norm not in STOP:
                e += 1
            if e >= n or tokens[e].text not in "،,." or not (e in by_end or (e + 1 < n and (
                    e + 1 in by_start or tokens[e + 1].norm.startswith("و")))):
                break
            if head_of(tokens[k].norm) or e - k > 3 or (e - k >= 2 and _person_like(tokens[k].norm)):
                break  # "…، وخديجة بوعزة، …": a person listed among bodies
            name = _display(tokens, k, e, text, "و")
            out.append(_Mention(k, e, "list", "company", name))
            j = e
        # only lists that end with another body count; checked by requiring a body after the last comma
    if not out:
        return out
    # Keep members only when the list around them holds at least two real bodies.
    return out if len(mentions) >= 2 else []


def _person_like(norm: str) -> bool:
    """True for a word opening a person's name (وخديجة، عبد …): a list member that is no body."""
    word = norm[1:] if norm.startswith("و") else norm
    return word in _lexicon().given or word in ("عبد", "ابو", "مولاي", "سيدي", "للا")


def _org_key(name: str) -> str:
    """Return a merge key: name_key without a trailing country nisba and without a location suffix."""
    words = name_key(name).split()
    while len(words) > 2 and words[-1] in _NISBA_COUNTRY:
        words.pop()
    return " ".join(words)


_NISBA_COUNTRY_DEF = frozenset(("ال" + w) for w in (
    "مغربيه", "فرنسيه", "اسبانيه", "المانيه", "ايطاليه", "بلجيكيه", "كنديه", "سنغاليه", "تونسيه", "جزائريه",
    "موريتانيه", "ماليه", "امريكيه", "بريطانيه", "سويسريه"))
_NISBA_COUNTRY = frozenset({"مغربيه", "فرنسيه", "اسبانيه", "المانيه", "ايطاليه", "بلجيكيه", "كنديه", "سنغاليه",
                            "تونسيه", "جزائريه", "موريتانيه", "ماليه", "امريكيه", "بريطانيه", "سويسريه"})


def _tokens_of(name: str) -> set[str]:
    return set(name_key(name).split())


def _merge(mentions: list[_Mention], tokens: Sequence[Token], sentences: Sequence[Sentence]) -> list[Organization]:
    groups: list[dict] = []
    key_cache: dict[str, str] = {}

    def org_key(name: str) -> str:
        if name not in key_cache:
            key_cache[name] = _org_key(name)
        return key_cache[name]

    for m in mentions:
        key = org_key(m.name)
        words = key.split()
        key_words = set(words)
        alias_keys = {org_key(a) for a in m.aliases if a}
        target = None
        for g in groups:
            if key in g["keys"] or alias_keys & g["keys"] or (m.head in ("latin", "list") and key in g["alias_keys"]):
                target = g
                break
            for other, ow, first in g["parts"]:
                small, big = (key_words, ow) if len(key_words) <= len(ow) else (ow, key_words)
                council = len(small) >= 2 and {"مجلس"} | small == big  # جهة سوس ماسة ⊂ مجلس جهة سوس ماسة
                if council or (first == words[0] and len(small) >= 2 and small < big and (
                        len(big - small) <= 2 or len(small) >= 3
                        or other.startswith(key + " ") or key.startswith(other + " "))):
                    target = g
                    break
            if target:
                break
        if target is None:
            target = {"keys": set(), "alias_keys": set(), "mentions": [], "parts": []}
            groups.append(target)
        if key not in target["keys"]:
            target["keys"].add(key)
            target["parts"].append((key, key_words, words[0]))
        target["alias_keys"].update(alias_keys)
        target["mentions"].append(m)
    orgs: list[Organization] = []
    for g in groups:
        ms = g["mentions"]
        if all(m.conditional and not m.qualified for m in ms):
            continue
        best = _best_mention(ms)
        names = []
        for m in ms:
            for form in [m.name, *m.aliases]:
                if form != best.name and form not in names:
                    names.append(form)
        acronym = next((a for m in ms for a in m.aliases if a.replace(" ", "").isupper()), None)
        first = min(ms, key=lambda m: m.start)
        span = Span(tokens[first.start].start, tokens[first.end - 1].end,
                    "")  # filled below
        orgs.append(Organization(
            name=best.name,
            span=span,
            sentence=_sentence_of(span.start, sentences),
            kind=_kind(best),
            acronym=acronym,
            aliases=names,
        ))
    return orgs


def _best_mention(ms: list[_Mention]) -> _Mention:
    """Prefer a full head-noun name over list/known/latin forms, then the longest without a location suffix."""
    rank = {"list": 0, "latin": 1, "known": 2}
    return max(ms, key=lambda m: (rank.get(m.head, 3), m.head != "جهه", len(_tokens_of(m.name)) - _suffix_len(m.name),
                                  -m.start))


def _suffix_len(name: str) -> int:
    words = name_key(name).split()
    return 1 if len(words) > 2 and name.split()[-1].startswith("ب") else 0


_INTERNATIONAL = ("دولي", "دوليه", "عالمي", "عالميه", "امم", "افريقي", "افريقيه", "اوروبي", "اوروبيه")


def _kind(m: _Mention) -> str:
    """Return the body's kind from its head; an منظمة or اتحاد is international only when its name says so."""
    known = _known_kinds().get(name_key(m.name))
    if known:
        return known
    if m.head == "latin" and m.kind != "other":
        return m.kind
    if m.head == "فريق" and any(w in ("بحث", "البحث") for w in normalize(m.name).split()[1:2]):
        return "university"  # فريق البحث في …: a research team, not a parliamentary group
    if m.head in ("latin", "list", "known"):
        return _kind_from_name(m.name)
    if m.head in ("منظمه", "اتحاد", "شبكه"):
        words = name_key(m.name).split()
        if any(w in _INTERNATIONAL for w in words) or m.head == "منظمه" and any(w.isascii() for w in words):
            return "international organization"
        return "association" if m.head == "منظمه" else "network"
    return m.kind


def _kind_from_name(name: str) -> str:
    for word in name_key(name).split():
        if word in HEADS:
            return HEADS[word]
    return "other"


@lru_cache(maxsize=1)
def _known_kinds() -> dict[str, str]:
    return {name_key(n): k for n, k in KNOWN_BODY_KINDS.items()}


def _sentence_of(offset: int, sentences: Sequence[Sentence]) -> int:
    for s in sentences:
        if s.start <= offset < s.end or offset < s.start:
            return s.index
    return sentences[-1].index if sentences else 0


def _token_at(tokens: Sequence[Token], offset: int) -> int | None:
    """Return the index of the token starting at offset (a place glued to ب starts one character in)."""
    starts = starts_of(tokens)
    k = bisect_left(starts, offset)
    return k if k < len(starts) and starts[k] == offset else None


def find_organizations(text: str, sentences: Sequence[Sentence], known: Iterable[str] = (),
                       places: Iterable[Span] = (), tokens: Sequence[Token] | None = None) -> list[Organization]:
    """Return the organizations named in text, one per body, with aliases.

    places (spans of place and country mentions) let a location suffix (بطنجة) end a name; tokens may be
    passed when the caller has already tokenized text.
    """
    tokens = tokens if tokens is not None else tokenize(text)
    # Token index where a place starts → index after its last token (ببني ملال is two tokens).
    starts = starts_of(tokens)
    place_idx: dict[int, int] = {}
    for s in places:
        last = max(bisect_left(starts, s.end) - 1, 0)
        for i in (_token_at(tokens, s.start), _token_at(tokens, s.start - 1)):
            if i is not None:
                place_idx[i] = max(place_idx.get(i, 0), last + 1, i + 1)
    mentions = _mentions(tokens, text, sentences, place_idx)
    taken = {k for m in mentions for k in range(m.start, m.end)}
    alias_tokens = {k for m in mentions if m.aliases for k in range(m.end, min(m.end + 8, len(tokens)))
                    if _is_latin(tokens[k])}
    mentions += _shared_head_mentions(tokens, text, taken)
    mentions += _known_mentions(tokens, text, [*KNOWN_BODIES, *known])
    mentions += _latin_mentions(tokens, text, taken | alias_tokens)
    mentions += _alias_mentions(tokens, text, mentions, taken)
    mentions.sort(key=lambda m: (m.start, -m.end))
    mentions = _drop_nested_known(mentions)
    mentions += _list_members(tokens, text, [m for m in mentions if not m.conditional or m.qualified])
    mentions.sort(key=lambda m: (m.start, -m.end))
    orgs = _fold_faculty_short_names(_fold_subunits(_merge(mentions, tokens, sentences)))
    for org in orgs:
        org.span = Span(org.span.start, org.span.end, text[org.span.start:org.span.end])
    return orgs


# Plural and dual heads shared by a coordinated list of names: "تعاونيات النور والأمل" = تعاونية النور، تعاونية الأمل.
_PLURAL_HEADS = {"تعاونيات": ("تعاونية", "تعاونيه"), "تعاونيتي": ("تعاونية", "تعاونيه"),
                 "جمعيات": ("جمعية", "جمعيه"), "جمعيتي": ("جمعية", "جمعيه"),
                 "وزارتي": ("وزارة", "وزاره"), "مجلسي": ("مجلس", "مجلس")}
# Dual heads whose members are the domains or chambers themselves: "وزارتي الفلاحة والسياحة"، "مجلسي النواب والمستشارين".
_DOMAIN_DUALS = frozenset({"وزارتي", "مجلسي"})

_PLURAL_STEMS = tuple(_PLURAL_HEADS)
_PLURAL_FORMS = frozenset(p + w for w in _PLURAL_HEADS for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"))


def _list_member(tokens: Sequence[Token], k: int, domain: bool = False) -> tuple[int, int, int] | None:
    """Return (name start, name end, next index) of one member of a shared-head list starting at k, else None.

    A member is a quoted name («النور»), or one word that is a proper name: a given name with or without ال
    (النور، الأمل، الوفاء: the press names cooperatives so) or an indefinite word that is neither an
    adjective nor a verbal noun (تيفاوين). "تعاونيات نسائية وفلاحية" lists kinds, not names.
    """
    n = len(tokens)
    if k >= n:
        return None
    if tokens[k].norm in _QUOTES:
        for j in range(k + 1, min(k + 7, n)):
            if tokens[j].norm in _QUOTES:
                return (k + 1, j, j + 1) if j > k + 1 else None
            if not _is_word(tokens[j]):
                return None
        return None
    tok = tokens[k]
    if not _is_word(tok) or tok.norm in STOP or head_of(tok.norm):
        return None
    word = tok.norm[1:] if tok.norm.startswith("و") and len(tok.norm) > 3 else tok.norm
    if domain:
        # A domain or chamber with its adjective: الفلاحة، الصيد البحري، النواب.
        if not word.startswith("ال"):
            return None
        end = k + 1
        while end < n and _definite(tokens[end].norm) and not _strip_prefix(tokens[end].norm)[0] \
                and _adjective_like(tokens[end].norm) and end - k < 3:
            end += 1
        return k, end, end
    lex = _lexicon()
    bare = word[2:] if word.startswith("ال") else word
    if bare in lex.given or bare in lex.common_given:
        return k, k + 1, k + 1
    if not word.startswith("ال") and not word.endswith(("ه", "ي", "ات")) and not _masdar(word) \
            and not _TANWEEN_OR_ALIF(tok.text):
        return k, k + 1, k + 1
    return None


def _TANWEEN_OR_ALIF(raw: str) -> bool:
    """True for an accusative or tanween ending (ماليا، كثيرة ً): an adverb or adjective, never a name."""
    return raw.endswith(("ا", "ً", "ٌ", "ٍ"))


def _shared_head_mentions(tokens: Sequence[Token], text: str, taken: set[int]) -> list[_Mention]:
    """Return one body per name listed after a shared plural head (تعاونيات النور والأمل والوفاء)."""
    out: list[_Mention] = []
    n = len(tokens)
    if not any(stem in text for stem in _PLURAL_STEMS):
        return out  # most articles name no shared head: skip the token scan
    for i in positions(tokens, _PLURAL_FORMS):
        word = tokens[i].norm if tokens[i].norm in _PLURAL_HEADS else _strip_prefix(tokens[i].norm)[1]
        if word not in _PLURAL_HEADS or i in taken:
            continue
        head_text, head = _PLURAL_HEADS[word]
        members: list[tuple[int, int]] = []
        k = i + 1
        while k < n and len(members) < 12:
            if members:
                if tokens[k].text in "،,":
                    k += 1
                if k < n and tokens[k].norm == "و":
                    k += 1  # "و«الأمل»"
                elif k < n and not (tokens[k].norm.startswith("و") or tokens[k].norm in _QUOTES):
                    break
            found = _list_member(tokens, k, word in _DOMAIN_DUALS)
            if found is None:
                break
            members.append(found[:2])
            k = found[2]
        if len(members) < 2 or (word in _DOMAIN_DUALS and len(members) != 2) \
                or (k < n and _is_word(tokens[k]) and _definite(tokens[k].norm) and not _strip_prefix(tokens[k].norm)[0]):
            continue  # "جمعيات النور والأمل الخيرية": the list goes on as a phrase we do not read
        for start, end in members:
            raw = text[tokens[start].start:tokens[end - 1].end]
            if tokens[start].norm.startswith("و") and start > i + 1:
                raw = raw[1:]  # the و of the second member
            out.append(_Mention(start, end, head, HEADS[head], f"{head_text} {raw}"))
    return out


# Heads of a body's local units: "اللجنة الإقليمية للتنمية البشرية" is INDH's provincial committee.
_UNIT_HEADS = frozenset({"لجنه", "مديريه", "مندوبيه", "فرع", "قسم", "مصلحه", "ملحقه", "اداره", "تنسيقيه", "مكتب"})
_UNIT_SCOPES = frozenset({"الاقليميه", "الجهويه", "المحليه", "الاقليمي", "الجهوي", "المحلي", "الفرعي", "الفرعيه"})


def _fold_subunits(orgs: list[Organization]) -> list[Organization]:
    """Merge a local unit (head + الجهوية/الإقليمية + ل…) into the body whose name ends with its complement.

    "المديرية الجهوية للفلاحة" stays on its own when no body "… الفلاحة" is named: its parent is unknown.
    """
    keyed = [(o, name_key(o.name).split()) for o in orgs]
    folded: set[int] = set()
    for idx, (o, words) in enumerate(keyed):
        if len(words) >= 3 and " ".join(words[:2]) in _ORGANS:
            # "الجمعية العامة للأمم المتحدة" and "الأمم المتحدة": the organ is an alias of the body.
            rest = [words[2][1:] if words[2].startswith("ل") else words[2], *words[3:]]
            parent = next((p for jdx, (p, pw) in enumerate(keyed) if jdx != idx and jdx not in folded
                           and pw == rest), None)
            if parent is not None:
                parent.aliases.extend(f for f in (o.name, *o.aliases) if f not in parent.aliases)
                folded.add(idx)
                continue
        head = head_of(fold(o.name.split()[0])) if o.name else None
        if head is None or head[0] not in _UNIT_HEADS or len(words) < 3 or fold(o.name.split()[1]) not in _UNIT_SCOPES:
            continue
        raw = normalize(o.name).split()
        # Drop a location suffix (بعمالة إقليم …، ببرشيد): the unit's seat, not the parent's name.
        cut = next((k for k, w in enumerate(raw) if k > 2 and w.startswith("ب")), len(raw))
        tail = words[2:cut]
        if not tail:
            continue
        tail[0] = tail[0][1:] if tail[0].startswith("ل") and len(tail[0]) > 2 else tail[0]
        if len(tail) < 2:
            continue
        for jdx, (parent, pwords) in enumerate(keyed):
            if jdx == idx or jdx in folded or len(pwords) <= len(tail):
                continue
            if pwords[-len(tail):] == tail or pwords[-len(tail):] == ["ل" + tail[0], *tail[1:]]:
                for form in (o.name, *o.aliases):
                    if form not in parent.aliases and form != parent.name:
                        parent.aliases.append(form)
                folded.add(idx)
                break
    out = [o for k, o in enumerate(orgs) if k not in folded]
    return out


# The press names Moroccan faculties by their field (كلية الحقوق، كلية الآداب): the short name → how the official
# name goes on after كلية (folded words).
_FACULTY_SHORT = {"الحقوق": ("العلوم", "القانونيه"), "الاداب": ("الاداب", "والعلوم"),
                  "الاقتصاد": ("العلوم", "القانونيه")}


def _fold_faculty_short_names(orgs: list[Organization]) -> list[Organization]:
    """Make "كلية الحقوق بسطات" an alias of "كلية العلوم القانونية والسياسية بسطات" when the text names both.

    The seat after the name (ب…), when both give one, must agree; with two candidate faculties nothing is merged.
    """
    def parts(o: Organization) -> tuple[list[str], str]:
        words = fold(o.name).split()
        seat = words[-1] if len(words) > 2 and words[-1].startswith("ب") else ""
        return (words[:-1] if seat else words), seat

    if not any(o.name.startswith("كلية ال") and len(o.name.split()) <= 3 for o in orgs):
        return orgs  # (the common case: no short faculty name, nothing to fold)
    folded: set[int] = set()
    for idx, o in enumerate(orgs):
        words, seat = parts(o)
        if len(words) != 2 or words[0] != "كليه" or words[1] not in _FACULTY_SHORT:
            continue
        lead = _FACULTY_SHORT[words[1]]
        parents = []
        for jdx, p in enumerate(orgs):
            pw, pseat = parts(p)
            if jdx != idx and jdx not in folded and pw[:1] == ["كليه"] and tuple(pw[1:3]) == lead \
                    and (not seat or not pseat or seat == pseat):
                parents.append(p)
        if len(parents) == 1:
            parent = parents[0]
            parent.aliases.extend(f for f in (o.name, *o.aliases) if f not in parent.aliases and f != parent.name)
            folded.add(idx)
    return [o for k, o in enumerate(orgs) if k not in folded]


def _alias_mentions(tokens: Sequence[Token], text: str, mentions: list[_Mention], taken: set[int]) -> list[_Mention]:
    """Return later standalone uses of a bracketed acronym (… (ODCO) … ODCO …) so they merge, not multiply."""
    acronyms = {a: m for m in mentions for a in m.aliases if _LATIN_TOKEN.match(a.replace(" ", ""))}
    if not acronyms:
        return []
    return [_Mention(i, i + 1, "latin", acronyms[tok.text].kind, tok.text) for i, tok in enumerate(tokens)
            if tok.text in acronyms and i not in taken and not (i > 0 and tokens[i - 1].text == "(")]


def _drop_nested_known(mentions: list[_Mention]) -> list[_Mention]:
    """Drop a known-name or Latin mention lying inside a head-noun mention (الجمعية العامة للأمم المتحدة)."""
    spans = [(m.start, m.end) for m in mentions if m.head not in ("known", "latin", "list")]
    out = []
    for m in mentions:
        if m.head in ("known", "latin") and any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                                                for s, e in spans):
            continue
        out.append(m)
    return out
