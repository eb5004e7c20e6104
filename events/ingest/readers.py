"""Turn paths, folders, glob patterns and standard input into raw articles (text plus whatever metadata the file gives).

Every problem with one file becomes a ReadFailure with the file name and the reason, so the rest still loads.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .encodings import DecodeError, decode
from .extraction import check_published

DEFAULT_MAX_SIZE = 5 * 1024 * 1024
# A news article is rarely above 100 KB: a longer text is extracted from its first MAX_TEXT_CHARS characters (about
# 180 KB of Arabic), with a warning, so that no file costs more than a second or two whatever --max-size allows.
MAX_TEXT_CHARS = 100_000
# How much of a decoded text file the header parsing looks at: the body it keeps is cut to MAX_TEXT_CHARS anyway.
_TEXT_READ_CHARS = MAX_TEXT_CHARS + 50_000
# A saved page is mostly markup; trafilatura gets its first million characters (news pages are 50–500 KB; parsing
# takes about 2.5 s per million characters here).
MAX_HTML_CHARS = 1_000_000
_MAX_FRONT_MATTER = 20_000
# Bytes read of a text or HTML file: at most 4 bytes a character, so always enough for what is kept of it; the rest
# is never read, whatever --max-size allows (a JSON file is read whole: its records may be anywhere in it).
_HEAD_BYTES = {"text": _TEXT_READ_CHARS * 4, "html": MAX_HTML_CHARS * 4}
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES - {""} | HTML_SUFFIXES | JSON_SUFFIXES
STDIN = "-"


@dataclass(slots=True)
class RawArticle:
    text: str
    name: str  # file name (with ":line" for one record of a JSON Lines file), or "<stdin>"
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as the file gives it; parsed later with the article's other dates
    source: str | None = None
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)  # what was refused or cut, each naming the field or the limit


@dataclass(slots=True)
class ReadFailure:
    name: str
    reason: str


# Characters a name is printed with escapes for: C0/C1 controls, line and paragraph separators, and the bidi
# controls that would reorder the rest of the line on a terminal (a file called "…\u202etxt.exe").
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def shown(name: str) -> str:
    """Return a file name (or a reason quoting one) safe to print on one line: controls and bidi marks escaped."""
    return _UNSAFE_IN_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


# Removed from every text and metadata field before storage: controls other than tab, line feed and carriage return
# (a NUL fails a PostgreSQL insert and is kept by SQLite), lone surrogates (not encodable as UTF-8) and
# non-characters. Form feed and vertical tab end a line.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def scrub(value: str | None) -> str | None:
    """Return value without control characters, so that every engine stores the same text."""
    if value is None:
        return None
    value = _CONTROL_CHARS.sub("", value)
    return value.replace("\x0b", "\n").replace("\x0c", "\n")


def expand(paths: Iterable[str]) -> Iterator[Path | str | ReadFailure]:
    """Yield every file named by paths (folders recursively, glob patterns expanded), STDIN, or a ReadFailure."""
    for arg in paths:
        if arg == STDIN:
            yield STDIN
            continue
        path = Path(arg).expanduser()
        if path.is_dir():
            entries, unreadable = _walk(path)
            files = [p for p in entries if p.is_file()]
            # An article-named entry that is no regular file (broken or looping link, FIFO) is reported, not
            # silently skipped: the person loading would otherwise never know an article was left out.
            odd = [ReadFailure(str(p), _not_a_file(p)) for p in sorted(entries) if not p.is_file() and not p.is_dir()]
            if not files and not odd and not unreadable:
                yield ReadFailure(arg, "folder holds no .txt, .md, .html, .htm, .json or .jsonl file")
            yield from unreadable
            yield from odd
            yield from sorted(files)
        elif path.is_file():
            yield path
        elif glob.has_magic(arg):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(arg), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield ReadFailure(arg, "no file matches this pattern")
            yield from files
        elif path.is_symlink() or path.exists():
            yield ReadFailure(arg, _not_a_file(path))
        else:
            yield ReadFailure(arg, "no such file or folder")


def _walk(root: Path) -> tuple[list[Path], list[ReadFailure]]:
    """Return the article-named entries under root (hidden ones left out) and a failure per unreadable folder.

    Path.rglob skips a folder it cannot list without a word; os.walk reports it, so the files in it are not
    silently left out of the load. Symbolic links to folders are not followed (no cycles), as with rglob.
    """
    entries: list[Path] = []
    unreadable: list[ReadFailure] = []

    def report(error: OSError) -> None:
        unreadable.append(ReadFailure(str(error.filename or root), f"cannot read this folder "
                                      f"({error.strerror or error}): the files in it were not loaded"))

    for folder, subfolders, names in os.walk(root, onerror=report):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        entries.extend(Path(folder, n) for n in names
                       if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES)
    return entries, sorted(unreadable, key=lambda f: f.name)


def _not_a_file(path: Path) -> str:
    """Return why path, which exists as a directory entry, cannot be read as a file."""
    try:
        path.stat()
    except FileNotFoundError:
        return f"broken symbolic link to {os.readlink(path)}"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"  # ELOOP: "Too many levels of symbolic links"
    return "not a regular file (a FIFO, socket or device)"


def read_path(path: Path, *, max_size: int = DEFAULT_MAX_SIZE) -> list[RawArticle | ReadFailure]:
    """Return the articles in one file (a JSON file may hold several), or the reason it cannot be read."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES and suffix not in TEXT_SUFFIXES:
        return [ReadFailure(name, f"unsupported file type {suffix!r}: expected .txt, .md, .html, .htm, .json or .jsonl")]
    head = None if suffix in JSON_SUFFIXES else _HEAD_BYTES["html" if suffix in HTML_SUFFIXES else "text"]
    try:
        size = path.stat().st_size
        if size > max_size:
            return [ReadFailure(name, f"file too large: {_mb(size)} (limit {_mb(max_size)}; raise it with --max-size)")]
        with path.open("rb") as handle:
            data = handle.read() if head is None else handle.read(head)
    except OSError as exc:
        return [ReadFailure(name, f"cannot read: {exc.strerror or exc}")]
    return parse_bytes(data, name=name, suffix=suffix, size=size if len(data) < size else None)


