"""One load_articles run: read every named file, ingest each article, and count what happened."""
from __future__ import annotations

import contextlib
import dataclasses
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, OperationalError, transaction

from events import services
from events.ingest import extraction, readers, sql
from events.ingest.resolve import Resolver
from events.models import Article, Country, NameAlias, Organization, Person


@dataclass
class Report:
    files: int = 0
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0
    events: int = 0
    organizations: int = 0
    persons: int = 0
    figures: int = 0
    places: int = 0
    candidates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # Loaded articles with something refused or cut (a field of the wrong type, an impossible date, a text cut to
    # its first MAX_TEXT_CHARS characters): (name, what); not failures, --strict does not count them.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: services.IngestResult, name: str) -> None:
        if result.status == "duplicate":
            self.duplicate += 1
            self.duplicates.append((name, result.reason))
            return
        setattr(self, result.status, getattr(self, result.status) + 1)
        for name_ in ("events", "organizations", "persons", "figures", "places", "candidates"):
            setattr(self, name_, getattr(self, name_) + getattr(result, name_))

    def fail(self, name: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((name, reason))

    def warn(self, name: str, what: str) -> None:
        self.warnings.append((name, what))


class _DryRun(Exception):
    """Raised at the end of a dry run to roll back everything it wrote."""


def load(paths: Iterable[str], *, published: str | None = None, source: str | None = None, url: str | None = None,
         update: bool = False, dry_run: bool = False, max_size: int = readers.DEFAULT_MAX_SIZE,
         progress: Callable[[Iterable], Iterable] | None = None, jobs: int = 1, durable: bool = False,
         time_limit: float | None = extraction.DEFAULT_TIME_LIMIT) -> Report:
    """Load every article the paths name; a failing file or article is reported and the rest still loads.

    A dry run does the whole load inside one transaction and rolls it back, so its counts are exact.
    With jobs > 1, extraction (pure Python, most of the CPU) runs in that many worker processes while this
    process reads files and writes the database, one transaction per article as always.
    durable=False (the default of a load run): on PostgreSQL each article's COMMIT does not wait for the disk
    (synchronous_commit off for that transaction); a PostgreSQL crash may lose the last articles committed, whole,
    and a rerun loads them again. durable=True waits for every commit, as ordinary transactions do.
    published fills the publication date of articles whose file and text give none. time_limit: seconds one
    article's extraction may take before it fails alone (None: no limit).
    """
    report = Report()
    targets = list(readers.expand(paths))
    context = transaction.atomic() if dry_run else contextlib.nullcontext()
    try:
        with sql.prepared_statements(Article), context:
            if not Country.objects.exists():
                services.sync_gazetteers()  # a first load on a fresh database needs countries and places
            if not NameAlias.objects.exists() and (Organization.objects.exists() or Person.objects.exists()):
                services.reindex_names()  # a catalogue restored or seeded by other means: index its names once
            resolver = Resolver()
            known = _known_entities()
            items = _read((progress or (lambda it: it))(targets), report, max_size=max_size)
            options = {"published": published, "source": readers.scrub(source), "url": readers.scrub(url),
                       "update": update, "durable": durable, "time_limit": time_limit}
            if jobs > 1 and _worth_parallel(targets):
                _load_parallel(items, report, resolver=resolver, known=known, jobs=jobs, **options)
            else:
                for item in items:
                    _ingest(item, report, resolver=resolver, known=known, **options)
            if update and not paths:
                for article, outcome in services.reextract_outdated(resolver=resolver, known=known,
                                                                     durable=durable, time_limit=time_limit):
                    name = article.file_name or f"article #{article.pk}"
                    if isinstance(outcome, Exception):
                        report.fail(name, _reason(outcome))
                    else:
                        report.add(outcome, name)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _read(targets: Iterable, report: Report, *, max_size: int) -> Iterator[readers.RawArticle]:
    """Yield every readable article of the targets; count files and record the failures."""
    for target in targets:
        if isinstance(target, readers.ReadFailure):
            report.fail(target.name, target.reason)
            continue
        report.files += 1
        if target == readers.STDIN:
            items = readers.read_stdin(max_size=max_size)
        else:
            items = readers.read_path(Path(target), max_size=max_size)
        for item in items:
            if isinstance(item, readers.ReadFailure):
                report.fail(item.name, item.reason)
            else:
                for what in item.warnings:
                    report.warn(item.name, what)
                yield item


_TRIES = 3


def _ingest(item: readers.RawArticle, report: Report, *, resolver: Resolver, known, published, source, url, update,
            durable: bool = True, extraction=None, search_text: str | None = None, digest: str | None = None,
            checked: bool = False, time_limit: float | None = None) -> None:
    """Store one article; extracted here (under the time limit) unless a worker already did."""
    item_url = url or item.url
    if extraction is None:
        prepared = _prepare(item, report, published=published, url=item_url, update=update, known=known,
                            time_limit=time_limit)
        if prepared is None:
            return
        extraction, digest, published, checked = prepared
    for attempt in range(1, _TRIES + 1):
        try:
            result = _store_item(item, url=item_url, source=source, published=published, update=update,
                                 resolver=resolver, known=known, extraction=extraction, search_text=search_text,
                                 digest=digest, checked=checked and attempt == 1, durable=durable)
        except (IntegrityError, OperationalError) as exc:
            # Another load running at the same time stored the same article, organization or person between this
            # run's lookup and its insert (or the two deadlocked). The article rolled back whole and the resolver
            # forgot its rows, so the next try looks again and finds theirs: a duplicate, or links to their rows.
            if attempt == _TRIES:
                report.fail(item.name, _reason(exc))
                return
            continue
        except Exception as exc:  # noqa: BLE001 - the article's transaction rolled back; report it, load the rest
            report.fail(item.name, _reason(exc))
            return
        report.add(result, item.name)
        return


def _store_item(item: readers.RawArticle, *, url, source, **options) -> services.IngestResult:
    """ingest_article for an article as read: its text, title and name, and the run's source before the file's."""
    return services.ingest_article(text=item.text, title=item.title, url=url, source=source or item.source or "",
                                   file_name=item.name, **options)


def _prepare(item: readers.RawArticle, report: Report, *, published, url, update, known, time_limit):
    """Return (extraction, digest, publication date, checked) for an article to store, or None when it is stored
    (reported as a duplicate) or refused (reported as failed). Extraction runs under the per-article time limit."""
    try:
        digest = extraction.content_hash(item.text, item.title)
        existing = services.find_existing(digest, (url or "").strip() or None)
        skipped = services.duplicate_result(existing, update=update, version=extraction.extractor_version())
        if skipped:
            report.add(skipped, item.name)
            return None
        date, extracted = extraction.extract_dated(item.text, published=item.published, default=published,
                                                   title=item.title, known=known, limit=time_limit)
    except Exception as exc:  # noqa: BLE001 - this article fails alone, with its reason
        report.fail(item.name, _reason(exc))
        return None
    return extracted, digest, date, existing is None  # an outdated article (--update) is looked up again


_BATCH = 32


def _load_parallel(items: Iterator[readers.RawArticle], report: Report, *, resolver: Resolver, known, jobs: int,
                   published, source, url, update, durable, time_limit) -> None:
    """Extract batch n+1 in the workers while this process stores batch n.

    Duplicates are recognized before extraction (by content hash or URL), so a repeated load costs little;
    ingest_article checks again when storing, which catches a duplicate inside the same batch.
    """
    extraction.warm_up()
    version = extraction.extractor_version()
    context = multiprocessing.get_context("fork")  # workers inherit the loaded lexicons; they never touch the DB
    options = {"published": published, "source": source, "url": url, "update": update, "durable": durable}
    with context.Pool(jobs, initializer=extraction.init_worker, initargs=(known, time_limit)) as pool:
        pending = None
        while batch := list(itertools.islice(items, _BATCH)):
            todo = []
            hashed = []
            for item in batch:
                try:
                    hashed.append((item, extraction.content_hash(item.text, item.title)))
                except extraction.Refused as exc:
                    report.fail(item.name, _reason(exc))
            keys = [(digest, (url or item.url or "").strip() or None) for item, digest in hashed]
            for (item, digest), existing in zip(hashed, services.find_existing_many(keys), strict=True):
                skipped = services.duplicate_result(existing, update=update, version=version)
                if skipped:
                    report.add(skipped, item.name)
                else:
                    todo.append((item, digest))
            args = [(item.text, item.published, item.title, published) for item, _ in todo]
            job = pool.map_async(extraction.extract_in_worker, args, chunksize=4)
            if pending:
                _store_batch(*pending, report, resolver=resolver, known=known, **options)
            pending = (todo, job)
        if pending:
            _store_batch(*pending, report, resolver=resolver, known=known, **options)


def _worth_parallel(targets: list) -> bool:
    """Workers pay off for several files or a JSON file of many articles; "fork" is needed to share the lexicons."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if len(targets) > 1:
        return True
    return bool(targets) and isinstance(targets[0], Path) and targets[0].suffix.lower() in readers.JSON_SUFFIXES


def _store_batch(todo, job, report: Report, **options) -> None:
    extracted = []
    for (item, digest), result in zip(todo, job.get(), strict=True):
        if isinstance(result, Exception):
            report.fail(item.name, str(result))  # a worker's Refused or its RuntimeError, already worded
        else:
            extracted.append((item, digest, result))
    if len(extracted) > 1 and not options["update"] and _store_together(extracted, report, **options):
        return
    for item, digest, result in extracted:
        _ingest(item, report, extraction=result.extraction, search_text=result.search_text, digest=digest,
                checked=True, **{**options, "published": result.published})


def _store_together(extracted, report: Report, *, resolver: Resolver, known, published, source, url, update,
                    durable) -> bool:
    """Store new articles in one transaction whose links are written at its end (services.batched_writes).

    Returns False when anything failed: then nothing of the batch was kept, and the caller stores each article
    alone, with its retries and its own failure reason, exactly as without batches.
    """
    before = dataclasses.replace(resolver.counts)
    results = []
    try:
        with services.batched_writes(durable=durable) as batch:
            for item, digest, result in extracted:
                outcome = _store_item(item, url=url or item.url, source=source, published=result.published,
                                      update=update, resolver=resolver, known=known, extraction=result.extraction,
                                      search_text=result.search_text, digest=digest, checked=True, durable=durable,
                                      batch=batch)
                results.append((item.name, outcome))
    except Exception:  # noqa: BLE001 - rolled back whole; each article is stored (or fails) alone next
        resolver.forget(before)
        return False
    for name, outcome in results:
        report.add(outcome, name)
    return True


def _reason(exc: Exception) -> str:
    if isinstance(exc, extraction.Refused):
        return str(exc)
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _known_entities():
    """Curated organization and person names, so the extractor finds what curators fixed."""
    from events.extract.pipeline import KnownEntities
    orgs = [n for name, aliases in Organization.objects.filter(curated=True).values_list("name", "aliases")
            for n in (name, *aliases)]
    persons = [n for name, aliases in Person.objects.filter(curated=True).values_list("name", "aliases")
               for n in (name, *aliases)]
    return KnownEntities(organizations=tuple(orgs), persons=tuple(persons))
