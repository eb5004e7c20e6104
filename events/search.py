"""Arabic-tolerant event search: one entry point, two engines chosen by the database vendor.

Both engines read Event.search_text, which the loader fills with
``normalize.search_text(title, summary, venue, place names, entity names and aliases, article titles and bodies)``:
folded (hamza, ة/ه, ى/ي, diacritics), lower-cased, with و/ف/ب/ل/ك split off before ال.

* PostgreSQL: full-text search with the built-in ``arabic`` configuration over that column. Its tsvector is stored
  in events_event_tsv (event id, vector), a narrow table with a GIN index kept by a trigger (migration 0017), so
  finding many matches never visits the wide event rows. The Snowball stemmer stems "تضامني" and "التضامني"
  differently, so every query word is searched with and without ال. Names are also matched by trigram word similarity on Organization.name_key
  and Person.name_key (gin_trgm_ops indexes), which forgives misspelt names.
* SQLite: every query word, normalized and without ال or a glued prefix, must occur in search_text as a substring.
  The words of three or more characters are looked up in events_event_fts, an FTS5 trigram index of search_text
  kept by triggers (migration 0014), which answers substrings from the index; a shorter word (which no trigram
  holds) is checked with LIKE on the rows the other words found, or on every row when it is the only word. Names
  are matched on name_key with LIKE. There is no ranking: "relevance" falls back to newest first.

A request parses its query once into a Search: the places and actors it names are read once, and the filter, the
ordering and the snippets of the page share them (EventFilter.search).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import IContains, Lookup
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from events.extract.latin import latin_key
from events.extract.normalize import name_key, normalize, search_text, strip_article

MAX_TERMS = 12
# A name search that matches very common names must not turn into a huge IN list.
MAX_NAME_EVENTS = 2000
_TSQUERY_UNSAFE = re.compile(r"[^\w]", re.UNICODE)


def rank_limit() -> int:
    """Searches with more matches than this are listed newest first instead of by relevance (the page says so).

    ts_rank reads every matching row's large, compressed tsvector (about 25 µs a row here): ranking a word found in
    all 100,000 events took 2.5 s (issue 6). Setting MARSAD_RANK_LIMIT (environment variable of the same name).
    """
    return settings.MARSAD_RANK_LIMIT


def query_terms(q: str | None) -> list[str]:
    """Return the distinct normalized words of a query, without ال or glued و/ب/ل/ف/ك: "والإقتصاد" → "اقتصاد"."""
    terms: list[str] = []
    for token in search_text(q or "").split():
        term = _TSQUERY_UNSAFE.sub("", strip_article(token))
        if len(term) >= 2 and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


class ArabicTsvector(Func):
    """to_tsvector('arabic', text) on PostgreSQL; NULL on SQLite.

    The expression of the generated column Event.search_vector that migration 0006 added and 0017 replaced by the
    table events_event_tsv; kept because migrations import it.
    """

    template = "to_tsvector('arabic'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


# PostgreSQL: the events' tsvectors, one row an event (migration 0017; models.EventVector).
TSV_TABLE = "events_event_tsv"


def _raw_tsquery(terms: list[str]) -> str:
    """The to_tsquery text of terms, every one required; _TSQUERY_UNSAFE already removed what tsquery would parse."""
    parts = []
    for term in terms:
        # Arabic words: with and without the article, because the stemmer treats them differently.
        parts.append(f"({term} | ال{term})" if re.match(r"[\u0600-\u06ff]", term) else term)
    return " & ".join(parts)


def latin_query(q: str | None) -> str:
    """Return the query's Latin comparison form when it is written in Latin letters ("Fès" → "fes"), else ""."""
    if not q or re.search("[\u0600-\u06ff]", q):
        return ""
    key = latin_key(q)
    return key if len(key) >= 3 else ""


def _latin_word(field: str, key: str) -> Q:
    """latin_key holds the words key, whole: "fes" finds "fes" and "fes meknes", not "fesq"."""
    return (Q(**{field: key}) | Q(**{f"{field}__startswith": f"{key} "}) | Q(**{f"{field}__endswith": f" {key}"})
            | Q(**{f"{field}__contains": f" {key} "}))