def read_stream(stream: BinaryIO, *, max_size: int = DEFAULT_MAX_SIZE, name: str = "<stdin>") -> list[RawArticle | ReadFailure]:
    """Return the article piped on standard input (plain text with an optional header block).

    Only the head that can be kept is held in memory; the rest is read in chunks to know the input's size.
    """
    data = stream.read(min(max_size + 1, _HEAD_BYTES["text"]))
    size = len(data)
    while size <= max_size and (chunk := stream.read(min(1 << 20, max_size + 1 - size))):
        size += len(chunk)
    if size > max_size:
        return [ReadFailure(name, f"input too large: over {_mb(max_size)} (raise the limit with --max-size)")]
    return parse_bytes(data, name=name, suffix=".txt", size=size if len(data) < size else None)


def read_stdin(*, max_size: int = DEFAULT_MAX_SIZE) -> list[RawArticle | ReadFailure]:
    return read_stream(sys.stdin.buffer, max_size=max_size)


def parse_bytes(data: bytes, *, name: str, suffix: str, size: int | None = None) -> list[RawArticle | ReadFailure]:
    """Return the articles in a file's bytes, each with its text bounded and scrubbed, or the reasons it fails.

    size: the whole file's size in bytes, when data is only its head (a text or HTML file bigger than what is kept).
    No exception escapes: anything unexpected in one file becomes that file's ReadFailure.
    """
    try:
        text, encoding = decode(data, partial=size is not None)
        if suffix in HTML_SUFFIXES:
            items = [_parse_html(text, name, size=size)]
        elif suffix in JSON_SUFFIXES:
            items = _parse_json(text, name, lines=suffix != ".json")
        else:
            items = [_parse_text(text, name, markdown=suffix in {".md", ".markdown"}, size=size)]
    except DecodeError as exc:
        return [ReadFailure(name, str(exc))]
    except (RecursionError, MemoryError):
        return [ReadFailure(name, "nested too deeply or too large to be an article")]
    except Exception as exc:  # noqa: BLE001 - a reader bug must cost one file, not the run
        return [ReadFailure(name, f"cannot read ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")]
    out: list[RawArticle | ReadFailure] = []
    for item in items:
        if isinstance(item, RawArticle):
            item.encoding = encoding
            item.url = web_url(scrub(item.url))
            item.title, item.source, item.published = scrub(item.title), scrub(item.source), scrub(item.published)
            item.text = scrub(item.text)
            _bound(item)
            if not item.text.strip():
                item = ReadFailure(item.name, "no article text")
        out.append(item)
    return out


