"""The loader's view of the extraction package: the pipeline call, its version, and the duplicate key of a text."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from events.extract import clean as cleaning
from events.extract.normalize import name_key, strip_clitics
from events.extract.text import fast_fold
from events.extract.types import Extraction, PartialDate

# Bump when extraction changes enough that stored articles should be re-extracted (load_articles --update).
# events.extract may define its own EXTRACTOR_VERSION; it wins, so the extraction helpers own the number.
LOADER_EXTRACTOR_VERSION = "1"


def extractor_version() -> str:
    from events import extract

    version = getattr(extract, "EXTRACTOR_VERSION", None)
    if version is None:
        try:
            from events.extract import pipeline
        except ImportError:
            pipeline = None
        version = getattr(pipeline, "EXTRACTOR_VERSION", None)
    return str(version or LOADER_EXTRACTOR_VERSION)[:20]


def extract(text: str, *, published: date | str | None, title: str | None, known=None) -> Extraction:
    """Run the extraction pipeline on one raw article."""
    from events.extract import pipeline

    if isinstance(published, str):
        # A date line as the site printed it ("السبت 08 فبراير 2025") rather than ISO: read it like the text's own.
        from events.extract.dates import find_published

        published = parse_date(published) or find_published(published)
    return pipeline.extract(text, published=published or None, title=title, known=known)


# name_key folds one character at a time; the loader asks for the same few thousand names again and again.
cached_name_key = lru_cache(maxsize=200_000)(name_key)

_worker_known = None


def init_worker(known) -> None:
    """Pool initializer: the catalogue's known names travel once per worker, not with every article."""
    global _worker_known
    _worker_known = known


@dataclass
class Prepared:
    """An extraction plus what the loader derives from it without the database, computed in the worker."""

    extraction: Extraction
    search_text: str  # the article's search text, as _store_atomic would compute it


def article_search_text(ex: Extraction) -> str:
    """The stored article's search text: its title (as stored) and its cleaned body."""
    return fast_search_text(f"{(ex.title or '').strip()[:500]}\n{ex.text}")


def extract_in_worker(args: tuple[str, str | None, str | None]) -> Prepared | Exception:
    """Extract one article in a worker process; an error comes back as a value, so one article fails alone.

    The article's search text is computed here too: it needs no database, and the parent is the bottleneck.
    """
    text, published, title = args
    try:
        ex = extract(text, published=published, title=title, known=_worker_known)
        return Prepared(ex, article_search_text(ex))
    except Exception as exc:  # noqa: BLE001 - reported by the parent with the file name
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def warm_up() -> None:
    """Load the lexicons and gazetteers once in the parent, so forked workers share them instead of each loading."""
    extract("الرباط تحتضن المنتدى الوطني للاقتصاد الاجتماعي والتضامني يوم 6 فبراير 2025.", published=None, title=None)


def content_hash(text: str, title: str | None = None) -> str:
    """Return the SHA-256 of the article's cleaned, folded, whitespace-normalized text, without its headline.

    The headline is left out because one copy may carry it in a header block and another as the first line.
    """
    cleaned = cleaning.clean(text)
    # A given title is the headline; otherwise the cleaner's guess is (never both: the guess may be the lede).
    titles = {_key(title or cleaned.title or "")}
    lines = [k for k in (_key(line) for line in cleaned.text.splitlines()) if k]
    lines = [k for k in lines if k not in titles] or lines  # a one-line article is its own headline
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _key(line: str) -> str:
    return " ".join(fast_fold(line).split())


_PUNCT = re.compile(r"[^\w\s%]", re.UNICODE)


def fast_search_text(text: str | None) -> str:
    """Return normalize.search_text(text), computed with the translate-based fold (same result, ~10x faster)."""
    if not text:
        return ""
    return " ".join(strip_clitics(t) for t in _PUNCT.sub(" ", fast_fold(text).lower()).replace("_", " ").split())


# The search text of a title or an entity name: the same few thousand short strings recur in every run.
cached_search_text = lru_cache(maxsize=100_000)(fast_search_text)


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD_SLASH = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*$")


def parse_date(value: str | date | None) -> date | None:
    """Return the date an option or metadata field gives (2025-02-08, 2025-02-08T10:00, 08/02/2025), else None."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    for pattern, order in ((_ISO, (0, 1, 2)), (_YMD_SLASH, (0, 1, 2)), (_DMY, (2, 1, 0))):
        m = pattern.match(value)
        if m:
            parts = [int(g) for g in m.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def as_date(partial: PartialDate | None) -> tuple[date | None, str]:
    """Return (first day the partial date covers, precision) for a DateField plus its precision."""
    if partial is None or partial.year is None:
        return None, "unknown"
    try:
        return date(partial.year, partial.month or 1, partial.day or 1), partial.precision
    except ValueError:
        return None, "unknown"
