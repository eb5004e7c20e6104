"""Writes that span several models: syncing gazetteers and loading articles (curation is in events.curation)."""
from __future__ import annotations

import contextlib
import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from events.curation import doubt_of, refresh_doubt
from events.extract import gazetteers
from events.extract.figure_about import comparison_key
from events.extract.normalize import name_key
from events.extract.types import Extraction
from events.ingest import sql
from events.ingest.batch import PendingWrites
from events.ingest.extraction import (
    article_search_text,
    as_date,
    cached_name_key,
    cached_search_text,
    content_hash,
    extract,
    extractor_version,
    fast_search_text,
    parse_date,
)
from events.ingest.extraction import time_limit as extraction_time_limit
from events.ingest.resolve import Resolver, affiliation_key, event_keys, match_event, propose_event_duplicates
from events.models import (
    Affiliation,
    Article,
    Country,
    Event,
    EventAlias,
    EventCountry,
    EventOrganization,
    EventPerson,
    EventReport,
    Figure,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)


@dataclass
class GazetteerCounts:
    countries: int = 0
    places: int = 0


@transaction.atomic
def sync_gazetteers() -> GazetteerCounts:
    """Create Country and Place rows from the extraction package's data files, and refresh the countries.

    Countries a curator changed are refreshed too (reference data, not extracted records); existing places are
    left as they are, so a curator's corrections to places stay.
    """
    counts = GazetteerCounts()
    by_code = {c.code: c for c in Country.objects.all()}
    for row in gazetteers.countries():
        aliases = sorted(set(row.get("aliases_ar", [])) | set(row.get("nisba_ar", [])))
        values = {"name_ar": row["name_ar"], "name_fr": row["name_fr"], "name_en": row["name_en"], "aliases": aliases}
        country = by_code.get(row["code"])
        if country is None:
            by_code[row["code"]] = Country.objects.create(code=row["code"], **values)
            counts.countries += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(country, k, v)
            country.save()
    existing = {(p.country_id, p.kind, p.name_key): p for p in Place.objects.all()}
    rows = sorted(gazetteers.places(), key=lambda r: r["kind"] != "region")  # regions first: others point at them
    regions: dict[str, Place] = {p.name_ar: p for p in existing.values() if p.kind == Place.Kind.REGION}
    for row in rows:
        country = by_code.get(row["country"])
        if country is None:
            continue
        key = (country.pk, row["kind"], name_key(row["name_ar"]))
        if key in existing:
            continue
        place = Place.objects.create(
            name_ar=row["name_ar"], name_fr=row.get("name_fr") or "", kind=row["kind"], country=country,
            aliases=row.get("aliases_ar", []), latitude=row.get("lat"), longitude=row.get("lon"),
            region=regions.get(row.get("region") or ""),
        )
        existing[key] = place
        counts.places += 1
        if place.kind == Place.Kind.REGION:
            regions[place.name_ar] = place
    return counts


# --- loading articles (issue 4) ---------------------------------------------------------------------------------------

@dataclass
class IngestResult:
    """What loading one article did: status is new, updated or duplicate; counts are of rows created."""

    status: str
    article: Article | None = None
    reason: str = ""
    events: int = 0
    organizations: int = 0
    persons: int = 0
    figures: int = 0
    places: int = 0
    candidates: int = 0


# Plain SQL for the loader's per-article statements (see events.ingest.sql).
_LINKED_ORGANIZATIONS = "SELECT organization_id, role FROM events_eventorganization WHERE event_id = %s"
# Event.objects.filter(LessThan(Length("search_text"), limit), pk=pk).update(search_text=Concat("search_text", more))
_APPEND_SEARCH_TEXT = "UPDATE events_event SET search_text = search_text || %s WHERE id = %s AND LENGTH(search_text) < %s"
_PARTICIPANT_UNITS = frozenset(cached_name_key(u) for u in ("مشارك", "مشاركة", "مشاركين", "مشاركا", "مشاركون"))
_SUMMARY_CHARS = 600
_MAX_SEARCH_TEXT = 200_000