def _bound(item: RawArticle, full_length: int | None = None, size: int | None = None) -> None:
    """Cut the text to MAX_TEXT_CHARS at a line (else a word) boundary, with a warning saying so.

    full_length: the text's length before the reader cut it; size: the file's size when only its head was read.
    """
    length = full_length or len(item.text)
    if length <= MAX_TEXT_CHARS and len(item.text) <= MAX_TEXT_CHARS and size is None:
        return
    text = item.text[:MAX_TEXT_CHARS]
    cut = max(text.rfind("\n"), 0)
    if cut < MAX_TEXT_CHARS // 2:
        cut = max(text.rfind(" "), 0)
    item.text = text[:cut] if cut >= MAX_TEXT_CHARS // 2 else text
    whole = f"a {_mb(size)} file" if size is not None else f"{length:,}"
    item.warnings.append(f"text cut to its first {len(item.text):,} characters (of {whole}): a news article is "
                         "rarely longer, only that part is extracted")


def web_url(value: str | None) -> str | None:
    """Return value when it is an http(s) address that fits Article.url, else None.

    The URL a file gives is shown as a link: javascript: or data: addresses must not reach the page, and one
    longer than the column (1000) would fail the whole article on PostgreSQL.
    """
    url = (value or "").strip()
    if len(url) > 1000 or not re.match(r"https?://[^\s/]", url, re.I) or any(c.isspace() for c in url):
        return None
    return url


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# --- plain text and Markdown -------------------------------------------------------------------------------------

# Header lines such as "العنوان: …" or "URL: …" at the top of a copied article, mapped to RawArticle fields.
_HEADER_KEYS = {
    "العنوان": "title", "عنوان": "title", "title": "title",
    "التاريخ": "published", "تاريخ النشر": "published", "تاريخ": "published", "date": "published",
    "published": "published",
    "المصدر": "source", "مصدر": "source", "source": "source", "الموقع": "source",
    "الرابط": "url", "رابط": "url", "url": "url", "link": "url",
}
_HEADER_LINE = re.compile(r"^\s*([^\W\d][\w ]{0,20}?)\s*[:：]\s*(.*?)\s*$")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\w)_(?!\s))")


def _parse_text(text: str, name: str, *, markdown: bool, size: int | None = None) -> RawArticle | ReadFailure:
    full_length = len(text)
    text = text[:_TEXT_READ_CHARS]  # the rest would be cut from the body anyway
    meta: dict[str, str] = {}
    warnings: list[str] = []
    match = _FRONT_MATTER.match(text)
    if match:
        data = _front_matter(match.group(1))
        if isinstance(data, str):
            return ReadFailure(name, data)
        meta = _metadata(data, warnings)
        text = text[match.end():]
    else:
        header, text = _header_block(text)
        meta = _metadata(header, warnings)
    if markdown:
        text = _MD_LINK.sub(r"\1", _MD_HEADING.sub("", text))
        text = _MD_EMPHASIS.sub("", text)
    item = RawArticle(text=text, name=name, warnings=warnings, **meta)
    if full_length > _TEXT_READ_CHARS or size is not None:
        _bound(item, full_length, size)
    return item