def matching_actors(q: str):
    """Return (organizations, persons) querysets whose Arabic or Latin name matches the query (not evaluated)."""
    from events.models import Organization, Person

    key, latin = name_key(q), latin_query(q)
    if uses_postgres() and len(key) >= 3:
        from django.contrib.postgres.lookups import TrigramWordSimilar

        orgs_q = Q(TrigramWordSimilar(F("name_key"), Value(key)))
        persons_q = Q(TrigramWordSimilar(F("name_key"), Value(key)))
    else:
        name_q = Q()
        for word in key.split():
            name_q &= Q(name_key__contains=word)
        orgs_q = (name_q | Q(acronym__iexact=q.strip())) if len(key) >= 3 else Q(pk__in=[])
        persons_q = name_q if len(key) >= 3 else Q(pk__in=[])
    if latin:
        orgs_q |= _latin_word("latin_key", latin) | Q(acronym__iexact=q.strip())
        persons_q |= _latin_word("latin_key", latin)
    return Organization.objects.filter(orgs_q), Person.objects.filter(persons_q)


def matching_places(q: str):
    """Return the places a query names: the same Arabic name key, or a Latin form ("Meknes", "Fès") as whole words."""
    from events.models import Place

    key, latin = name_key(q), latin_query(q)
    match = Q(name_key=key) if len(key) >= 2 else Q(pk__in=[])
    if latin:
        # A place named exactly so (Meknès) rather than every place with the word in its name (Fès-Meknès, the
        # region, whose events are all the region's); the word match only when no place has the exact name.
        exact = Q(latin_key=latin)
        match |= Case(When(Exists(Place.objects.filter(exact)), then=Q(exact)),
                      default=_latin_word("latin_key", latin), output_field=BooleanField())
    return Place.objects.filter(match)


def _held_in(place_ids: list[int]) -> Q:
    return Q(place__in=place_ids) | Q(place__region__in=place_ids)


# SQLite: the FTS5 trigram index of Event.search_text (migration 0014); it answers words of TRIGRAM or more characters.
FTS_TABLE = "events_event_fts"
TRIGRAM = 3


def _sqlite_words_match(words: list[str]) -> Q:
    """Every word a substring of search_text, on SQLite.

    The words of TRIGRAM or more characters go in one MATCH of the trigram index: a quoted phrase is its trigrams at
    consecutive positions, the same substring test as LIKE '%word%', answered from the index instead of reading every
    text. A shorter word has no trigram: LIKE checks it, on the rows the index found (or on every row when no word of
    the query is long enough).
    """
    indexed = [w for w in words if len(w) >= TRIGRAM]
    match = Q()
    if indexed:
        phrases = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
        match &= Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrases]))
    for word in words:
        if len(word) < TRIGRAM:
            match &= Q(search_text__contains=word)
    return match


class AnyOf(Lookup):
    """PostgreSQL: column = ANY(one array of integers). __in sends one parameter per value, and the 2,000 events a
    common name matches cost some 20 ms of Python a query to prepare and send that way."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::integer[])", [*lhs_params, "{" + ",".join(str(int(v)) for v in self.rhs) + "}"]


def _vectors_matching(word_sets: list[list[str]], name_ids: list[int]):
    """PostgreSQL: the rows of events_event_tsv whose vector holds every word of one of word_sets, or whose event is
    one of name_ids (a queryset of EventVector)."""
    from django.contrib.postgres.search import SearchQuery

    from events.models import EventVector

    match = Q(event__any_of=tuple(name_ids)) if name_ids else Q(pk__in=[])
    for words in word_sets:
        match |= Q(vector=SearchQuery(_raw_tsquery(words), config="arabic", search_type="raw"))
    return EventVector.objects.filter(match)


class IndexedContains(Lookup):
    """search_text__indexed_contains=word: the text holds word, in any case (icontains), answered on SQLite by the
    trigram index for words of TRIGRAM or more characters. The admin's search box uses it (EventAdmin.search_fields):
    its icontains read every event's text for every word."""

    lookup_name = "indexed_contains"

    def as_sql(self, compiler, connection):
        word = self.rhs if isinstance(self.rhs, str) else None
        alias = getattr(self.lhs, "alias", None)  # the events_event row whose search_text this is
        if connection.vendor != "sqlite" or word is None or len(word) < TRIGRAM or alias is None:
            return IContains(self.lhs, self.rhs).as_sql(compiler, connection)
        id_column = f"{connection.ops.quote_name(alias)}.{connection.ops.quote_name('id')}"
        return (f"{id_column} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
                ['"' + word.replace('"', '""') + '"'])