def ingest_article(*, text: str, title: str | None = None, url: str | None = None, published: str | date | None = None,
                   source: str = "", file_name: str = "", update: bool = False, resolver: Resolver | None = None,
                   known=None, extraction: Extraction | None = None, digest: str | None = None,
                   checked: bool = False, search_text: str | None = None, durable: bool = True,
                   batch: PendingWrites | None = None) -> IngestResult:
    """Extract one article and store it with its event, entities, links and figures, all in one transaction.

    The same text (after cleaning and whitespace folding) or the same URL is a duplicate and is skipped, unless
    update is set and the stored article came from an older extractor: then its non-curated links are replaced.
    Curated records and links are never changed, and links a curator rejected are not created again.
    checked: the caller looked the digest and URL up in the database before this run stored anything since,
    so only an article stored by this resolver's run can be a duplicate now.
    search_text: the article's search text, when a worker computed it with the extraction (article_search_text).
    durable=False: on PostgreSQL the article's transaction commits without waiting for its WAL to reach the disk
    (SET LOCAL synchronous_commit = off): a server crash may lose the last committed articles, never half of one.
    batch: store the article in the transaction of batched_writes(), whose rows are written at its end.
    """
    url = (url or "").strip() or None
    digest = digest or content_hash(text, title)
    resolver = resolver or Resolver()
    seen = digest in resolver.stored or (url is not None and url in resolver.stored)
    existing = find_existing(digest, url) if seen or not checked else None
    version = extractor_version()
    skipped = duplicate_result(existing, update=update, version=version)
    if skipped:
        return skipped
    published_date = parse_date(published) if published else None
    if extraction is None:
        extraction = extract(text, published=published_date or published or None, title=title, known=known)
    result = _store(extraction, existing=existing, digest=digest, url=url, published=published_date, source=source,
                    file_name=file_name, version=version, resolver=resolver, search_text=search_text,
                    durable=durable, batch=batch)
    resolver.stored.update(filter(None, (digest, url)))
    return result


@contextlib.contextmanager
def batched_writes(*, durable: bool = True) -> Iterator[PendingWrites]:
    """One transaction for several new articles, each stored by ingest_article(batch=...): their links, reports,
    figures and affiliations are written at its end, one INSERT per table (events.ingest.batch).

    If anything raises inside, nothing of the batch stays (the caller then stores each article alone).
    durable=False: the transaction commits without waiting for the disk, as ingest_article's does.
    """
    batch = PendingWrites()
    with transaction.atomic():
        if not durable:
            sql.relax_commit(Article)
        yield batch
        for event in batch.flush():
            refresh_doubt(event)  # the review queue sees what the batch added (a second source, a conflict)


def duplicate_result(existing: Article | None, *, update: bool, version: str) -> IngestResult | None:
    """Return the "duplicate" result when the stored article stands (always, unless --update finds it outdated)."""
    if existing is None:
        return None
    if not update:
        return IngestResult("duplicate", existing, reason=f"same article as #{existing.pk} ({_label(existing)})")
    if existing.extractor_version == version:
        return IngestResult("duplicate", existing, reason=f"#{existing.pk} is already at extractor {version}")
    return None


def find_existing(digest: str, url: str | None) -> Article | None:
    """Return the stored article with this content hash (preferred) or this URL, in one query."""
    match = Q(content_hash=digest) | Q(url=url) if url else Q(content_hash=digest)
    found = list(Article.objects.filter(match).only("pk", "content_hash", "url", "extractor_version", "title",
                                                       "file_name")[:2])
    return next((a for a in found if a.content_hash == digest), found[0] if found else None)


def find_existing_many(keys: list[tuple[str, str | None]]) -> list[Article | None]:
    """find_existing for many (digest, url) pairs in one query: what the loader checks before extracting a batch."""
    digests = {d for d, _ in keys}
    urls = {u for _, u in keys if u}
    match = Q(content_hash__in=digests) | Q(url__in=urls) if urls else Q(content_hash__in=digests)
    by_hash: dict[str, Article] = {}
    by_url: dict[str, Article] = {}
    for a in Article.objects.filter(match).order_by().only("pk", "content_hash", "url", "extractor_version", "title",
                                                            "file_name"):
        by_hash[a.content_hash] = a
        if a.url:
            by_url[a.url] = a
    return [by_hash.get(d) or (by_url.get(u) if u else None) for d, u in keys]