def _header_block(text: str) -> tuple[dict[str, str], str]:
    """Split "Key: value" lines at the very top (known keys only) from the article text."""
    meta: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    consumed = 0
    for line in lines:
        if not line.strip():
            if meta:
                consumed += 1
                break  # a blank line closes the header
            consumed += 1
            continue
        m = _HEADER_LINE.match(line)
        field = _HEADER_KEYS.get(m.group(1).strip().lower()) if m else None
        if not field:
            break
        if m.group(2):
            meta.setdefault(field, m.group(2))
        consumed += 1
    if not meta:
        return {}, text
    return meta, "".join(lines[consumed:])


class _AliasRefused(Exception):
    pass


def _front_matter(block: str) -> dict | str:
    """Return the front matter's mapping ({} if it is none), or the reason the file is refused.

    Every scalar is read as text (YAML's BaseLoader): no date, boolean or number typing, so 2025-02-30 is a string
    the date check refuses rather than a ValueError, and "yes" stays "yes". Aliases (*name) are refused: article
    metadata never needs them, and nested ones expand exponentially ("billion laughs").
    """
    import yaml  # only needed for files that have front matter

    if len(block) > _MAX_FRONT_MATTER:
        return f"front matter too long ({len(block):,} characters; article metadata takes a few lines)"

    class Loader(yaml.BaseLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _AliasRefused
            return super().compose_node(parent, index)

    try:
        data = yaml.load(block, Loader=Loader)  # noqa: S506 - BaseLoader subclass: plain strings, lists and maps only
    except _AliasRefused:
        return "front matter uses YAML aliases (*name): refused, article metadata never needs them"
    except yaml.YAMLError:
        # Hand-written front matter often has an unquoted colon in the title ("طنجة: ندوة …"): read it by lines.
        data = {k: _flow_collection(v) for k, v in (line.split(":", 1) for line in block.splitlines() if ":" in line)}
    return data if isinstance(data, dict) else {}


def _flow_collection(value: str) -> str | list | dict:
    """A value written as a YAML flow list or map ([…], {…}) keeps that type when read by lines, so the field
    check refuses it as it does when YAML parses it, instead of storing the brackets as a title."""
    stripped = value.strip()
    if stripped[:1] == "[" and stripped[-1:] == "]":
        return [stripped]
    if stripped[:1] == "{" and stripped[-1:] == "}":
        return {"": stripped}
    return value


_TYPE_NAMES = {list: "a list", dict: "an object", bool: "true or false", int: "a number", float: "a number"}


def _metadata(data: dict, warnings: list[str]) -> dict[str, str]:
    """Map the keys a file may use (English or Arabic, a few synonyms) onto RawArticle fields.

    A value of the wrong type (a title given as a list, source: true) or a date that is impossible or out of range
    is refused with a warning naming the field; nothing is stored as a Python repr.
    """
    meta: dict[str, str] = {}
    for key, value in data.items():
        field_ = _HEADER_KEYS.get(str(key).strip().lower()) or _JSON_KEYS.get(str(key).strip().lower())
        if not field_ or field_ == "text" or value is None or value == "" or field_ in meta:
            continue
        if not isinstance(value, str):
            kind = next((n for t, n in _TYPE_NAMES.items() if isinstance(value, t)), type(value).__name__)
            warnings.append(f"{key!s:.40}: ignored, expected text, not {kind}")
            continue
        value = value.strip()
        if not value:
            continue
        if field_ == "published":
            value, refused = check_published(value)
            if refused:
                warnings.append(f"{key!s:.40}: ignored, {refused}")
                continue
        meta[field_] = value
    return meta


# --- HTML -----------------------------------------------------------------------------------------------------------

def _parse_html(html: str, name: str, *, size: int | None = None) -> RawArticle | ReadFailure:
    """Main text and title of a saved page; trafilatura drops navigation, footers, scripts and comments."""
    import trafilatura  # heavy import, only for HTML files

    # trafilatura logs its own doubts ("discarding data: None") to stderr; this reader reports what matters itself.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    warnings = []
    if len(html) > MAX_HTML_CHARS or size is not None:
        whole = f"a {_mb(size)} file" if size is not None else f"{len(html):,}"
        warnings.append(f"page cut to its first {min(len(html), MAX_HTML_CHARS):,} characters (of {whole}) before "
                        "reading")
        html = html[:MAX_HTML_CHARS]
    # Dates only from the page's markup (meta tags, <time>): htmldate's guesses from free text are too loose.
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      favor_recall=True, date_extraction_params={
                                          "extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"})
    text = (doc.text if doc else "") or ""
    if not text.strip():
        # Pages too short for trafilatura's heuristics: fall back to every paragraph's text.
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        return ReadFailure(name, "no article text found in the HTML page")
    title = (doc.title if doc else None) or None
    published, refused = check_published((doc.date if doc else None) or None)
    if refused:
        warnings.append(f"date of the page ignored: {refused}")
    return RawArticle(text=text, name=name, title=title, url=(doc.url if doc else None) or None,
                      published=published, source=(doc.sitename if doc else None) or None, warnings=warnings)


