"""Find the countries an article names: names, aliases, nisba adjectives, and المملكة for Morocco.

A city alone does not name its country (SCHEMA.md "Countries"), so places are not consulted here.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from . import gazetteers as gz
from .persons import name_lexicon
from .types import CountryMention, Sentence, Span

_CONFIDENCE = {"name": 1.0, "alias": 0.95, "nisba": 0.9, "kingdom": 0.8}

# "المملكة" alone is Morocco in Moroccan press; these next words make it another kingdom (or not a country).
_NOT_MOROCCO_AFTER = frozenset(["المتحده", "العربيه", "الاردنيه", "الهاشميه", "الحيوانيه", "النباتيه"])
# Media outlets named like the country (قناة المملكة، جريدة المغرب): after these words the name is the outlet's.
_MEDIA_WORDS = frozenset(["قناه", "القناه", "تلفزيون", "التلفزيون", "تلفزه", "اذاعه", "الاذاعه", "جريده", "الجريده",
                          "صحيفه", "الصحيفه", "مجله", "المجله", "موقع", "الموقع", "يوميه", "اليوميه", "اسبوعيه"])
# "المغرب العربي" is the Maghreb (اتحاد المغرب العربي، وكالة المغرب العربي للأنباء), not Morocco alone.
_REGION_AFTER = {"المغرب": frozenset(["العربي", "الكبير"])}
# A nisba right after these is a language, not a country: اللغة الفرنسية، باللغة الإسبانية.
_LANGUAGE_WORDS = frozenset(["اللغه", "لغه", "اللغات", "لغات", "الترجمه", "ترجمه", "اللغتين", "لغتين", "بلغه"])
# A nisba after a currency names the currency, not a country the article is about: مليون دولار أمريكي.
_CURRENCY_WORDS = frozenset(["دولار", "الدولار", "دولارا", "دولارات", "يورو", "جنيه", "الجنيه", "دينار", "الدينار",
                             "فرنك", "الفرنك", "ليره", "الليره", "ريال", "الريال"])
# Country names that are also words before these: "الوزير مصر على موقفه" (insistent).
_NOT_COUNTRY_BEFORE = {"مصر": frozenset(["علي"])}


def find_countries(text: str, sentences: list[Sentence], index: gz.CountryIndex | None = None) -> list[CountryMention]:
    """Return every country mention in text, in order (one per matched name, duplicates kept).

    index defaults to the gazetteer's; CountryIndex.build(rows, exceptions) makes one with catalogue aliases.
    """
    words = gz.words_of(text)
    index = index or gz.country_index()
    guarded, guard_words = _guards()
    nisbas = gz.nisba_keys()
    out: list[CountryMention] = []
    named_at: dict[int, str] = {}  # word index → code, to accept a guarded name listed among countries
    covered: set[int] = set()
    for m in index.scan(words):
        covered.update(range(m.first, m.last + 1))
        entry = _best_entry(m.entries)
        if entry.value is not None and _accept(entry, m, words):
            out.append(_mention(text, sentences, entry.value, m.start, m.end, entry.via))
            named_at[m.first] = named_at[m.last] = entry.value
    pending: list[int] = []
    # Only words holding مملكه or a guarded name need a look: one dict lookup per word finds them.
    for i in compress(range(len(words)), map(_special, map(_norm, words))):
        if i in covered:
            continue
        w = words[i]
        if "مملكه" in w.norm and _is_kingdom(words, i, nisbas):
            out.append(_mention(text, sentences, "MA", w.start, w.end, "kingdom"))
        elif _special(w.norm) == 2:
            pending.append(i)
    for i in pending:
        code = _guarded_code(words, i, guarded, guard_words, named_at)
        if code:
            w = words[i]
            out.append(_mention(text, sentences, code, w.start, w.end, "name"))
    out.sort(key=lambda c: c.span.start)
    return out


@lru_cache(maxsize=1)
def _guards() -> tuple[dict[tuple[str, ...], str], frozenset[str]]:
    """Return the guarded names (مالي) → code, and the words after which they are countries."""
    exceptions = gz.nisba_exceptions()
    guarded = {gz.key_of(g["name"]): g["code"] for g in exceptions.get("guarded", [])}
    return guarded, frozenset(gz.fast_normalize(w) for w in exceptions.get("guard_words", []))


_norm = attrgetter("norm")


@lru_cache(maxsize=1 << 16)
def _special(norm: str) -> int:
    """Return 1 for a word holding مملكه, 2 for one holding a guarded name, else 0."""
    if "مملكه" in norm:
        return 1
    return 2 if any(k[0] in norm for k in _guards()[0]) else 0


def _best_entry(entries: tuple[gz.Entry, ...]) -> gz.Entry:
    order = {"name": 0, "alias": 1, "nisba": 2}
    return min(entries, key=lambda e: order.get(e.via, 3))


def _accept(entry: gz.Entry, m: gz.Match, words: Sequence[gz.Word]) -> bool:
    if _after_media_word(words, m.first):
        return False
    if entry.via != "nisba":
        key = " ".join(entry.key)
        blockers = _NOT_COUNTRY_BEFORE.get(key)
        nxt = words[m.last + 1] if m.last + 1 < len(words) else None
        if nxt is not None and not nxt.after_punct and m.prefix in ("", "ال") and \
                nxt.norm in _REGION_AFTER.get(words[m.first].norm[len(m.prefix):] if m.prefix != "ال" else
                                              words[m.first].norm, ()):
            return False
        return not (blockers and nxt is not None and not nxt.after_punct and nxt.norm in blockers)
    prev = words[m.first - 1].norm if m.first > 0 and not words[m.first].after_punct else ""
    for form, _ in gz.clitic_variants(prev):
        if form in _CURRENCY_WORDS:
            return False
    if _after_language_word(words, m.first):
        return False
    if prev and not m.prefix and m.first == m.last and words[m.first].norm.endswith("ي"):
        if _is_given_name(words, m.first - 1):
            return False  # a surname (masculine singular): محمد التونسي، عبد الله العراقي
    # بالفرنسية / بالإنجليزية alone: "in French", the language.
    if m.prefix in ("ب", "وب") and words[m.first].norm[len(m.prefix):].endswith("يه") and m.first == m.last:
        return False
    return True


# Second words of compound given names: عبد الله، نور الدين، فاطمة الزهراء.
_GIVEN_SUFFIXES = frozenset(["الله", "الدين", "الرحمان", "الرحمن", "الزهراء", "الاله", "الحق", "الكريم", "الرحيم"])


def _is_given_name(words: Sequence[gz.Word], i: int) -> bool:
    """True when word i ends a person's given name, so a nisba after it is a surname."""
    lex = name_lexicon()
    w = words[i].norm
    if w in lex.given or w in lex.common_given:
        return True
    return w in _GIVEN_SUFFIXES and i > 0 and not words[i].after_punct