def reextract_outdated(*, resolver: Resolver | None = None, known=None, durable: bool = True,
                       time_limit: float | None = None):
    """Yield (article, IngestResult or exception) for every stored article loaded by an older extractor.

    time_limit: seconds one article's extraction may take (an ArticleTimeout is yielded for it, it stays as it was).
    """
    resolver = resolver or Resolver()
    version = extractor_version()
    for pk in Article.objects.exclude(extractor_version=version).order_by("pk").values_list("pk", flat=True):
        article = Article.objects.get(pk=pk)
        try:
            with extraction_time_limit(time_limit):
                extraction = extract(article.body, published=article.published, title=article.title or None,
                                     known=known)
            yield article, _store(extraction, existing=article, digest=article.content_hash, url=article.url,
                                  published=article.published, source=article.source_name,
                                  file_name=article.file_name, version=version, resolver=resolver,
                                  durable=durable)
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported and the rest goes on
            yield article, exc


def _label(article: Article) -> str:
    return article.file_name or article.url or article.title[:60]


def _store(ex: Extraction, *, existing: Article | None, digest: str, url: str | None, published: date | None,
           source: str, file_name: str, version: str, resolver: Resolver, search_text: str | None = None,
           durable: bool = True, batch: PendingWrites | None = None) -> IngestResult:
    before = dataclasses.replace(resolver.counts)
    try:
        # In a batch, no savepoint: whatever fails there undoes the whole batch, and each article is stored alone.
        with transaction.atomic(savepoint=batch is None):
            return _store_atomic(ex, existing=existing, digest=digest, url=url, published=published, source=source,
                                 file_name=file_name, version=version, resolver=resolver, before=before,
                                 search_text=search_text, durable=durable, batch=batch)
    except BaseException:
        resolver.forget(before)  # rows it cached or counted were rolled back with the article
        raise


def _store_atomic(ex: Extraction, *, existing: Article | None, digest: str, url: str | None, published: date | None,
                  source: str, file_name: str, version: str, resolver: Resolver, before,
                  search_text: str | None = None, durable: bool = True,
                  batch: PendingWrites | None = None) -> IngestResult:
    if batch is not None and existing is not None:
        raise ValueError("an article stored again (--update) is not stored in a batch")
    if not durable and batch is None:
        sql.relax_commit(Article)  # batched_writes() relaxed its transaction once
    if published is None and ex.published is not None and ex.published.precision == "day":
        published = as_date(ex.published)[0]
    title = (ex.title or "").strip()[:500]
    fields = {
        "title": title, "body": ex.text, "source_name": (source or "")[:200], "url": url, "published": published,
        "content_hash": digest, "extractor_version": version, "file_name": (file_name or "")[:500],
        "search_text": article_search_text(ex) if search_text is None else search_text,
    }
    previous: list[Event] = []
    if existing is None:
        article = Article.objects.create(**fields)
        result = IngestResult("new", article)
    else:
        article = existing
        resolver.drop_affiliations(Affiliation.objects.filter(article=article, curated=False)
                                   .values_list("person_id", flat=True))
        previous = _forget_extracted(article)
        for key, value in fields.items():
            if key in ("url", "source_name", "published", "file_name") and not value:
                continue  # re-extracting from the database must not erase what the first load knew
            setattr(article, key, value)
        article.loaded_at = timezone.now()
        article.save()
        result = IngestResult("updated", article)
    event = _write_extraction(article, ex, resolver, result, previous, updating=existing is not None, batch=batch)
    for old in previous:
        if old != event and not old.curated and not old.articles.exists() and not any(
                m.objects.filter(event=old, curated=True).exists()
                for m in (EventOrganization, EventPerson, EventCountry, Figure)):
            old.delete()  # the re-extraction no longer reports this event and nothing else refers to it
    after = resolver.counts
    result.organizations = after.organizations - before.organizations
    result.persons = after.persons - before.persons
    result.places = after.places - before.places
    result.candidates = after.candidates - before.candidates
    return result


def _forget_extracted(article: Article) -> list[Event]:
    """Drop the non-curated links an earlier extraction of this article wrote; return the events it reported."""
    for model in (EventOrganization, EventPerson, EventCountry, Figure, Affiliation):
        model.objects.filter(article=article, curated=False).delete()
    EventReport.objects.filter(article=article).delete()  # written again with the new extraction
    events = list(article.events.order_by("pk"))
    article.events.clear()
    return events