# --- JSON and JSON Lines ----------------------------------------------------------------------------------------------

_JSON_KEYS = {
    "title": "title", "headline": "title",
    "text": "text", "body": "text", "content": "text",
    "url": "url", "link": "url",
    "published": "published", "date": "published", "published_at": "published",
    "source": "source", "site": "source",
}


# json.loads recurses once per nesting level: a hostile file of [[[[… would otherwise stop the whole load.
_TOO_DEEP = "invalid JSON: nested too deeply to be an article"


def _parse_json(text: str, name: str, *, lines: bool) -> list[RawArticle | ReadFailure]:
    records: list[tuple[str, object]] = []
    if lines:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{name}:{number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                records.append((f"{name}:{number}", ReadFailure(f"{name}:{number}", f"invalid JSON: {exc.msg}")))
            except RecursionError:
                records.append((f"{name}:{number}", ReadFailure(f"{name}:{number}", _TOO_DEEP)))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return [ReadFailure(name, f"invalid JSON at line {exc.lineno}: {exc.msg}")]
        except RecursionError:
            return [ReadFailure(name, _TOO_DEEP)]
        items = data if isinstance(data, list) else [data]
        records = [(name if len(items) == 1 else f"{name}[{i}]", item) for i, item in enumerate(items)]
    out: list[RawArticle | ReadFailure] = []
    for label, item in records:
        if isinstance(item, ReadFailure):
            out.append(item)
        elif not isinstance(item, dict):
            out.append(ReadFailure(label, "expected an object with title, text, url, published and source"))
        else:
            warnings: list[str] = []
            meta = _metadata({k: v for k, v in item.items() if k not in ("text", "body", "content")}, warnings)
            body = next((item[k] for k in ("text", "body", "content") if isinstance(item.get(k), str)), "")
            wrong = next((k for k in ("text", "body", "content") if item.get(k) not in (None, "")
                          and not isinstance(item[k], str)), None)
            if not body.strip() and wrong:
                kind = next((n for t, n in _TYPE_NAMES.items() if isinstance(item[wrong], t)), "not text")
                out.append(ReadFailure(label, f"\"{wrong}\" must be the article's text, not {kind}"))
            elif not body.strip():
                out.append(ReadFailure(label, "the object has no \"text\""))
            else:
                out.append(RawArticle(text=body, name=label, warnings=warnings, **meta))
    return out
