"""One load_articles run: read every named file, ingest each article, and count what happened."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from events import services
from events.ingest import readers
from events.ingest.resolve import Resolver
from events.models import Country, NameAlias, Organization, Person


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


class _DryRun(Exception):
    """Raised at the end of a dry run to roll back everything it wrote."""


def load(paths: Iterable[str], *, published: str | None = None, source: str | None = None, url: str | None = None,
         update: bool = False, dry_run: bool = False, max_size: int = readers.DEFAULT_MAX_SIZE,
         progress: Callable[[Iterable], Iterable] | None = None) -> Report:
    """Load every article the paths name; a failing file or article is reported and the rest still loads.

    A dry run does the whole load inside one transaction and rolls it back, so its counts are exact.
    """
    report = Report()
    targets = list(readers.expand(paths))
    context = transaction.atomic() if dry_run else contextlib.nullcontext()
    try:
        with context:
            if not Country.objects.exists():
                services.sync_gazetteers()  # a first load on a fresh database needs countries and places
            if not NameAlias.objects.exists() and (Organization.objects.exists() or Person.objects.exists()):
                services.reindex_names()  # a catalogue restored or seeded by other means: index its names once
            resolver = Resolver()
            known = _known_entities()
            for target in (progress or (lambda it: it))(targets):
                _load_target(target, report, resolver=resolver, known=known, published=published, source=source,
                             url=url, update=update, max_size=max_size)
            if update and not paths:
                for article, outcome in services.reextract_outdated(resolver=resolver, known=known):
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


def _load_target(target, report: Report, *, resolver: Resolver, known, published, source, url, update,
                 max_size) -> None:
    if isinstance(target, readers.ReadFailure):
        report.fail(target.name, target.reason)
        return
    report.files += 1
    if target == readers.STDIN:
        items = readers.read_stdin(max_size=max_size)
    else:
        items = readers.read_path(Path(target), max_size=max_size)
    for item in items:
        if isinstance(item, readers.ReadFailure):
            report.fail(item.name, item.reason)
            continue
        try:
            result = services.ingest_article(
                text=item.text, title=item.title, url=url or item.url, published=published or item.published,
                source=source or item.source or "", file_name=item.name, update=update, resolver=resolver,
                known=known,
            )
        except Exception as exc:  # noqa: BLE001 - the article's transaction rolled back; report it, load the rest
            report.fail(item.name, _reason(exc))
            continue
        report.add(result, item.name)


def _reason(exc: Exception) -> str:
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
