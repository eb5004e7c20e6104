"""Entity resolution across articles: find the catalogue row an extracted name refers to, or create it.

Merging is only ever automatic on certainty: an exact name key (hamza, ة/ه, ال and glued prefixes folded by
name_key), a known alias or acronym, or a surname that belongs to exactly one person. Names that are merely
close (shared head word and high similarity) are written as DuplicateCandidate rows for a curator; names that
share words but differ in a distinctive one (وزارة السياحة / وزارة الصحة) stay apart.

Every lookup is by an indexed column (Organization.name_key, Person.name_key, NameAlias.key, NameAlias.head,
Place and Country through per-run dictionaries), so the cost does not grow with the catalogue.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from events.extract import types as x
from events.ingest import sql
from events.ingest.extraction import cached_name_key, organization_kind
from events.models import (
    Affiliation,
    Country,
    DuplicateCandidate,
    Event,
    EventAlias,
    EventReport,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)

TOKEN_SET_THRESHOLD = 0.8
RATIO_THRESHOLD = 0.85
# Enough rows sharing a head word to catch near-duplicates without turning the prefilter into a scan.
_PREFILTER_LIMIT = 300

# Honorifics are not part of a person's name (SCHEMA.md).
_HONORIFIC_WORDS = re.compile(
    r"^\s*(?:(?:ال)?سي?يد(?:ة)?|(?:ال)?دكتور(?:ة)?|(?:ال)?أستاذ(?:ة)?|(?:ال)?مهندس(?:ة)?|د\.|دة\.|"
    r"(?:ال)?أمير(?:ة)?|صاحب(?:ة)? السمو(?: الملكي)?|M\.|Mme|Mr\.?|Mrs\.?|Dr\.?)\s+"
)
_LATIN_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,14}$")


def strip_honorifics(name: str) -> str:
    """Return the name without leading honorifics: "السيد الدكتور محمد ساجد" → "محمد ساجد"."""
    while True:
        stripped = _HONORIFIC_WORDS.sub("", name, count=1)
        if stripped == name or not stripped.strip():
            return name.strip()
        name = stripped


def is_acronym(name: str) -> bool:
    return bool(_LATIN_ACRONYM.match(name.strip().replace(" ", "")))


def head_of(key: str, *, last: bool = False) -> str:
    """Return the word that prefilters likely duplicates: the first (organizations) or last (persons) token."""
    tokens = key.split()
    if not tokens:
        return ""
    return (tokens[-1] if last else tokens[0])[:100]


def similarity(a: str, b: str) -> float:
    """Return the larger of token-set Jaccard similarity and difflib's ratio of two name keys."""
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    return max(jaccard, difflib.SequenceMatcher(None, a, b).ratio())


def _likely(a: str, b: str) -> float | None:
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    # ratio() is the costly part (up to 300 names sharing a head word per new record): when jaccard alone does not
    # decide and the cheap upper bounds of the ratio are below the threshold, the full ratio cannot reach it either.
    if jaccard < TOKEN_SET_THRESHOLD and (matcher.real_quick_ratio() < RATIO_THRESHOLD
                                          or matcher.quick_ratio() < RATIO_THRESHOLD):
        return None
    ratio = matcher.ratio()
    if jaccard >= TOKEN_SET_THRESHOLD or ratio >= RATIO_THRESHOLD:
        return round(max(jaccard, ratio), 3)
    return None


# --- events: one event per happening -------------------------------------------------------------------------------
# Reports of one happening name it differently: "المعرض الجهوي ..." and "انطلاق الدورة الخامسة للمعرض الجهوي ...".
# Titles are compared on a folded key: the name key without the words that narrate the moment (opening, closing,
# activities of) nor the edition phrase ("الدورة الخامسة", "النسخة 12 من", "في دورتها الثانية عشرة") nor a year.
_LEAD_WORDS = frozenset(cached_name_key(w) for w in (
    "انطلاق", "انطلقت", "اختتام", "اختتمت", "افتتاح", "افتتحت", "فعاليات", "أشغال", "انعقاد", "انعقدت", "تنظيم",
    "تنظم", "ينظم", "احتضان", "تحتضن", "يحتضن", "حفل", "إعطاء", "انطلاقة", "ختام", "بداية"))