class Search:
    """A query parsed once, with the places and events it names, each read once when first needed.

    One request's filter (search_events), ordering (order_by_relevance) and snippets share one Search
    (EventFilter.search): the places a Latin query names fed the name matches, the Arabic names searched in the
    text, the relevance boost and the marked words, and were read three or four times a request. It lives as long
    as the request's filterset: no cache across requests, so it never shows a stale catalogue.
    """

    def __init__(self, q: str | None):
        self.q = q or ""

    @classmethod
    def of(cls, q: str | Search | None) -> Search:
        return q if isinstance(q, Search) else cls(q)

    @cached_property
    def terms(self) -> list[str]:
        return query_terms(self.q)

    @cached_property
    def latin(self) -> str:
        return latin_query(self.q)

    @cached_property
    def places(self) -> list[tuple[int, str, str]]:
        """(id, name_ar, name_key) of the places the query names, in the places' order (name_ar)."""
        return list(matching_places(self.q).values_list("pk", "name_ar", "name_key"))

    @cached_property
    def actors(self):
        """(organizations, persons) whose name matches, as querysets: subqueries of the queries that read them."""
        return matching_actors(self.q)

    @cached_property
    def held_ids(self) -> list[int]:
        """The newest MAX_NAME_EVENTS events held in the named places (or in places of the named regions)."""
        from events.models import Event

        place_ids = [pk for pk, _name, _key in self.places]
        if not place_ids:
            return []
        return list(Event.objects.filter(_held_in(place_ids)).values_list("pk", flat=True)[:MAX_NAME_EVENTS])

    @cached_property
    def arabic_place_names(self) -> list[str]:
        """The Arabic names of the places a Latin query names (at most 5): "Meknes" → ["مكناس"]."""
        if not self.latin:
            return []
        return list(dict.fromkeys(name for _pk, name, _key in self.places))[:5]

    @cached_property
    def name_event_ids(self) -> list[int]:
        """Ids of events linked to an organization or person, or held at a place, whose name matches the query."""
        from events.models import EventOrganization, EventPerson

        if len(name_key(self.q)) < 3 and not self.latin:
            return []
        orgs, persons = self.actors
        ids = set(
            EventOrganization.objects.filter(organization__in=orgs.values("pk"))
            .values_list("event_id", flat=True)[:MAX_NAME_EVENTS]
        )
        ids.update(EventPerson.objects.filter(person__in=persons.values("pk"))
                   .values_list("event_id", flat=True)[:MAX_NAME_EVENTS])
        if self.latin:
            # An Arabic place name is already in every event's search text; a Latin one only through the gazetteer.
            ids.update(self.held_ids)
        return sorted(ids)[:MAX_NAME_EVENTS]

    @cached_property
    def boosted_ids(self) -> list[int]:
        """Events held in the place the query names, or organized by the actor it names: listed first by relevance.

        A search for a city must list the event held there before one that mentions the city in passing (issue 14).
        """
        from events.models import EventOrganization

        orgs, _persons = self.actors
        ids = set(self.held_ids)
        ids.update(EventOrganization.objects.filter(role=EventOrganization.Role.ORGANIZER,
                                                    organization__in=orgs.values("pk"))
                   .values_list("event_id", flat=True)[:MAX_NAME_EVENTS])
        return sorted(ids)

    @cached_property
    def highlight_words(self) -> list[str]:
        """The folded words a snippet marks: the query's, and for a Latin query the Arabic names it matched."""
        words = list(self.terms)
        if self.latin:
            _orgs, persons = self.actors
            names = [*(key for _pk, _name, key in self.places[:20]), *persons.values_list("name_key", flat=True)[:20]]
            for name in names:
                words += [w for w in name.split() if len(w) >= 3 and w not in words]
        return words[:MAX_TERMS * 3]


def boosted_event_ids(q: str | Search | None) -> list[int]:
    """Events held in the place the query names, or organized by the actor it names (Search.boosted_ids)."""
    return Search.of(q).boosted_ids


def _word_sets(search: Search) -> list[list[str]]:
    """The query's words, and those of each Arabic name of the place a Latin query names: an event matches by holding
    every word of one set ("Meknes" also finds the events whose text names مكناس, not only those held there)."""
    return [search.terms, *(words for words in map(query_terms, search.arabic_place_names) if words)]