def _write_extraction(article: Article, ex: Extraction, resolver: Resolver, result: IngestResult,
                      previous: list[Event], *, updating: bool, batch: PendingWrites | None = None) -> Event | None:
    def sentence(index: int | None) -> str:
        return ex.sentences[index].text if index is not None and 0 <= index < len(ex.sentences) else ""

    orgs = resolver.organizations(ex.organizations)
    persons = resolver.persons(ex.persons)
    pending = sql.Inserts()  # the article's report, affiliations, links and figures: nothing below reads them back
    org_by_key: dict[str, Organization] = {}
    for i, org in enumerate(ex.organizations):
        if i in orgs:
            for variant in [org.name, *org.aliases, org.acronym or ""]:
                org_by_key.setdefault(cached_name_key(variant), orgs[i])
    org_by_key.pop("", None)

    # Affiliations: a person's role, and the organization named in it.
    affiliations = []
    for i, person in enumerate(ex.persons):
        if i not in persons:
            continue
        org = org_by_key.get(cached_name_key(person.organization)) if person.organization else None
        role = " ".join((person.role or "").split())[:500]
        if role or org:
            affiliations.append(Affiliation(person=persons[i], organization=org, role=role, article=article,
                                            sentence=sentence(person.sentence)))
    if affiliations:
        rejected_affiliations = resolver.rejected(None, RejectedLink.Kind.AFFILIATION)
        taken = resolver.affiliations({a.person_id for a in affiliations})
        fresh = []
        for a in affiliations:
            key = affiliation_key(a.person_id, a.organization_id, a.role)
            if key not in rejected_affiliations and key not in taken[a.person_id] and (
                    batch is None or key not in batch.affiliations(a.person_id)):
                taken[a.person_id].add(key)
                fresh.append(a)
        pending.add(Affiliation, fresh)

    created_before = result.events
    event = _event(article, ex, resolver, result, previous, orgs, persons, pending, batch)
    # Created by this very article: it has no links yet, and its search text was written with the row. An event
    # an earlier article of the run created is an existing event like any other.
    new_event = result.events > created_before
    rejected: set[tuple[str, str]] = set()
    if event is not None:
        pending.add(Event.articles.through, [Event.articles.through(event=event, article=article)],
                    ignore_conflicts=True)
        rejected = {(kind, target) for kind in RejectedLink.Kind.values
                    for target in resolver.rejected(event.pk, kind, article.pk)}
        organizers = {cached_name_key(n) for n in ex.event.organizers} - {""}
        linked: dict[int, set[str]] = defaultdict(set)
        if not new_event:  # a new event has no links yet: skip the query
            for org_id, role in sql.rows(EventOrganization, _LINKED_ORGANIZATIONS, [event.pk]):
                linked[org_id].add(role)
            for org_id, role in batch.organization_roles(event.pk) if batch is not None else ():
                linked[org_id].add(role)  # written at the batch's end
        links = []
        for i, org in enumerate(ex.organizations):
            if i not in orgs or orgs[i].pk in {link.organization_id for link in links}:
                continue
            variants = {cached_name_key(v) for v in [org.name, *org.aliases, org.acronym or ""]}
            role = EventOrganization.Role.ORGANIZER if variants & organizers else EventOrganization.Role.MENTIONED
            if role == EventOrganization.Role.MENTIONED and linked[orgs[i].pk]:
                continue  # already linked in a more specific role (or by a curator)
            if (RejectedLink.Kind.ORGANIZATION, f"{orgs[i].pk}:{role}") not in rejected:
                links.append(EventOrganization(event=event, organization=orgs[i], role=role, article=article,
                                               sentence=sentence(org.sentence)))
        pending.add(EventOrganization, links, ignore_conflicts=True)
        # An organizer found now replaces an extracted "mentioned" link of the same organization.
        promoted = [link.organization_id for link in links if link.role == EventOrganization.Role.ORGANIZER
                    and EventOrganization.Role.MENTIONED in linked[link.organization_id]]
        if promoted:
            EventOrganization.objects.filter(event=event, role=EventOrganization.Role.MENTIONED, curated=False,
                                             organization__in=promoted).delete()
            if batch is not None:
                batch.drop_mentioned(event.pk, promoted)
        people = []
        for i, person in enumerate(ex.persons):
            if i in persons and (RejectedLink.Kind.PERSON, str(persons[i].pk)) not in rejected:
                org = org_by_key.get(cached_name_key(person.organization)) if person.organization else None
                people.append(EventPerson(event=event, person=persons[i], role=(person.role or "")[:500],
                                          organization=org, article=article, sentence=sentence(person.sentence)))
        pending.add(EventPerson, people, ignore_conflicts=True)
        countries: dict[str, EventCountry] = {}
        mentions = [(c.code, sentence(c.sentence)) for c in ex.countries]
        if ex.event.country:
            mentions.append((ex.event.country, sentence(ex.event.sentence)))
        for code, text in mentions:
            country = resolver.country(code)
            if country and code not in countries and (RejectedLink.Kind.COUNTRY, country.code) not in rejected:
                countries[code] = EventCountry(event=event, country=country, article=article, sentence=text)
        pending.add(EventCountry, list(countries.values()), ignore_conflicts=True)
    result.figures = _write_figures(article, ex, event, rejected, sentence,
                                    check_curated=updating and event is not None, pending=pending)
    if batch is None:
        pending.flush()
    else:
        batch.take(pending)
    if event is not None and not new_event:
        _index_event(event, article, orgs, persons, resolver.indexed_pieces(event.pk))
    if new_event:
        # The review queue's score of an event this article created: its one report and its links are the ones
        # written above, so they are not read back (refresh_doubt's three queries become one UPDATE).
        score, reasons = doubt_of(event, [resolver.last_report], sources=1, has_organizer=any(
            link.role == EventOrganization.Role.ORGANIZER for link in links))
        Event.objects.filter(pk=event.pk).update(doubt=score, doubt_reasons=reasons)
        event.doubt, event.doubt_reasons = score, reasons
    elif event is not None and batch is not None:
        batch.refresh_doubt_later(event)  # it reads the article's report and links, written at the batch's end
    elif event is not None:
        refresh_doubt(event)  # the review queue sees what this article adds (a second source, a conflict)
    return event


