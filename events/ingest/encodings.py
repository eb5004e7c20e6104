"""Decode article files: UTF-8 (with or without BOM), UTF-16 (with or without BOM) and Windows-1256.

Arabic news files come from many sites and editors; the order of checks goes from certain (a BOM) to
principled guesses (the NUL pattern of UTF-16, strict UTF-8, then a plausibility check of Windows-1256),
and anything else is refused with a reason rather than loaded as mojibake.
"""
from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 64 * 1024
# C0 controls other than tab, line feed, form feed and carriage return never occur in a text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669\u067e\u0686\u06a4\u06af]")


class DecodeError(ValueError):
    """The bytes are not a text file this loader can read; str(error) says why."""


def decode(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Return (text, encoding name) for the bytes of a text file, or raise DecodeError with the reason.

    partial: data is the head of a longer file, so its last character may be cut: it is left out, not an error.
    """
    if not data.strip():
        raise DecodeError("empty file")
    final = not partial
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(_text(data[len(bom):], encoding, final=final), encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte order mark but is not valid {encoding}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(_text(data, utf16, final=final), utf16), utf16
        except (UnicodeDecodeError, DecodeError):
            pass  # looked like UTF-16 but is not: try the byte-oriented encodings
    if b"\x00" in data[:_SAMPLE]:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return _checked(_text(data, "utf-8", final=final), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _text(data, "cp1256", final=final, errors="replace")
    if _plausible_arabic(text):
        return _checked(text, "windows-1256"), "windows-1256"
    try:
        text = _text(data, "cp1252", final=final)
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_latin(text):
            return _checked(text, "windows-1252"), "windows-1252"
    return _guess(data, final=final)


def _text(data: bytes, encoding: str, *, final: bool, errors: str = "strict") -> str:
    """bytes.decode, except that with final=False an incomplete last character is dropped instead of failing."""
    if final:
        return data.decode(encoding, errors)
    return codecs.getincrementaldecoder(encoding)(errors).decode(data, final=False)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when the byte pattern is UTF-16 text, else None.

    In UTF-16 every ASCII character has a NUL high byte and every Arabic letter a 0x06 high byte, so one
    parity of byte positions is dominated by 0x00/0x06 while the other is not.
    """
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]

    def high_share(half: bytes) -> float:
        return (half.count(0) + half.count(6)) / len(half)

    if high_share(odd) > 0.6 and high_share(even) < 0.2:
        return "utf-16-le"
    if high_share(even) > 0.6 and high_share(odd) < 0.2:
        return "utf-16-be"
    return None


def _plausible_arabic(text: str) -> bool:
    """Windows-1256 maps every byte, so check the result: most non-ASCII characters must be Arabic letters."""
    sample = text[:_SAMPLE]
    non_ascii = [c for c in sample if ord(c) > 127 and not c.isspace()]
    if not non_ascii or _CONTROL.search(sample):
        return False
    arabic = sum(1 for c in non_ascii if _ARABIC_LETTER.match(c))
    return arabic / len(non_ascii) >= 0.8


_LATIN_EXTRA = frozenset("’‘“”«»–—…€°·")


def _plausible_latin(text: str) -> bool:
    """A French or Spanish article saved by a Western editor: every non-ASCII character an accented letter."""
    sample = text[:_SAMPLE]
    non_ascii = [c for c in sample if ord(c) > 127 and not c.isspace()]
    return bool(non_ascii) and not _CONTROL.search(sample) and all(
        ("\u00c0" <= c <= "\u017f" and c.isalpha()) or c in _LATIN_EXTRA for c in non_ascii)


def _guess(data: bytes, *, final: bool = True) -> tuple[str, str]:
    """Last resort for other legacy encodings (e.g. a French article in Windows-1252)."""
    from charset_normalizer import from_bytes  # only imported for the rare file the fast checks refuse

    best = from_bytes(data[: _SAMPLE * 4]).best()
    if best is None or best.chaos > 0.1:
        raise DecodeError("undecodable: not UTF-8, UTF-16 or Windows-1256 text")
    try:
        text = _text(data, best.encoding, final=final)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"undecodable: {exc}") from exc
    return _checked(text, best.encoding), best.encoding


# Characters of Arabic, French, Spanish or English news (and Amazigh in Tifinagh): Latin with its accents and
# combining marks, Arabic with its presentation forms, general punctuation, currency and letter-like symbols,
# arrows. Emoji and the odd foreign word are fine; text made mostly of anything else is not a news article.
_EXPECTED = re.compile("[\x00-\u024f\u0300-\u036f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u1e00-\u1eff"
                       "\u2000-\u206f\u20a0-\u20cf\u2100-\u21ff\u2d30-\u2d7f\ufb50-\ufdff\ufe70-\ufeff]+")
_UNEXPECTED_SHARE = 0.3


def _checked(text: str, encoding: str) -> str:
    sample = text[:_SAMPLE]
    if _CONTROL.search(sample):
        raise DecodeError(f"binary file: control characters in what decodes as {encoding}")
    if not text.strip():
        raise DecodeError("empty file")
    visible_text = "".join(sample.split())
    visible = len(visible_text)
    unexpected = len(_EXPECTED.sub("", visible_text))
    if visible and unexpected / visible > _UNEXPECTED_SHARE:
        # A UTF-16 file behind the wrong byte order mark decodes to CJK ideographs and dingbats: refuse, not store.
        raise DecodeError(f"undecodable or not an article: {unexpected / visible:.0%} of what decodes as {encoding} "
                          "is neither Arabic nor Latin script (a wrong byte order mark or encoding?)")
    return text