def search_events(queryset: QuerySet, q: str | Search | None) -> QuerySet:
    """Return the events of queryset that match q in their text or through an actor's name (2 extra queries)."""
    search = Search.of(q)
    if not search.terms:
        return queryset
    name_ids = search.name_event_ids
    if uses_postgres():
        # One EXISTS, every way of matching inside it, so the planner can join on it: for a few newest matches of a
        # common word it walks the date index and tests each event by its primary key (3 ms for 25). Beside an OR at
        # the top, as Q(EXISTS) | Q(pk__in=...), it can only hash every match first, which it does, blind to what
        # reading each tsvector from TOAST costs, by a sequential scan of them all (0.6-0.8 s for a common word).
        # The planner still misjudges some words (the walk took 225 ms for a rare name), so the list page reads the
        # matches materialized() found instead (EventListView.shared_matches).
        vectors = _vectors_matching(_word_sets(search), name_ids)
        return queryset.filter(Exists(vectors.filter(event=OuterRef("pk"))))
    match = Q(pk__in=name_ids) if name_ids else Q(pk__in=[])
    for words in _word_sets(search):
        match |= _sqlite_words_match(words)
    return queryset.filter(match)


def order_by_relevance(queryset: QuerySet, q: str | Search | None) -> QuerySet:
    """Return queryset ordered best match first: events held in the searched place or organized by the searched
    actor, then by PostgreSQL ts_rank (SQLite has no ranking: newest first), then newest first."""
    search = Search.of(q)
    newest = (F("start_date").desc(nulls_last=True), "-id")
    if not search.terms:
        return queryset.order_by(*newest)
    boosted = search.boosted_ids
    if boosted:
        # On PostgreSQL one array parameter (AnyOf): up to 2,000 ids as an IN list cost some 20 ms of Python a page.
        among = Q(pk__any_of=boosted) if uses_postgres() else Q(pk__in=boosted)
        queryset = queryset.annotate(held_or_organized=Case(When(among, then=Value(1)), default=Value(0),
                                                            output_field=IntegerField()))
    first = ["-held_or_organized"] if boosted else []
    if not uses_postgres():
        return queryset.order_by(*first, *newest)
    from django.contrib.postgres.search import SearchQuery, SearchRank

    from events.models import EventVector

    # The event's own vector, through EventVector so the subquery keeps whatever alias the outer query gives events.
    query = SearchQuery(_raw_tsquery(search.terms), config="arabic", search_type="raw")
    rank = Subquery(EventVector.objects.filter(event=OuterRef("pk"))
                    .annotate(rank=SearchRank(F("vector"), query)).values("rank")[:1], output_field=FloatField())
    return queryset.annotate(relevance=rank).order_by(*first, F("relevance").desc(nulls_last=True), *newest)


# Control characters cannot occur in stored text: they mark the matches in ts_headline's output before escaping.
_START, _STOP = "\x02", "\x03"
SNIPPET_WORDS = 32


def _marked_html(text: str) -> SafeString:
    """Escape text and turn the match markers into <mark> elements."""
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308 - escaped above


def highlight_words(q: str | Search | None) -> list[str]:
    """Return the folded words a snippet marks (Search.highlight_words)."""
    return Search.of(q).highlight_words