def _event(article: Article, ex: Extraction, resolver: Resolver, result: IngestResult,
           previous: list[Event], orgs: dict, persons: dict, pending: sql.Inserts,
           batch: PendingWrites | None = None) -> Event | None:
    """Return the catalogue event the article reports (events.ingest.resolve.match_event), or a new one.

    On --update the event the article reported before is kept (a curator may have retitled it); if nobody
    curated it and this article is its only source, its fields follow the new extraction. Either way the article's
    own values are kept as its report, and the title as one of the event's keys.
    """
    ev = ex.event
    if ev is None or not (ev.title or "").strip():
        return None
    title = " ".join(ev.title.split())[:500]
    start, precision = as_date(ev.start)
    end = as_date(ev.end)[0] if ev.end else None
    place = resolver.place(ev.city, ev.country)
    country = resolver.country(ev.country) or (place.country if place else None)
    kind = ev.kind if ev.kind in Event.Kind.values else Event.Kind.OTHER
    report = EventReport(article=article, title=title, kind=kind, start_date=start, end_date=end,
                         date_precision=precision, place=place, country=country, venue=(ev.venue or "")[:300],
                         sentence=ex.sentences[ev.sentence].text if ev.sentence is not None
                         and 0 <= ev.sentence < len(ex.sentences) else "",
                         confidence=ev.confidence, field_confidence=dict(ev.field_confidence or {}),
                         reasons=dict(ev.reasons or {}))
    if previous:
        event = previous[0]
        if not event.curated and not event.articles.exists():
            event.title, event.start_date, event.end_date, event.date_precision = title, start, end, precision
            event.place, event.country, event.venue, event.edition = place, country, (ev.venue or "")[:300], ev.edition
            event.kind = kind
            event.summary, event.participant_count = _summary(ex), _participants(ex)
            event.save()
        _keep_report(event, title, report, resolver, pending)
        return event
    keys = event_keys(title)
    match = match_event(keys, kind=kind, start=start, end=end, place=place, country=country,
                        also=batch.events_known_by(keys) if batch is not None else ())
    if match.event is not None:
        candidate = match.event
        if not candidate.curated:
            _complete_event(candidate, start=start, end=end, precision=precision, place=place, country=country,
                            venue=ev.venue, edition=ev.edition)
        _keep_report(candidate, title, report, resolver, pending)
        return candidate
    event = Event(
        title=title, slug=_unique_slug(title, start.year if start else None, article.pk), kind=kind,
        start_date=start, end_date=end, date_precision=precision,
        place=place, country=country, venue=(ev.venue or "")[:300], edition=ev.edition,
        summary=_summary(ex), participant_count=_participants(ex),
    )
    event.search_text = _first_search_text(event, place, article, orgs, persons)  # written by the INSERT itself
    event.save()
    resolver.indexed_pieces(event.pk).update(_search_pieces(article, orgs, persons))
    result.events += 1
    resolver.new_events.add(event.pk)
    _keep_report(event, title, report, resolver, pending)
    resolver.counts.candidates += propose_event_duplicates(event, match.uncertain)
    return event


