"""The loader's view of the extraction package: the pipeline call, its version, and the duplicate key of a text."""
from __future__ import annotations

import contextlib
import hashlib
import re
import signal
import threading
import time
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


class Refused(ValueError):
    """An article the loader will not store, for a reason the person loading can act on; str(error) is the reason."""


class ArticleTimeout(Refused):
    """Extraction of one article ran past the time limit (raised by time_limit's alarm)."""


# Seconds one article's extraction may take (load_articles --time-limit). A news article takes well under a second
# here, a 100,000-character one about one: only a pathological text reaches this, and it fails alone.
DEFAULT_TIME_LIMIT = 5.0


def extract(text: str, *, published: date | str | None, title: str | None, known=None) -> Extraction:
    """Run the extraction pipeline on one raw article."""
    from events.extract import pipeline

    if isinstance(published, str):
        # A date line as the site printed it ("السبت 08 فبراير 2025") rather than ISO: read it like the text's own.
        from events.extract.dates import find_published

        published = parse_date(published) or find_published(published)
    return pipeline.extract(text, published=published or None, title=title, known=known)


def publication_date(text: str, published: str | None, default: str | None) -> str | None:
    """The publication date to extract with: the file's own (metadata), else the text's date line, else default.

    default (load_articles/extract --published) only fills what neither the file's metadata nor its text says, so
    both commands date an article the same way.
    """
    if published or not default:
        return published or None
    from events.extract.dates import find_published

    return None if find_published(cleaning.clean(text).text) is not None else default


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise ArticleTimeout in the block after seconds (SIGALRM; only in a main thread, else no limit).

    An alarm already set by the caller (a test's own watchdog) is kept: it fires at its own time, and what is left
    of it is set again afterwards.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_first = [0 < outer_delay <= seconds]  # the caller's alarm is due first: it fires, then ours is set

    def expire(signum, frame):
        if outer_first[0]:
            outer_first[0] = False
            signal.setitimer(signal.ITIMER_REAL, max(seconds - (time.monotonic() - started), 0.001))
            if callable(outer_handler):
                outer_handler(signum, frame)
            return
        raise ArticleTimeout(f"extraction stopped after {seconds:g} s (the time limit per article): the text is "
                             "too long or too unusual for a news article")

    started = time.monotonic()
    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, outer_delay if outer_first[0] else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay > seconds:  # the caller's alarm was not due yet: set what is left of it again
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - (time.monotonic() - started), 0.001),
                             outer_interval)


def extract_dated(text: str, *, published: str | None, default: str | None, title: str | None, known=None,
                  limit: float | None = None) -> tuple[str | None, Extraction]:
    """Return (publication date, extraction) of one article, both under the time limit (None: no limit): the date
    by publication_date, so load_articles (in a worker or not) and extract date an article the same way."""
    with time_limit(limit):
        date = publication_date(text, published, default)
        return date, extract(text, published=date, title=title, known=known)


# name_key folds one character at a time; the loader asks for the same few thousand names again and again.
cached_name_key = lru_cache(maxsize=200_000)(name_key)

_worker_known = None
_worker_time_limit: float | None = DEFAULT_TIME_LIMIT


def init_worker(known, limit: float | None = DEFAULT_TIME_LIMIT) -> None:
    """Pool initializer: the catalogue's known names travel once per worker, not with every article."""
    global _worker_known, _worker_time_limit
    _worker_known = known
    _worker_time_limit = limit


@dataclass
class Prepared:
    """An extraction plus what the loader derives from it without the database, computed in the worker."""

    extraction: Extraction
    search_text: str  # the article's search text, as _store_atomic would compute it
    published: str | None = None  # the publication date extracted with (publication_date)


def article_search_text(ex: Extraction) -> str:
    """The stored article's search text: its title (as stored) and its cleaned body."""
    return fast_search_text(f"{(ex.title or '').strip()[:500]}\n{ex.text}")


def extract_in_worker(args: tuple[str, str | None, str | None, str | None]) -> Prepared | Exception:
    """Extract one article in a worker process; an error comes back as a value, so one article fails alone.

    The article's search text is computed here too: it needs no database, and the parent is the bottleneck.
    The time limit stops this article's extraction alone; the worker goes on with the next one.
    """
    text, published, title, default = args
    try:
        published, ex = extract_dated(text, published=published, default=default, title=title, known=_worker_known,
                                      limit=_worker_time_limit)
        return Prepared(ex, article_search_text(ex), published)
    except Refused as exc:
        return exc
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
    if not lines:
        # Menus, share buttons and copyright lines only: storing it would make every such file "the same article".
        raise Refused("no article text left after removing the site's boilerplate (menus, share buttons, "
                      "copyright lines)")
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
# An ISO date with a clock time and an offset, as front matter and feeds write it: the time is checked too.
_ISO_TIME = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
                       r"(?:Z|[+-](\d{2}):?(\d{2}))?\s*$", re.I)
# Publication dates the catalogue accepts: a date outside is a typo or a hostile file (and 9999-12-31 overflows as
# soon as a day is added to it).
MIN_YEAR, MAX_YEAR = 1900, 2100
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


def check_published(value: str | date | None) -> tuple[str | None, str | None]:
    """Return (value to extract with, None) for a usable publication date, or (None, why it is refused).

    ISO dates (with or without a valid clock time), 08/02/2025, or a date line as a site prints it
    ("السبت 08 فبراير 2025"); impossible (2025-02-30, 25:61) and out-of-range (before 1900, after 2100) dates are
    refused, as is text that holds no date.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, date):
        value = value.date() if isinstance(value, datetime) else value
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            return None, f"{value.isoformat()} is out of range ({MIN_YEAR}–{MAX_YEAR})"
        return value.isoformat(), None
    text = " ".join(str(value).split())[:200]
    shown = text if len(text) <= 60 else text[:57] + "…"
    numeric = [p for p in (_ISO, _YMD_SLASH, _DMY) if p.match(text)]
    if numeric:
        parsed = parse_date(text)
        if parsed is None:
            return None, f"{shown!r} is not a valid date"
        clock = _ISO_TIME.match(text)
        if clock:
            hour, minute, second, off_h, off_m = (int(g) if g else 0 for g in clock.groups())
            if hour > 23 or minute > 59 or second > 60 or off_h > 23 or off_m > 59:
                return None, f"{shown!r} is not a valid date and time"
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            return None, f"{shown!r} is out of range ({MIN_YEAR}–{MAX_YEAR})"
        return parsed.isoformat(), None
    from events.extract.dates import find_published

    found = find_published(text)
    if found is None or found.year is None:
        return None, f"{shown!r} is not a date"
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        return None, f"{shown!r} is out of range ({MIN_YEAR}–{MAX_YEAR})"
    return text, None


def organization_kind(kind: str | None) -> str:
    """The Organization.Kind value of a kind the extractor names ("public agency" → "public_agency")."""
    key = "_".join((kind or "").strip().lower().replace("-", " ").split())
    return _ORGANIZATION_KINDS.get(key, key) or "other"


# The extractor's labels whose model value is not just the label with underscores.
_ORGANIZATION_KINDS = {"international_organization": "international", "local_government": "local_authority"}


def as_date(partial: PartialDate | None) -> tuple[date | None, str]:
    """Return (first day the partial date covers, precision) for a DateField plus its precision."""
    if partial is None or partial.year is None:
        return None, "unknown"
    try:
        return date(partial.year, partial.month or 1, partial.day or 1), partial.precision
    except ValueError:
        return None, "unknown"
