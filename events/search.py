"""Arabic-tolerant event search: one entry point, two engines chosen by the database vendor.

Both engines read Event.search_text, which the loader fills with
``normalize.search_text(title, summary, venue, place names, entity names and aliases, article titles and bodies)``:
folded (hamza, ة/ه, ى/ي, diacritics), lower-cased, with و/ف/ب/ل/ك split off before ال.

* PostgreSQL: full-text search with the built-in ``arabic`` configuration over that column, stored as the
  generated column Event.search_vector with a GIN index (migration 0006). The Snowball stemmer stems "تضامني" and "التضامني" differently, so every query word
  is searched with and without ال. Names are also matched by trigram word similarity on Organization.name_key
  and Person.name_key (gin_trgm_ops indexes), which forgives misspelt names.
* SQLite: every query word, normalized and without ال or a glued prefix, must occur in search_text (LIKE);
  names are matched on name_key the same way. There is no ranking: "relevance" falls back to newest first.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from events.extract.normalize import name_key, search_text, strip_article

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
    """to_tsvector('arabic', text) on PostgreSQL; NULL on SQLite, which searches search_text with LIKE instead.

    The expression of the stored Event.search_vector column: computing it per row at query time is what made
    searches over many long article texts slow, so it is stored once and indexed (GIN, migration 0006).
    """

    template = "to_tsvector('arabic'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def _tsquery(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery

    parts = []
    for term in terms:
        # Arabic words: with and without the article, because the stemmer treats them differently.
        parts.append(f"({term} | ال{term})" if re.match(r"[\u0600-\u06ff]", term) else term)
    return SearchQuery(" & ".join(parts), config="arabic", search_type="raw")


def _name_event_ids(q: str) -> list[int]:
    """Return ids of events linked to an organization or person whose name matches the query."""
    from events.models import EventOrganization, EventPerson, Organization, Person

    key = name_key(q)
    if len(key) < 3:
        return []
    if uses_postgres():
        from django.contrib.postgres.lookups import TrigramWordSimilar

        orgs = Organization.objects.filter(TrigramWordSimilar(F("name_key"), Value(key)))
        persons = Person.objects.filter(TrigramWordSimilar(F("name_key"), Value(key)))
    else:
        words = key.split()
        name_q = Q()
        for word in words:
            name_q &= Q(name_key__contains=word)
        orgs = Organization.objects.filter(name_q | Q(acronym__iexact=q.strip()))
        persons = Person.objects.filter(name_q)
    ids = set(
        EventOrganization.objects.filter(organization__in=orgs.values("pk"))
        .values_list("event_id", flat=True)[:MAX_NAME_EVENTS]
    )
    ids.update(
        EventPerson.objects.filter(person__in=persons.values("pk")).values_list("event_id", flat=True)[:MAX_NAME_EVENTS]
    )
    return sorted(ids)[:MAX_NAME_EVENTS]


def search_events(queryset: QuerySet, q: str | None) -> QuerySet:
    """Return the events of queryset that match q in their text or through an actor's name (2 extra queries)."""
    terms = query_terms(q)
    if not terms:
        return queryset
    if uses_postgres():
        # A plain predicate on the row: a page of newest matches walks the date index and stops after 25 rows.
        # Counting all matches (facets) goes through materialized(), which makes PostgreSQL use the GIN index.
        text_match = Q(search_vector=_tsquery(terms))
    else:
        text_match = Q()
        for term in terms:
            text_match &= Q(search_text__contains=term)
    name_ids = _name_event_ids(q or "")
    return queryset.filter(text_match | Q(pk__in=name_ids)) if name_ids else queryset.filter(text_match)


def order_by_relevance(queryset: QuerySet, q: str | None) -> QuerySet:
    """Return queryset ordered best match first (PostgreSQL ts_rank); newest first where there is no ranking."""
    terms = query_terms(q)
    if not terms or not uses_postgres():
        return queryset.order_by(F("start_date").desc(nulls_last=True), "-id")
    from django.contrib.postgres.search import SearchRank

    rank = SearchRank(F("search_vector"), _tsquery(terms))
    return queryset.annotate(relevance=Cast(rank, FloatField())).order_by(
        "-relevance", F("start_date").desc(nulls_last=True), "-id"
    )


@contextmanager
def materialized(queryset: QuerySet) -> Iterator[QuerySet]:
    """Yield the events of queryset as a queryset over a temporary table of their ids, found once.

    Facet counts run about eight aggregate queries over the same filtered events. With a search among them, each
    query would evaluate the match again: on SQLite a LIKE over every event's text (2-3 s a query at 100,000
    events); on PostgreSQL, for a common word, the planner prefers a sequential scan that decompresses every
    event's tsvector (about 1 s a query) although the GIN index answers without reading them, so the index is
    forced here, once.
    """
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    matches = queryset.model._base_manager.filter(pk__in=RawSQL("SELECT marsad_matches.id FROM marsad_matches", []))
    create = f"CREATE TEMPORARY TABLE marsad_matches{{}} AS SELECT matching.pk AS id FROM ({sql}) AS matching"
    if not uses_postgres():
        # Autocommit: SQLite writes a temporary table without locking the catalogue against a load.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS temp.marsad_matches")
            cursor.execute(create.format(""), params)
            try:
                yield matches
            finally:
                cursor.execute("DROP TABLE IF EXISTS temp.marsad_matches")
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # 64 MB keeps the bitmap exact: no recheck that would read the rows' tsvectors after all.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'")
        cursor.execute(create.format(" ON COMMIT DROP"), params)
        cursor.execute("SET LOCAL enable_seqscan = on; ANALYZE marsad_matches")
        yield matches
        # Inside an outer transaction (tests), ON COMMIT DROP would wait for its end. On an error the savepoint's
        # rollback removes the table instead.
        cursor.execute("DROP TABLE marsad_matches; RESET work_mem")