def _keep_report(event: Event, title: str, report: EventReport, resolver: Resolver, pending: sql.Inserts) -> None:
    """Keep the article's report and the title's keys (remember_event_keys), written with the article's links:
    nothing reads them before (a later article's match_event, refresh_doubt read them after the flush)."""
    pending.add(EventAlias, [EventAlias(event=event, key=k, title=title[:500], source=EventAlias.Source.EXTRACTED)
                             for k in event_keys(title)], ignore_conflicts=True)
    report.event = event
    pending.add(EventReport, [report], ignore_conflicts=True)
    resolver.last_report = report


def _complete_event(event: Event, *, start, end, precision, place, country, venue, edition) -> None:
    """Fill what a second article adds to a non-curated event, without overwriting what is already known."""
    changed = []
    if event.start_date is None and start is not None and (event.end_date is None or event.end_date >= start):
        event.start_date, event.date_precision = start, precision
        changed += ["start_date", "date_precision"]
    if event.end_date is None and end is not None and event.start_date is not None and end >= event.start_date:
        event.end_date = end
        changed.append("end_date")
    for field_name, value in (("place", place), ("country", country), ("venue", venue), ("edition", edition)):
        attname = f"{field_name}_id" if field_name in ("place", "country") else field_name
        if value and not getattr(event, attname):  # *_id: no query for the related row
            setattr(event, field_name, value[:300] if isinstance(value, str) else value)
            changed.append(field_name)
    if changed:
        event.save(update_fields=[*changed, "updated_at"])


def _unique_slug(title: str, year: int | None, article_id: int) -> str:
    """Return the title's slug, else with the year, else with the article id: at most three indexed lookups."""
    base = (slugify(title, allow_unicode=True) or "event")[:220].strip("-") or "event"
    candidates = [base, f"{base}-{year}" if year else None, f"{base}-{year or 0}-{article_id}"]
    wanted = list(filter(None, candidates))
    taken = {slug for (slug,) in sql.rows(Event, f"SELECT slug FROM events_event WHERE slug IN "
                                                 f"({', '.join(['%s'] * len(wanted))})", wanted)}
    for slug in filter(None, candidates):
        if slug not in taken:
            return slug
    n = 2
    while Event.objects.filter(slug=f"{candidates[-1]}-{n}").exists():
        n += 1
    return f"{candidates[-1]}-{n}"


def _summary(ex: Extraction) -> str:
    """The article's lede: its first sentences after the headline, as a short description of the event."""
    out = ""
    for s in ex.sentences:
        if ex.title and s.text.strip() == ex.title.strip():
            continue
        out = f"{out} {s.text.strip()}".strip()
        if len(out) >= _SUMMARY_CHARS // 2:
            break
    return out[:_SUMMARY_CHARS]


def _participants(ex: Extraction) -> int | None:
    for f in ex.figures:
        if cached_name_key(f.unit) in _PARTICIPANT_UNITS and 0 < f.value < 10_000_000:
            return int(f.value)
    return None


