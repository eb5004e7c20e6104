"""Turn paths, folders, glob patterns and standard input into raw articles (text plus whatever metadata the file gives).

Every problem with one file becomes a ReadFailure with the file name and the reason, so the rest still loads.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from .encodings import DecodeError, decode

DEFAULT_MAX_SIZE = 5 * 1024 * 1024
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


@dataclass(slots=True)
class ReadFailure:
    name: str
    reason: str


def expand(paths: Iterable[str]) -> Iterator[Path | str | ReadFailure]:
    """Yield every file named by paths (folders recursively, glob patterns expanded), STDIN, or a ReadFailure."""
    for arg in paths:
        if arg == STDIN:
            yield STDIN
            continue
        path = Path(arg).expanduser()
        if path.is_dir():
            entries = [p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            files = [p for p in entries if p.is_file()]
            # An article-named entry that is no regular file (broken or looping link, FIFO) is reported, not
            # silently skipped: the person loading would otherwise never know an article was left out.
            odd = [ReadFailure(str(p), _not_a_file(p)) for p in sorted(entries) if not p.is_file() and not p.is_dir()]
            if not files and not odd:
                yield ReadFailure(arg, "folder holds no .txt, .md, .html, .htm, .json or .jsonl file")
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
    try:
        size = path.stat().st_size
        if size > max_size:
            return [ReadFailure(name, f"file too large: {_mb(size)} (limit {_mb(max_size)}; raise it with --max-size)")]
        data = path.read_bytes()
    except OSError as exc:
        return [ReadFailure(name, f"cannot read: {exc.strerror or exc}")]
    return parse_bytes(data, name=name, suffix=suffix)


def read_stream(stream: BinaryIO, *, max_size: int = DEFAULT_MAX_SIZE, name: str = "<stdin>") -> list[RawArticle | ReadFailure]:
    """Return the article piped on standard input (plain text with an optional header block)."""
    data = stream.read(max_size + 1)
    if len(data) > max_size:
        return [ReadFailure(name, f"input too large: over {_mb(max_size)} (raise the limit with --max-size)")]
    return parse_bytes(data, name=name, suffix=".txt")


def read_stdin(*, max_size: int = DEFAULT_MAX_SIZE) -> list[RawArticle | ReadFailure]:
    return read_stream(sys.stdin.buffer, max_size=max_size)


def parse_bytes(data: bytes, *, name: str, suffix: str) -> list[RawArticle | ReadFailure]:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return [ReadFailure(name, str(exc))]
    if suffix in HTML_SUFFIXES:
        items = [_parse_html(text, name)]
    elif suffix in JSON_SUFFIXES:
        items = _parse_json(text, name, lines=suffix != ".json")
    else:
        items = [_parse_text(text, name, markdown=suffix in {".md", ".markdown"})]
    for item in items:
        if isinstance(item, RawArticle):
            item.encoding = encoding
            item.url = web_url(item.url)
            if not item.text.strip():
                items[items.index(item)] = ReadFailure(item.name, "no article text")
    return items


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


def _parse_text(text: str, name: str, *, markdown: bool) -> RawArticle:
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _front_matter(match.group(1))
        text = text[match.end():]
    else:
        meta, text = _header_block(text)
    if markdown:
        text = _MD_LINK.sub(r"\1", _MD_HEADING.sub("", text))
        text = _MD_EMPHASIS.sub("", text)
    return RawArticle(text=text, name=name, **meta)


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


def _front_matter(block: str) -> dict[str, str]:
    import yaml  # only needed for files that have front matter

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        # Hand-written front matter often has an unquoted colon in the title ("طنجة: ندوة …"): read it by lines.
        data = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
    return _metadata(data) if isinstance(data, dict) else {}


def _metadata(data: dict) -> dict[str, str]:
    """Map the keys a file may use (English or Arabic, a few synonyms) onto RawArticle fields."""
    meta: dict[str, str] = {}
    for key, value in data.items():
        field = _HEADER_KEYS.get(str(key).strip().lower()) or _JSON_KEYS.get(str(key).strip().lower())
        if field and field != "text" and value not in (None, "") and field not in meta:
            if isinstance(value, datetime):
                value = value.date()
            meta[field] = value.isoformat() if isinstance(value, date) else str(value).strip()
    return meta


# --- HTML -----------------------------------------------------------------------------------------------------------

def _parse_html(html: str, name: str) -> RawArticle | ReadFailure:
    """Main text and title of a saved page; trafilatura drops navigation, footers, scripts and comments."""
    import trafilatura  # heavy import, only for HTML files

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
    published = (doc.date if doc else None) or None
    return RawArticle(text=text, name=name, title=title, url=(doc.url if doc else None) or None,
                      published=published, source=(doc.sitename if doc else None) or None)


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
            meta = _metadata({k: v for k, v in item.items() if k not in ("text", "body", "content")})
            body = next((item[k] for k in ("text", "body", "content") if isinstance(item.get(k), str)), "")
            if not body.strip():
                out.append(ReadFailure(label, "the object has no \"text\""))
            else:
                out.append(RawArticle(text=body, name=label, **{k: v for k, v in meta.items() if k != "text"}))
    return out
