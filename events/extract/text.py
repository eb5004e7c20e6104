"""Sentence splitting and tokenization of cleaned article text. Every piece keeps absolute offsets."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from .normalize import fold, normalize_with_offsets, strip_clitics
from .types import Sentence


class Token(NamedTuple):
    """One token. A named tuple rather than a dataclass: tokenize builds ~450 per article and this is cheaper."""

    text: str
    start: int
    end: int
    norm: str  # normalize.fold(text)
    bare: str  # norm without a leading و/ب/ل/ف/ك glued to ال (strip_clitics)


_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_AR_START = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc"
_AR_BODY = _AR_START + "\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"

_TOKEN = re.compile(
    rf"(?P<num>[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*[%\u066a]?)"
    rf"|(?P<lat>[{_LATIN}](?:[{_LATIN}{_DIGIT}]|['’\-](?=[{_LATIN}{_DIGIT}]))*)"
    rf"|(?P<ar>[{_AR_START}][{_AR_BODY}]*)"
    r"|(?P<other>\S)"
)

# A sentence ends at . ! ? ؟ (and any closing quotes/brackets) followed by a space or the line end.
# A double dot is the headline separator of the Arabic press ("الرباط.. تتويج"), not an end.
_TERMINATOR = re.compile(r"[.!?؟]+[\"'”’»)\]]*(?=\s|$)")
# A full stop after these is an abbreviation, not a sentence end.
_ABBREVIATIONS = frozenset(
    ["dr", "mr", "mrs", "ms", "mme", "mlle", "st", "no", "vs", "etc", "prof", "pr", "inc", "ltd", "co", "art", "av"]
)
_LAST_WORD = re.compile(rf"(?<![{_LATIN}{_AR_BODY}])([{_LATIN}{_AR_START}]+)\.$")
_LINE = re.compile(r"[^\n]+")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at index dot closes an abbreviation (د. ، Dr. ، M.)."""
    if text[dot] != ".":
        return False
    m = _LAST_WORD.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    return len(word) == 1 or word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of text: every line break ends one, and so does . ! ? ؟ outside numbers."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _TERMINATOR.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, m.start()) or text.startswith("..", m.start()) and m.group(0)[2:3] != ".":
                continue
            _append(sentences, text, start, m.end())
            start = m.end()
        _append(sentences, text, start, line.end())
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))


def tokenize(text: str, start: int = 0) -> list[Token]:
    """Return the tokens of text with absolute offsets (start is text's offset in the article).

    Numbers keep their separators and a glued percent sign (12.000، 3,5، 6%); Latin words keep
    inner apostrophes and hyphens (Terr’ESS، Covid-19); every other symbol is its own token.
    """
    folded, offsets = fold_view(text)  # cached: the other stages fold the same article
    spans = [m.span() for m in _TOKEN.finditer(text)]
    bare_of, remember = _BARE.get, _remember_bare
    new = tuple.__new__  # what Token(...) does, minus a Python-level __new__ call per token
    # Comprehensions (no per-token method calls or appends) are what make this fast.
    # Below the presentation forms a character folds to one character or none, so equal lengths mean
    # folded[i] is the fold of text[i]; a ligature (ﻻ → لا) next to a dropped mark can keep the length too.
    if len(folded) == len(text) and not _PRESENTATION_FORMS.search(text):
        return [
            new(Token, (text[a:b], a + start, b + start, norm, bare_of(norm) or remember(norm)))
            for a, b in spans
            for norm in (folded[a:b],)
        ]
    find = bisect.bisect_left  # marks or tatweel were dropped: map each span into the folded text
    return [
        new(Token, (text[a:b], a + start, b + start, norm, bare_of(norm) or remember(norm)))
        for a, b in spans
        for norm in (folded[find(offsets, a):find(offsets, b)],)
    ]


# Memoize strip_clitics: a few thousand distinct words recur across articles.
_BARE: dict[str, str] = {}
_BARE_LIMIT = 200_000


def _remember_bare(norm: str) -> str:
    if len(_BARE) > _BARE_LIMIT:
        _BARE.clear()
    bare = _BARE[norm] = strip_clitics(norm)
    return bare


# normalize.fold works one character at a time. These give the same result much faster: str.replace
# for the five frequent letters, and a regex only for the rare characters (digits ٠-٩, quotes, marks).
_PRESENTATION_FORMS = re.compile("[\\ufb50-\\uffff]")
_COMMON = (("ة", "ه"), ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"))


@lru_cache(maxsize=1)
def _rare_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Return (rare char → its fold, '' when dropped) and a pattern matching any of them."""
    common = {a for a, _ in _COMMON}
    table: dict[str, str] = {}
    for code in range(0xFB50):
        ch = chr(code)
        folded = fold(ch)
        if folded != ch and ch not in common:
            table[ch] = folded
    return table, re.compile("[" + re.escape("".join(table)) + "]")


def _replace_common(text: str) -> str:
    for a, b in _COMMON:
        text = text.replace(a, b)
    return text


def fast_fold(text: str) -> str:
    """Return normalize.fold(text), computed with str.replace and one regex."""
    if _PRESENTATION_FORMS.search(text):
        return fold(text)
    text = _replace_common(text)
    table, rare = _rare_table()
    if rare.search(text):
        text = rare.sub(lambda m: table[m.group()], text)
    return text


_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


@lru_cache(maxsize=8)
def arabic_words(folded: str) -> frozenset[str]:
    """Return the distinct Arabic words of folded text; cached, as the date and number scans both ask."""
    return frozenset(_ARABIC_WORD.findall(folded))


@lru_cache(maxsize=32)
def fold_view(text: str) -> tuple[str, list[int]]:
    """Return normalize.normalize_with_offsets(text): the folded text and, per folded char, its source index.

    Cached, because every stage folds the same article: callers must not modify the returned list.
    """
    if _PRESENTATION_FORMS.search(text):
        return normalize_with_offsets(text)
    folded = _replace_common(text)
    table, rare = _rare_table()
    if not rare.search(folded):
        return folded, list(range(len(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in rare.finditer(folded):
        i = m.start()
        pieces.append(folded[pos:i])
        offsets.extend(range(pos, i))
        replacement = table[m.group()]
        pieces.append(replacement)
        offsets.extend([i] * len(replacement))
        pos = i + 1
    pieces.append(folded[pos:])
    offsets.extend(range(pos, len(folded)))
    return "".join(pieces), offsets