_EDITION_WORDS = frozenset(cached_name_key(w) for w in (
    "الدورة", "النسخة", "الطبعة", "دورتها", "نسختها", "طبعتها", "دورته", "نسخته", "طبعته"))
_ORDINAL_WORDS = frozenset(cached_name_key(w) for w in (
    "الأولى", "الأول", "الثانية", "الثاني", "الثالثة", "الثالث", "الرابعة", "الرابع", "الخامسة", "الخامس",
    "السادسة", "السادس", "السابعة", "السابع", "الثامنة", "الثامن", "التاسعة", "التاسع", "العاشرة", "العاشر",
    "الحادية", "الحادي", "عشرة", "عشر", "العشرون", "العشرين", "و", "الجديدة"))
_FILLER_WORDS = frozenset(cached_name_key(w) for w in ("في", "من", "ل"))
_YEAR = re.compile(r"^(?:19|20)\d\d$")
EVENT_MATCH_THRESHOLD = 0.75  # folded titles this close, same kind, place and overlapping dates: one event
EVENT_MATCH_OTHER_KIND = 0.9  # the kind may be read differently by two articles; then the titles must agree more
EVENT_CANDIDATE_THRESHOLD = 0.5  # below the match, above this: a likely duplicate for a curator
_EVENT_PREFILTER = 50


def fold_title_key(key: str) -> str:
    """Return an event title's name key without narrating prefixes, edition phrases and years.

    "انطلاق فعاليات دوره خامسه معرض جهوي" → "معرض جهوي"; a title made only of such words is kept as it is.
    """
    tokens = key.split()
    i = 0
    while i < len(tokens) and tokens[i] in _LEAD_WORDS:
        i += 1
    out: list[str] = []
    while i < len(tokens):
        token = tokens[i]
        if token in _FILLER_WORDS and i + 1 < len(tokens) and tokens[i + 1] in _EDITION_WORDS and out:
            i += 1  # "في دورتها ...": the preposition goes with the edition phrase
            continue
        if token in _EDITION_WORDS:
            i += 1
            while i < len(tokens) and (tokens[i] in _ORDINAL_WORDS or tokens[i].isdigit()):
                i += 1
            if i < len(tokens) and tokens[i] in _FILLER_WORDS:
                i += 1  # "النسخة الثانية من الملتقى"
            continue
        if _YEAR.match(token):
            i += 1
            continue
        out.append(token)
        i += 1
    return " ".join(out) or key


def event_keys(title: str) -> list[str]:
    """Return the keys an event title is found under: its name key and its folded key (the same, or two)."""
    key = cached_name_key(title)[:500]
    return list(dict.fromkeys(k for k in (key, fold_title_key(key)[:500]) if k))


def title_similarity(a: str, b: str) -> float:
    """Similarity of two folded title keys: token Jaccard, difflib's ratio, or containment of the shorter."""
    ta, tb = set(a.split()), set(b.split())
    if not ta or not tb:
        return 0.0
    contained = len(ta & tb) / min(len(ta), len(tb)) if min(len(ta), len(tb)) >= 3 else 0.0
    return max(similarity(a, b), 0.95 * contained)


@dataclass
class EventMatch:
    event: Event | None
    # Events too close to ignore but not close enough to join: (event id, title, similarity).
    uncertain: list[tuple[int, str, float]] = field(default_factory=list)


_EVENT_COLUMNS = ("id", "title", "title_key", "kind", "start_date", "end_date", "place_id", "country_id", "curated",
                  "venue", "edition", "date_precision", "slug", "review_state")