def _python_snippet(text: str, words: list[str]) -> str:
    """Mark each word of text whose folded form, without ال or a glued prefix, starts with a searched word, and keep
    a window of SNIPPET_WORDS words around the first match (the SQLite equivalent of ts_headline)."""
    tokens = text.split()
    marked, first = [], None
    for i, token in enumerate(tokens):
        core = strip_article(normalize(token).replace(" ", ""))
        latin = latin_key(token)
        # A glued و/ب/ل/ف/ك before a name without ال: ومكناس, بمكناس.
        bare = core[1:] if len(core) > 3 and core[0] in "وبلفك" else core
        hit = any(core.startswith(w) or bare.startswith(w) or (latin and latin == w) for w in words if w)
        if hit and first is None:
            first = i
        marked.append(f"{_START}{token}{_STOP}" if hit else token)
    if first is None:
        return " ".join(marked[:SNIPPET_WORDS]) + (" …" if len(tokens) > SNIPPET_WORDS else "")
    start = max(0, first - SNIPPET_WORDS // 3)
    window = marked[start:start + SNIPPET_WORDS]
    return ("… " if start else "") + " ".join(window) + (" …" if start + SNIPPET_WORDS < len(tokens) else "")


def _spellings(word: str) -> list[str]:
    """The forms a folded word may have in the unfolded summary ts_headline reads: with or without ال, a final ى
    or ي, ة or ه, an initial ا, أ, إ or آ ("منتدي" → منتدى, "اقتصاد" → إقتصاد...). The search itself reads folded
    text; the snippet shows the text as written, so its query must meet the written forms."""
    if not re.match(r"[\u0600-\u06ff]", word):
        return [word]
    forms = {word}
    if word.endswith("ي"):
        forms.add(word[:-1] + "ى")
    if word.endswith("ه"):
        forms |= {f[:-1] + "ة" for f in forms}
    if word.startswith("ا"):
        forms |= {h + f[1:] for f in forms for h in "أإآ"}
    forms |= {"ال" + f for f in forms}
    return sorted(forms)


def snippets(events: list, q: str | Search | None) -> dict[int, SafeString]:
    """Return {event id: the summary's passage with the matched words in <mark>} for one page of results.

    PostgreSQL: ts_headline with the arabic configuration over the summary (one query for the page's rows);
    SQLite: _python_snippet, the same idea in Python (no query: the rows already hold their summary).
    """
    words = highlight_words(q)
    if not words or not events:
        return {}
    if uses_postgres():
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        from events.models import Event

        parts = [" | ".join(_spellings(w)) for w in words]
        query = SearchQuery(" | ".join(parts), config="arabic", search_type="raw")
        headline = SearchHeadline("summary", query, config="arabic", start_sel=_START, stop_sel=_STOP,
                                  max_words=SNIPPET_WORDS, min_words=12, max_fragments=2, fragment_delimiter=" … ")
        rows = Event.objects.filter(pk__in=[e.pk for e in events]).annotate(snippet=headline)
        return {pk: _marked_html(text) for pk, text in rows.values_list("pk", "snippet") if text}
    return {e.pk: _marked_html(_python_snippet(e.summary, words)) for e in events if e.summary}


# The ids of the matches materialized() found, for SQL that reads them without joining the events (facets.count).
MATCHES_SQL = "SELECT marsad_matches.id FROM marsad_matches"
# The ids of the events within a search's scope that it misses, when materialized() kept them (see within_size).
MISSES_SQL = "SELECT marsad_misses.id FROM marsad_misses"
# A search matching more than this share of its scope keeps its misses too (facets.COMPLEMENT_SHARE is this share).
MISSES_SHARE = 0.6


def among_matches(queryset: QuerySet, *, many: bool = False) -> QuerySet:
    """The events of queryset among materialized()'s matches, for one page of them in the list's order.

    On SQLite the unary + keeps the planner from reading every match by id and sorting them all: it walks the
    order's index instead and tests each event against the matches (12 ms for a word in all 100,000 events, where
    matching the words again in the trigram index took 170 ms). PostgreSQL reads a few matches (up to the rank
    limit) as one array, by primary key, and ranks and sorts only them; with the + it tested each event against
    every match (285 ms).

    many: more matches than search.rank_limit(), so listed in an indexed order: on PostgreSQL the test is then
    wrapped in COALESCE, which the planner cannot turn into a join; it hashes the matches once and walks the order's
    index until the page is full (a word in all 100,000 events: 15 ms, where joining them all and sorting took 60).
    """
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    test = f"{table}.id IN ({MATCHES_SQL})"
    if not uses_postgres():
        test = f"+{test}"
    elif many:
        test = f"COALESCE({test}, false)"
    else:
        # Few enough to rank: the matches as one array, read by the primary key, then ranked and sorted. As a
        # semi-join the planner sorted all 100,000 events by rank first and tested each against every match (428
        # matches of a word within a kind: 2.8-6.6 s).
        test = f"{table}.id = ANY(ARRAY({MATCHES_SQL}))"
    return queryset.filter(RawSQL(test, [], output_field=BooleanField()))


def outside_misses(queryset: QuerySet) -> QuerySet:
    """The events of queryset but those materialized() kept as a search's misses (its misses_sql), where queryset is
    the search's scope (within): the same events as among_matches, read by testing each against the few misses while
    walking the order's index (1 ms for a word in every event, where hashing its 100,000 matches took 20-30).
    NOT IN, not NOT EXISTS: the planner keeps it a hashed filter on the walk instead of turning it into a join."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    return queryset.filter(RawSQL(f"NOT ({table}.id IN ({MISSES_SQL}))", [], output_field=BooleanField()))


def matching_ids_sql(q: str | Search) -> tuple[str, list]:
    """PostgreSQL: SQL of the ids (column pk) of every event q matches, as search_events, from events_event_tsv alone.

    Run with sequential scans off (materialized) it is one bitmap scan: the GIN index for the words, the table's
    primary key for the events matched by name, OR-ed, so an event is listed once; the event rows are never visited.
    """
    search = Search.of(q)
    sql, params = _vectors_matching(_word_sets(search), search.name_event_ids).values("event_id").query.sql_with_params()
    return f"SELECT v.event_id AS pk FROM ({sql}) AS v", list(params)


@contextmanager
def materialized(queryset: QuerySet, *, within: QuerySet | None = None, search: Search | None = None,
                 within_size: int | None = None) -> Iterator[QuerySet]:
    """Yield the events of queryset as a queryset over a temporary table of their ids, found once.

    Facet counts run two queries over the same filtered events (the size, then the counts), and the page of results
    a third. With a search among them, each would evaluate the match again: on SQLite a lookup of the trigram index
    (before it, a LIKE over every event's text, 2-3 s a query at 100,000 events); on PostgreSQL, for a common word,
    the planner prefers a sequential scan that decompresses every event's tsvector (about 0.6 s a query) although
    the GIN index answers without reading them, so the index is forced here, once.

    within, search: on PostgreSQL, queryset is within's events that search matches (EventFilter.without_search and
    EventFilter.search). The matches then come from matching_ids_sql (the GIN index and the narrow table only: 17 ms
    for a word in all 100,000 events, where walking the events and testing each took 100 ms), intersected with
    within's events when it filters anything: with a word found in most events and a year, the planner otherwise
    walks the year's events and reads each one's tsvector.

    within_size: the exact number of within's events, when the caller knows it cheaply (the facet totals). When the
    matches are more than MISSES_SHARE of them, the events of within that the search misses are kept as well, in a
    second temporary table (MISSES_SQL), and the yielded queryset's misses_sql names it (else misses_sql is None):
    for a word in every event the page and the facets then read the few misses instead of hashing 100,000 matches
    (outside_misses, facets.count).
    """
    within_sql = None
    if uses_postgres() and within is not None and search is not None:
        sql, params = matching_ids_sql(search)
        within_sql, within_params = within.order_by().values("pk").query.sql_with_params()
        if within.query.where:
            # MATERIALIZED: left to itself the planner flattens the two into one scan and reads tsvectors per row.
            # The matches semi-joined with within's events (not the other way): within's rows are unique, so they are
            # hashed as they are, where the matches had to be made distinct first (47 ms instead of 92 for a word in
            # every event within a year).
            sql = f"WITH m AS MATERIALIZED ({sql}) SELECT m.pk FROM m WHERE m.pk IN (SELECT w.pk FROM ({within_sql}) AS w)"
            params = (*params, *within_params)
    else:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    matches = queryset.model._base_manager.filter(pk__in=RawSQL(MATCHES_SQL, []))
    create = f"CREATE TEMPORARY TABLE marsad_matches{{}} AS SELECT matching.pk AS id FROM ({sql}) AS matching"
    if not uses_postgres():
        # Autocommit: SQLite writes a temporary table without locking the catalogue against a load.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS temp.marsad_matches")
            cursor.execute(create.format(""), params)
            matches.misses_sql = None
            try:
                yield matches
            finally:
                cursor.execute("DROP TABLE IF EXISTS temp.marsad_matches")
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # 64 MB keeps the bitmap exact: no recheck that would read the rows' tsvectors after all.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'")
        cursor.execute(create.format(" ON COMMIT DROP"), params)
        found = cursor.rowcount
        # Statistics for the plans that read the matches (their number, and that they are distinct): a sample of
        # 3,000 rows tells as much about one column of unique ids as the default 30,000 (3 ms instead of 17 at
        # 100,000 matches).
        cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL default_statistics_target = 10; ANALYZE marsad_matches;"
                       " RESET default_statistics_target")
        matches.misses_sql = None
        if within_sql is not None and within_size and found > MISSES_SHARE * within_size:
            # The anti-join of within's ids and the matches, once (30-40 ms for 100,000 of each), where the facets
            # ran it in their statement and the page hashed every match to walk the date index.
            cursor.execute("CREATE TEMPORARY TABLE marsad_misses ON COMMIT DROP AS SELECT w.pk AS id FROM"
                           f" ({within_sql}) AS w WHERE NOT EXISTS (SELECT 1 FROM marsad_matches m WHERE m.id = w.pk)",
                           within_params)
            matches.misses_sql = MISSES_SQL
        yield matches
        # Inside an outer transaction (tests), ON COMMIT DROP would wait for its end. On an error the savepoint's
        # rollback removes the table instead.
        cursor.execute("DROP TABLE marsad_matches; DROP TABLE IF EXISTS marsad_misses; RESET work_mem")