def _write_figures(article: Article, ex: Extraction, event: Event | None, rejected: set, sentence, *,
                   check_curated: bool, pending: sql.Inserts) -> int:
    event_year = ex.event.start.year if ex.event and ex.event.start else None
    published_year = ex.published.year if ex.published else None
    figures = []
    seen = set()
    for f in ex.figures:
        value = Decimal(str(round(f.value, 4)))
        unit = " ".join(f.unit.split())[:100]
        unit_key = cached_name_key(unit)[:100] if unit != "%" else "%"
        key = f"{article.pk}:{value.normalize():f}:{unit_key}"
        if (RejectedLink.Kind.FIGURE, key) in rejected or (key, f.span.start) in seen:
            continue
        seen.add((key, f.span.start))
        text = sentence(f.sentence)
        # The year the sentence ties the figure to; else a date in its sentence that is not its horizon
        # ("4% بحلول 2035" is not a 2035 figure); else the event's or the article's year.
        year = f.year or next((d.start.year for d in ex.dates
                               if d.start.year and d.start.year != f.horizon and 0 <= f.sentence < len(ex.sentences)
                               and ex.sentences[f.sentence].start <= d.span.start < ex.sentences[f.sentence].end),
                              None)
        about = " ".join((f.about or "").split())[:500]
        figures.append(Figure(
            value=value, unit=unit, unit_key=unit_key, about=about, subject=f.subject[:200], scope=f.scope[:100],
            quantity=comparison_key(unit_key, f.subject, f.scope), horizon=f.horizon,
            year=year or event_year or published_year, event=event, article=article, sentence=text,
            span_start=f.span.start, span_end=f.span.end,
        ))
    if not figures:
        return 0
    if check_curated:
        # A curated figure with the same value and unit on this event stands for this one.
        kept = set(Figure.objects.filter(event=event, article=article, curated=True).values_list("value", "unit_key"))
        figures = [f for f in figures if (f.value, f.unit_key) not in kept]
    pending.add(Figure, figures)
    return len(figures)


def _entity_words(orgs: dict, persons: dict) -> list[str]:
    return [*(n for o in orgs.values() for n in (o.name, o.acronym, *o.aliases)),
            *(n for p in persons.values() for n in (p.name, *p.aliases))]


def _first_search_text(event: Event, place: Place | None, article: Article, orgs: dict, persons: dict) -> str:
    """The search text of an event its first article creates: title, summary, venue, place, entity names, body."""
    parts = [event.title, event.summary, event.venue]
    if place is not None:
        parts += [place.name_ar, place.name_fr]
    parts += _entity_words(orgs, persons)
    addition = fast_search_text("\n".join(dict.fromkeys(p for p in parts if p)))
    return f"{addition}\n{article.search_text}"


def _search_pieces(article: Article, orgs: dict, persons: dict) -> list[str]:
    """The article's title and each entity name or alias, as search text (each a substring of the joined text)."""
    pieces = [cached_search_text(article.title)]
    pieces += [cached_search_text(n) for n in dict.fromkeys(_entity_words(orgs, persons)) if n]
    return [p for p in dict.fromkeys(pieces) if p]


def _index_event(event: Event, article: Article, orgs: dict, persons: dict, known: set[str]) -> None:
    """Add a later article's words to the event's search text: its title and its entity names and aliases.

    Only the first article's body goes in (_first_search_text), so the text of an event reported a hundred times
    stays bounded. known: the pieces this run already wrote to the event's text; they are not appended again,
    and with nothing new there is no UPDATE at all (on PostgreSQL each one recomputes the whole tsvector).
    """
    new = [p for p in _search_pieces(article, orgs, persons) if p not in known]
    if not new:
        return
    # Appended in SQL: the event's text is not read back, and it stops growing at _MAX_SEARCH_TEXT.
    more = "\n" + "\n".join(new)
    sql.execute(Event, _APPEND_SEARCH_TEXT, [more, event.pk, _MAX_SEARCH_TEXT])
    known.update(new)


def reindex_names(batch: int = 5000) -> int:
    """Rebuild the loader's name index (NameAlias) and event title keys for rows written by other means.

    Rows created by the admin, a restore or a synthetic seed have no NameAlias rows; without them the loader
    still finds them by exact name key, but not by alias, acronym or surname. Returns the number of index rows.
    """
    from events.ingest.resolve import index_rows_for

    written = 0
    with transaction.atomic():
        NameAlias.objects.all().delete()
        for model in (Organization, Person):
            rows: list[NameAlias] = []
            for entity in model.objects.only("pk", "name", "aliases", *(["acronym"] if model is Organization else []))\
                    .iterator(chunk_size=batch):
                rows.extend(index_rows_for(entity))
                if len(rows) >= batch:
                    written += len(NameAlias.objects.bulk_create(rows, ignore_conflicts=True))
                    rows = []
            written += len(NameAlias.objects.bulk_create(rows, ignore_conflicts=True))
        stale = []
        for event in Event.objects.filter(title_key="").only("pk", "title").iterator(chunk_size=batch):
            event.title_key = name_key(event.title)[:500]
            stale.append(event)
            if len(stale) >= batch:
                Event.objects.bulk_update(stale, ["title_key"])
                stale = []
        Event.objects.bulk_update(stale, ["title_key"])
    return written