def match_event(keys: list[str], *, kind: str, start: date | None, end: date | None, place: Place | None,
                country: Country | None, also: Iterable[int] = ()) -> EventMatch:
    """Find the catalogue event an article reports, or the events it may be a duplicate of.

    Certain: one of the title's keys is a key the event was ever known by (its current title, an extracted or
    curated title, a merged event's), on the same day or overlapping dates, or in the same city the same year
    (or either undated). Then close titles: same place and overlapping dates (a day's slack), the folded titles
    similar enough (more so when the kinds differ). Each is an indexed lookup (aliases, title key, place and date).
    also: events known by one of the keys whose EventAlias rows are not written yet (events.ingest.batch).
    """
    near, near_params = _near(start, end, place)
    if not near or not keys:
        return EventMatch(None)  # nothing to find it by: no date nor city, or a title with no letters ("…")
    keys_in = ", ".join(["%s"] * len(keys))
    found = _first_event(f"({near}) AND title_key IN ({keys_in})", [*near_params, *keys])
    if found is None:
        also = list(also)
        known = f"id IN (SELECT event_id FROM events_eventalias WHERE key IN ({keys_in}))"
        if also:
            known += f" OR id IN ({', '.join(['%s'] * len(also))})"
        found = _first_event(f"({near}) AND ({known})", [*near_params, *keys, *also])
    if found is not None or start is None:
        return EventMatch(found)
    last = end or start
    overlap = "start_date <= %s AND (end_date >= %s OR (end_date IS NULL AND start_date >= %s))"
    params = [last + timedelta(days=1), start - timedelta(days=1), start - timedelta(days=1)]
    if place is not None:
        where, more = "place_id = %s", [place.pk]
    elif country is not None:
        where, more = "country_id = %s AND start_date = %s", [country.pk, start]
    else:
        return EventMatch(None)
    folded = keys[-1]
    best: tuple[float, Event] | None = None
    uncertain = []
    for other in _events(f"{overlap} AND {where}", [*params, *more], limit=_EVENT_PREFILTER):
        score = round(max(title_similarity(folded, k) for k in event_keys(other.title)), 3)
        threshold = EVENT_MATCH_THRESHOLD if other.kind == kind else EVENT_MATCH_OTHER_KIND
        if place is not None and score >= threshold and (best is None or score > best[0]):
            best = (score, other)
        elif score >= EVENT_CANDIDATE_THRESHOLD:
            uncertain.append((other.pk, other.title, score))
    if best is not None:
        return EventMatch(best[1])
    return EventMatch(None, uncertain)


def _near(start: date | None, end: date | None, place: Place | None) -> tuple[str, list]:
    """The SQL condition of events near enough in time or place for a title key to join them, and its values:
    the same day or overlapping dates; or the same city, the same year or undated."""
    parts, params = [], []
    if start:
        parts.append("start_date = %s OR (start_date <= %s AND end_date >= %s)")
        params += [start, end or start, start]
    if place is not None and start:
        parts.append("place_id = %s AND (start_date BETWEEN %s AND %s OR start_date IS NULL)")
        params += [place.pk, date(start.year, 1, 1), date(start.year, 12, 31)]
    elif place is not None:
        parts.append("place_id = %s")
        params.append(place.pk)
    return " OR ".join(f"({p})" for p in parts), params


def _first_event(where: str, params: list) -> Event | None:
    found = _events(where, params, limit=1)
    return found[0] if found else None


def _events(where: str, params: list, *, limit: int) -> list[Event]:
    """Events (only the columns match_event reads, oldest first) in plain SQL: match_event runs for every article,
    and building its three ORM queries cost more than running them."""
    fields = _event_fields()
    columns = ", ".join(f.column for f in fields)
    rows = sql.rows(Event, f"SELECT {columns} FROM events_event WHERE {where} ORDER BY id LIMIT {int(limit)}", params)
    names = [f.attname for f in fields]
    return [Event.from_db(sql.alias(Event), names, row) for row in rows]