def _after_language_word(words: Sequence[gz.Word], i: int) -> bool:
    """True for a nisba in a list of languages: "باللغتين العربية والفرنسية", "اللغة الإسبانية"."""
    for j in range(i - 1, max(-1, i - 4), -1):
        if words[j + 1].after_punct:
            return False
        if any(form in _LANGUAGE_WORDS for form, _ in gz.clitic_variants(words[j].norm)):
            return True
    return False


def _guarded_code(words: Sequence[gz.Word], i: int, guarded: dict, guard_words: set[str],
                  named_at: dict[int, str]) -> str | None:
    """Return the code of a guarded name (مالي) at word i when its context makes it a country.

    بمالي، في مالي، شاركت مالي, or a list of countries (السنغال ومالي والنيجر).
    """
    for form, prefix in gz.clitic_variants(words[i].norm):
        code = guarded.get((form,))
        if code is None:
            continue
        if prefix.endswith(("ب", "ل")):
            return code
        if prefix in ("", "و") and i > 0 and not words[i].after_punct and words[i - 1].norm in guard_words:
            return code
        after_country = (i - 1) in named_at and (prefix == "و" or words[i].after_punct)
        before_country = (i + 1) in named_at and prefix == "" and words[i + 1].norm.startswith("و")
        if after_country or before_country:
            return code
    return None


def _after_media_word(words: Sequence[gz.Word], i: int) -> bool:
    """True when word i names a media outlet: قناة المملكة، لقناة «المملكة»، جريدة "المغرب"."""
    return i > 0 and any(form in _MEDIA_WORDS for form, _ in gz.clitic_variants(words[i - 1].norm))


def _is_kingdom(words: Sequence[gz.Word], i: int, nisbas: frozenset[str]) -> bool:
    """True when word i is المملكة (with clitics) standing for Morocco."""
    if not any(form == "المملكه" for form, _ in gz.clitic_variants(words[i].norm)):
        return False
    if _after_media_word(words, i):
        return False
    if i + 1 < len(words) and not words[i + 1].after_punct:
        nxt = words[i + 1].norm
        if nxt in _NOT_MOROCCO_AFTER or nxt in nisbas:
            return False
    return True


def _mention(text: str, sentences: list[Sentence], code: str, start: int, end: int, via: str) -> CountryMention:
    return CountryMention(
        code=code,
        span=Span(start, end, text[start:end]),
        sentence=sentence_at(sentences, start),
        via="alias" if via == "kingdom" else via,
        confidence=_CONFIDENCE.get(via, 0.9),
    )


def sentence_at(sentences: list[Sentence], offset: int) -> int:
    """Return the index of the sentence holding offset (-1 when outside every sentence)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s.index
    return -1


def country_codes(mentions: list[CountryMention]) -> list[str]:
    """Return the distinct codes of mentions in first-seen order."""
    return list(dict.fromkeys(m.code for m in mentions))
