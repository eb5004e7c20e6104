"""Arabic normalization for matching: the same folding score.py applies, plus offsets back to the source.

normalize() is for keys and comparison; normalize_with_offsets() also returns, for every character of
the normalized text, the index of the source character it came from, so a match found in normalized
text can be reported as a span of the original.
"""
from __future__ import annotations

import re
import unicodedata

# Harakat, superscript alef, Quranic marks and tatweel: dropped.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
)

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
    # Typographic quotes and brackets become their plain forms.
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‹": '"', "›": '"',
    "‘": "'", "’": "'", "‚": "'", "`": "'",
    "﴾": "(", "﴿": ")", "（": "(", "）": ")", "【": "[", "】": "]",
    "٪": "%", "،": "،", "؛": "؛",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "–": "-", "—": "-", "‐": "-", "−": "-",
}
# Arabic-Indic and Persian (Extended) digits to ASCII.
for _i, _c in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _FOLD[_c] = str(_i)
for _i, _c in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _FOLD[_c] = str(_i)

_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    if ord(ch) >= 0xFB50:  # presentation forms (ﻻ, ﺍ …): decompose, then fold each part
        return "".join(_FOLD.get(c, c) for c in unicodedata.normalize("NFKC", ch) if c not in _DROP)
    return ch


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return (folded text, offsets) where offsets[i] is the source index of folded character i.

    Case and spacing are kept (so sentence splitting and Latin names still work); only
    character-level folding is applied.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        for c in folded:
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def fold(text: str) -> str:
    """Return text with diacritics, tatweel and invisible marks removed and letters/digits folded."""
    return "".join(_fold_char(ch) for ch in text)


_PUNCT = re.compile(r"[^\w\s%]", re.UNICODE)


def normalize(text: str | None) -> str:
    """Return the comparison key of a name: folded, lower-cased, punctuation dropped, spaces collapsed."""
    if not text:
        return ""
    text = _PUNCT.sub(" ", fold(text).lower()).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


_PROCLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")


def strip_clitics(token: str) -> str:
    """Return a normalized token without a leading conjunction/preposition glued to ال.

    والتضامني → التضامني, بالمغرب → المغرب, للاقتصاد → الاقتصاد. Short tokens are left alone so
    that words like "بال" are not eaten.
    """
    if len(token) > 4 and token.startswith(("وبال", "وكال", "ولل", "فبال")):
        token = token[1:]
    if token.startswith("لل") and len(token) > 3:
        return "ال" + token[2:]
    if len(token) > 3 and token[0] in "وبلفك" and token[1:3] == "ال":
        return token[1:]
    return token


def strip_article(token: str) -> str:
    """Return a normalized token without clitics and without ال: والمغرب → مغرب."""
    token = strip_clitics(token)
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    return token


def name_key(text: str | None) -> str:
    """Return a key that equates spelling variants of one name (hamza, ة/ه, ال, leading و/ب/ل)."""
    tokens = normalize(text).split()
    return " ".join(strip_article(t) for t in tokens)


def search_text(text: str | None) -> str:
    """Return text prepared for full-text search: normalized, with و/ف/ب/ل split off before ال."""
    tokens = normalize(text).split()
    return " ".join(strip_clitics(t) for t in tokens)