@functools.cache
def _event_fields() -> tuple:
    wanted = {Event._meta.get_field(name).attname for name in _EVENT_COLUMNS}
    return tuple(f for f in Event._meta.concrete_fields if f.attname in wanted)  # in the model's order (from_db)


def remember_event_keys(event: Event, title: str, source: str = EventAlias.Source.EXTRACTED) -> None:
    """Keep the keys of a title the event was matched or named by, so later reports under it find the event."""
    EventAlias.objects.bulk_create(
        [EventAlias(event=event, key=k, title=title[:500], source=source) for k in event_keys(title)],
        ignore_conflicts=True)


def propose_event_duplicates(event: Event, uncertain: list[tuple[int, str, float]]) -> int:
    """Write the uncertain matches of a new event as likely duplicates (a dismissed pair stays dismissed)."""
    rows = []
    for other_id, other_title, score in uncertain:
        first, second = sorted([(other_id, other_title), (event.pk, event.title)])
        rows.append(DuplicateCandidate(entity_type=DuplicateCandidate.EntityType.EVENT, first_id=first[0],
                                       second_id=second[0], first_name=first[1][:300], second_name=second[1][:300],
                                       similarity=score))
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _alias_keys(name: str, aliases: Iterable[str], acronym: str | None) -> list[tuple[str, str]]:
    """Return (key, NameAlias kind) pairs under which an entity is found again, its own name first."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(key: str, kind: str) -> None:
        if key and key not in seen:
            seen.add(key)
            out.append((key[:300], kind))

    add(cached_name_key(name), NameAlias.Kind.NAME)
    if acronym:
        add(cached_name_key(acronym), NameAlias.Kind.ACRONYM)
    for alias in aliases:
        key = cached_name_key(alias)
        # One Arabic word ("الوزارة", "الشبكة") is too generic to identify an organization on its own.
        if len(key.split()) >= 2:
            add(key, NameAlias.Kind.ALIAS)
        elif is_acronym(alias) or alias.isascii():
            add(key, NameAlias.Kind.ACRONYM)
    return out


def index_rows_for(entity: Organization | Person) -> list[NameAlias]:
    """Return the NameAlias rows of a catalogue record, as the resolver would have written them."""
    if isinstance(entity, Organization):
        keys = _alias_keys(entity.name, entity.aliases, entity.acronym or None)
        return [NameAlias(key=k, kind=kind, head=head_of(k), organization=entity) for k, kind in keys]
    keys = Resolver._person_keys(entity.name, entity.aliases)
    return [NameAlias(key=k, kind=kind, head=head_of(k, last=True), person=entity) for k, kind in keys]


def affiliation_key(person_id: int, organization_id: int | None, role: str) -> str:
    """What makes an affiliation the same one again: the loader writes each (person, organization, role) once."""
    return f"{person_id}:{organization_id}:{role}"[:300]


@dataclass
class ResolveCounts:
    organizations: int = 0
    persons: int = 0
    places: int = 0
    candidates: int = 0


@dataclass
class Resolver:
    """Resolves the names of one article at a time; keeps small per-run indexes of countries and places."""

    counts: ResolveCounts = field(default_factory=ResolveCounts)
    new_events: set[int] = field(default_factory=set)  # events created in this run: no links to look up yet
    stored: set[str] = field(default_factory=set)  # content hashes and URLs of the articles stored in this run
    # {event id: search-text pieces this run knows its search text holds}: a later article appends only new ones.
    indexed: dict[int, set[str]] = field(default_factory=dict)
    _affiliations: dict[int, set[str]] = field(default_factory=dict)
    last_report: EventReport | None = None  # the report the article being stored wrote (services._keep_report)
    _countries: dict[str, Country] | None = None
    _places: dict[str, list[tuple[int, int, Place]]] | None = None
    _rejected: dict[tuple, set[str]] | None = None  # (event id, kind) and ("article", article id, kind)
    # Records already resolved in this run, by name key: the same ministries and networks recur in most articles.
    _orgs: dict[str, Organization] = field(default_factory=dict)
    _persons: dict[str, Person] = field(default_factory=dict)

    def forget(self, counts: ResolveCounts) -> None:
        """Undo the counts and drop the caches after a rolled-back article: its new rows no longer exist."""
        self.counts = counts
        self._places = None
        self._orgs.clear()
        self._persons.clear()
        self._affiliations.clear()
        self.indexed.clear()
        self.new_events.clear()  # only ever used to skip lookups; forgetting costs a query, never correctness

    def indexed_pieces(self, event_id: int) -> set[str]:
        if event_id not in self.indexed and len(self.indexed) > 100_000:
            self.indexed.clear()
        return self.indexed.setdefault(event_id, set())

    def affiliations(self, person_ids: set[int]) -> dict[int, set[str]]:
        """Return {person id: keys "person:organization:role" of their affiliations}, read once per person per run."""
        missing = person_ids - self._affiliations.keys()
        if missing:
            if len(self._affiliations) > 100_000:
                self._affiliations.clear()
                missing = set(person_ids)
            for pid in missing:
                self._affiliations[pid] = set()
            for p, o, r in Affiliation.objects.filter(person__in=missing).values_list(
                    "person_id", "organization_id", "role"):
                self._affiliations[p].add(affiliation_key(p, o, r))
        return self._affiliations

    def drop_affiliations(self, person_ids: Iterable[int]) -> None:
        """Forget what the run read of these persons' affiliations: their rows are about to be replaced (--update).

        Otherwise a row deleted by the re-extraction stays in the cache, is taken as existing, and is not written
        again: one --update run lost an affiliation, the next brought it back.
        """
        for pid in person_ids:
            self._affiliations.pop(pid, None)

    def rejected(self, event_id: int | None, kind: str, article_id: int | None = None) -> set[str]:
        """Return the target keys of links a curator rejected (RejectedLink), read once per run (a small table).

        With article_id, also those rejected on a link that came from this article, whichever event they were on:
        a rejection follows the article's facts to any event they reach, a newly created one included.
        """
        if self._rejected is None:
            self._rejected = defaultdict(set)
            for kind_, event_, article_, target in RejectedLink.objects.values_list(
                    "kind", "event_id", "article_id", "target_key"):
                self._rejected[event_, kind_].add(target)
                if article_ is not None:
                    self._rejected["article", article_, kind_].add(target)
        found = self._rejected.get((event_id, kind), set())
        if article_id is not None and ("article", article_id, kind) in self._rejected:
            return found | self._rejected["article", article_id, kind]
        return found

    # --- countries and places -----------------------------------------------------------------------------------

    def country(self, code: str | None) -> Country | None:
        if not code:
            return None
        if self._countries is None:
            self._countries = {c.code: c for c in Country.objects.all()}
        return self._countries.get(code.upper())

    _KIND_RANK = {Place.Kind.CITY: 0, Place.Kind.COMMUNE: 1, Place.Kind.PROVINCE: 2, Place.Kind.REGION: 3}

    def _place_index(self) -> dict[str, list[tuple[int, int, Place]]]:
        if self._places is None:
            index: dict[str, list[tuple[int, int, Place]]] = defaultdict(list)
            for place in Place.objects.select_related("country"):
                rank = self._KIND_RANK.get(place.kind, 9)
                for alias_rank, name in enumerate([place.name_ar, *place.aliases]):
                    index[cached_name_key(name)].append((min(alias_rank, 1), rank, place))
            for rows in index.values():
                rows.sort(key=lambda r: (r[0], r[1], r[2].pk))
            self._places = index
        return self._places

    def place(self, name: str | None, country_code: str | None) -> Place | None:
        """Return the Place a city name refers to (cities before communes, provinces, regions); create unknown cities."""
        if not name:
            return None
        key = cached_name_key(name)
        rows = self._place_index().get(key, [])
        country = self.country(country_code)
        for _, _, place in rows:
            if country is None or place.country_id == country.pk:
                return place
        if country is None or not key:
            return None
        place, created = Place.objects.get_or_create(
            country=country, kind=Place.Kind.CITY, name_key=key, defaults={"name_ar": name.strip()[:200]})
        if created:
            self.counts.places += 1
        self._place_index()[key].insert(0, (0, 0, place))
        return place

    # --- organizations -------------------------------------------------------------------------------------------

    def organizations(self, extracted: list[x.Organization]) -> dict[int, Organization]:
        """Return {index in extracted: Organization row}, matching existing rows or creating new ones."""
        wanted = []
        out: dict[int, Organization] = {}
        for i, org in enumerate(extracted):
            name = " ".join(org.name.split())[:300]
            acronym = org.acronym or (name if is_acronym(name) else None)
            keys = _alias_keys(name, org.aliases, acronym)
            cached = self._orgs.get(keys[0][0]) if keys else None
            if cached is not None:
                self._enrich(cached, name, org.aliases, keys, acronym=acronym)
                out[i] = cached
            elif keys:
                wanted.append((i, org, name, acronym, keys))
        if not wanted:
            return out
        all_keys = {k for *_, keys in wanted for k, _ in keys}
        acronyms = {a for _, _, _, a, _ in wanted if a}
        by_key: dict[str, list[Organization]] = defaultdict(list)
        for row in Organization.objects.filter(Q(name_key__in=all_keys) | Q(acronym__in=acronyms)):
            by_key[row.name_key].append(row)
            if row.acronym:
                by_key[cached_name_key(row.acronym)].append(row)
        alias_hits: dict[str, set[int]] = defaultdict(set)
        for key, org_id in NameAlias.objects.filter(key__in=all_keys, organization__isnull=False).values_list(
                "key", "organization_id"):
            alias_hits[key].add(org_id)
        missing = {oid for ids in alias_hits.values() for oid in ids} - {r.pk for rows in by_key.values() for r in rows}
        extra = {o.pk: o for o in Organization.objects.filter(pk__in=missing)} if missing else {}
        known = {r.pk: r for rows in by_key.values() for r in rows} | extra

        for i, org, name, acronym, keys in wanted:
            row = self._match_organization(org, keys, by_key, alias_hits, known)
            if row is None:
                row = self._create_organization(org, name, acronym, keys)
                for key, _ in keys:
                    by_key[key].append(row)
            else:
                self._enrich(row, name, org.aliases, keys, acronym=acronym, kind=organization_kind(org.kind))
            out[i] = row
            self._remember(self._orgs, keys[0][0], row)
        return out

    @staticmethod
    def _remember(cache: dict, key: str, row) -> None:
        if len(cache) > 100_000:
            cache.clear()
        cache[key] = row

    @staticmethod
    def _match_organization(org, keys, by_key, alias_hits, known) -> Organization | None:
        own_key = keys[0][0]
        exact = by_key.get(own_key, [])
        if exact:
            same_kind = [r for r in exact if r.kind == organization_kind(org.kind)]
            return (same_kind or exact)[0]
        ids: list[int] = []
        for key, _ in keys:
            for row in by_key.get(key, []):
                ids.append(row.pk)
            ids.extend(sorted(alias_hits.get(key, ())))
        distinct = list(dict.fromkeys(i for i in ids if i in known))
        # Several rows under the variants would mean the variants are ambiguous: take the first certain one, in
        # the order of the keys (own name, acronym, aliases), which is the most specific evidence.
        return known[distinct[0]] if distinct else None

    def _create_organization(self, org: x.Organization, name: str, acronym: str | None, keys) -> Organization:
        # The extractor names kinds by their label ("public agency"); the model stores the value ("public_agency").
        kind = organization_kind(org.kind)
        kind = kind if kind in Organization.Kind.values else Organization.Kind.OTHER
        aliases = [a for a in dict.fromkeys(" ".join(a.split()) for a in org.aliases) if a and a != name]
        row = Organization(name=name, kind=kind, acronym=(acronym or "")[:30], aliases=aliases)
        row.save()
        self.counts.organizations += 1
        self._index(keys, organization=row)
        self._candidates(DuplicateCandidate.EntityType.ORGANIZATION, row, keys[0][0], last=False)
        return row

    # --- persons -----------------------------------------------------------------------------------------------

    def persons(self, extracted: list[x.Person]) -> dict[int, Person]:
        """Return {index in extracted: Person row}, matching by name key, alias or a unique surname."""
        wanted = []
        out: dict[int, Person] = {}
        for i, person in enumerate(extracted):
            name = strip_honorifics(" ".join(person.name.split()))[:200]
            aliases = [strip_honorifics(a) for a in person.aliases]
            key = cached_name_key(name)
            cached = self._persons.get(key)
            if cached is not None:
                self._enrich(cached, name, aliases, self._person_keys(name, aliases))
                out[i] = cached
            elif key:
                wanted.append((i, person, name, aliases, key))
        if not wanted:
            return out
        all_keys = {k for *_, key in wanted for k in [key]} | {cached_name_key(a) for *_, al, _ in wanted for a in al}
        all_keys.discard("")
        by_key = {p.name_key: p for p in Person.objects.filter(name_key__in=all_keys)}
        hits: dict[tuple[str, str], set[int]] = defaultdict(set)
        for key, kind, pid in NameAlias.objects.filter(key__in=all_keys, person__isnull=False).values_list(
                "key", "kind", "person_id"):
            hits[key, kind].add(pid)
        needed = {pid for ids in hits.values() for pid in ids} - {p.pk for p in by_key.values()}
        known = {p.pk: p for p in by_key.values()}
        if needed:
            known.update({p.pk: p for p in Person.objects.filter(pk__in=needed)})

        for i, _person, name, aliases, key in wanted:
            row = by_key.get(key)
            if row is None:
                ids = hits.get((key, NameAlias.Kind.NAME), set()) | hits.get((key, NameAlias.Kind.ALIAS), set())
                if not ids and len(key.split()) == 1:
                    ids = hits.get((key, NameAlias.Kind.SURNAME), set())  # surname alone: only if one person has it
                if len(ids) == 1:
                    row = known.get(next(iter(ids)))
            if row is None:
                row = self._create_person(name, aliases, key)
                by_key[key] = row
                known[row.pk] = row
                surname = key.split()[-1]
                self._persons.pop(surname, None)  # a surname alone may no longer name one person only
            else:
                self._enrich(row, name, aliases, self._person_keys(name, aliases))
            out[i] = row
            if len(key.split()) > 1 or row.name_key == key:
                self._remember(self._persons, key, row)  # never cache a surname-only guess
        return out

    @staticmethod
    def _person_keys(name: str, aliases: Iterable[str]) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        seen = set()
        for n, kind in [(name, NameAlias.Kind.NAME), *((a, NameAlias.Kind.ALIAS) for a in aliases)]:
            key = cached_name_key(n)[:300]
            if not key:
                continue
            if len(key.split()) == 1 and kind == NameAlias.Kind.ALIAS:
                kind = NameAlias.Kind.SURNAME
            if (key, kind) not in seen:
                seen.add((key, kind))
                keys.append((key, kind))
            tokens = key.split()
            if len(tokens) >= 2 and kind == NameAlias.Kind.NAME and (tokens[-1], NameAlias.Kind.SURNAME) not in seen:
                seen.add((tokens[-1], NameAlias.Kind.SURNAME))
                keys.append((tokens[-1], NameAlias.Kind.SURNAME))
        return keys

    def _create_person(self, name: str, aliases: list[str], key: str) -> Person:
        clean_aliases = [a for a in dict.fromkeys(" ".join(a.split()) for a in aliases) if a and a != name]
        row = Person(name=name, aliases=clean_aliases)
        row.save()
        self.counts.persons += 1
        self._index(self._person_keys(name, aliases), person=row)
        self._candidates(DuplicateCandidate.EntityType.PERSON, row, key, last=True)
        return row

    # --- shared --------------------------------------------------------------------------------------------------

    def _enrich(self, row: Organization | Person, name: str, aliases: Iterable[str], keys, *,
                acronym: str | None = None, kind: str | None = None) -> None:
        """Keep a new spelling of a matched record as an alias; a curated record is left exactly as it is.

        An organization stored as "other" gets the specific kind the extractor now finds (earlier loads turned
        "public agency", "local authority" … into "other").
        """
        if row.curated:
            return
        known = {" ".join(a.split()) for a in row.aliases} | {row.name}
        new = [v for v in dict.fromkeys([name, *(" ".join(a.split()) for a in aliases)]) if v and v not in known]
        changed = bool(new)
        if new:
            row.aliases = [*row.aliases, *new]
        if acronym and isinstance(row, Organization) and not row.acronym:
            row.acronym = acronym[:30]
            changed = True
        if (kind and isinstance(row, Organization) and row.kind == Organization.Kind.OTHER
                and kind in Organization.Kind.values and kind != Organization.Kind.OTHER):
            row.kind = kind
            changed = True
        if changed:
            row.save()
            field_name = "organization" if isinstance(row, Organization) else "person"
            self._index(keys, **{field_name: row})

    @staticmethod
    def _index(keys: list[tuple[str, str]], **owner) -> None:
        """Write the NameAlias rows of keys (name first) for owner; rows already there are left alone."""
        last = "person" in owner
        sql.insert(NameAlias, [NameAlias(key=k, kind=kind, head=head_of(k, last=last), **owner) for k, kind in keys],
                   ignore_conflicts=True)

    def _candidates(self, entity_type: str, row: Organization | Person, key: str, *, last: bool) -> None:
        """List close-but-uncertain names sharing the head word as likely duplicates of a new record."""
        owner = "person" if last else "organization"
        head = head_of(key, last=last)
        if not head:
            return
        column = f"{owner}_id"
        rows = sql.rows(NameAlias, f"SELECT key, {column} FROM events_namealias WHERE kind = %s AND head = %s AND "
                        f"{column} IS NOT NULL AND {column} <> %s LIMIT {_PREFILTER_LIMIT}",
                        [NameAlias.Kind.NAME, head, row.pk])
        names: dict[int, float] = {}
        for other_key, other_id in rows:
            score = _likely(key, other_key)
            if score is not None:
                names[other_id] = max(score, names.get(other_id, 0.0))
        if last and len(key.split()) >= 2:
            # A person known so far only by this surname may well be the same person.
            for (other_id,) in sql.rows(NameAlias, "SELECT person_id FROM events_namealias WHERE kind = %s AND key = %s"
                                        " AND person_id IS NOT NULL AND person_id <> %s",
                                        [NameAlias.Kind.NAME, head, row.pk]):
                names.setdefault(other_id, TOKEN_SET_THRESHOLD)
        if not names:
            return
        model = Person if last else Organization
        ids = list(names)
        others = sql.rows(model, f"SELECT id, name FROM {model._meta.db_table} WHERE id IN "
                          f"({', '.join(['%s'] * len(ids))})", ids)
        sql.insert(DuplicateCandidate, [
            DuplicateCandidate(entity_type=entity_type, first_id=other_id, second_id=row.pk, first_name=name[:300],
                               second_name=row.name[:300], similarity=names[other_id])
            for other_id, name in others], ignore_conflicts=True)
        self.counts.candidates += len(others)
