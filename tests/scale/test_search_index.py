"""The search indexes of Event.search_text stay equal to the texts, whoever writes them, and the search reads them.

Each engine has one, kept by database triggers: SQLite's FTS5 trigram index events_event_fts (migration 0014), and
PostgreSQL's table of tsvectors events_event_tsv (migration 0017). Two kinds of checks:
- after a load, admin edits, text updates, a merge, deletes, `load_articles --update`, an import and a seed, the index
  agrees with events_event: on SQLite FTS5's own integrity check passes, and for words of every text (and of the
  texts before the change) the index finds exactly the events whose text holds the word (instr(), no index involved
  in the expectation); on PostgreSQL every event has one row whose vector is to_tsvector of its text as it is now,
  and no row is left for an event that is gone;
- the search finds what the former match over every text found (SQLite: LIKE '%word%'), and its query plan reads
  the index.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from events.curation import undo_merge
from events.models import Article, AuditEntry, Event
from events.search import FTS_TABLE, TSV_TABLE, Search, query_terms
from tests.builders import make_event

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_WORD = "to_tsquery('arabic'::regconfig, %s)"


@pytest.fixture(autouse=True)
def database(db):
    return connection.vendor


def search_migration():
    name = "*_event_search_table.py" if connection.vendor == "postgresql" else "*_sqlite_event_search_index.py"
    path = next((ROOT / "events" / "migrations").glob(name))
    return importlib.import_module(f"events.migrations.{path.stem}")


def _ids(sql: str, params: list) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def indexed(word: str) -> set[int]:
    if connection.vendor == "postgresql":
        return _ids(f"SELECT event_id FROM {TSV_TABLE} WHERE vector @@ {POSTGRES_WORD}", [word])
    return _ids(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"' + word + '"'])


def scanned(word: str) -> set[int]:
    """The events whose text holds word, read from the texts themselves."""
    if connection.vendor == "postgresql":
        return _ids(f"SELECT id FROM events_event WHERE to_tsvector('arabic'::regconfig, search_text) @@ {POSTGRES_WORD}",
                    [word])
    return _ids("SELECT id FROM events_event WHERE instr(search_text, %s) > 0", [word])


def sample_words(per_event: int = 6) -> set[str]:
    """Words of three or more characters from every event's text: its first, last and a few in between."""
    words = set()
    for text in Event.objects.values_list("search_text", flat=True):
        found = [w for w in re.findall(r"\w{3,}", text)]
        step = max(1, len(found) // per_event)
        words.update(found[::step][:per_event] + found[-2:])
    return words


def assert_index_right(also: set[str] = frozenset()):
    """The index agrees with events_event. SQLite: FTS5's own check, then word by word (also: words of former
    texts); PostgreSQL: every event's row equals its text's vector."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every event has its row, equal to its text's vector now, and no row outlives its event.
            cursor.execute(f"SELECT count(*), count(e.id), count(t.event_id) FROM events_event AS e FULL JOIN {TSV_TABLE}"
                           " AS t ON t.event_id = e.id WHERE t.event_id IS NULL OR e.id IS NULL"
                           " OR t.vector IS DISTINCT FROM to_tsvector('arabic'::regconfig, e.search_text)")
            assert cursor.fetchone() == (0, 0, 0)
            return  # each row equals its text's vector: word by word would only test PostgreSQL's own matching
        else:
            # rank = 1: compare the index with the external content table, not only with itself.
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    words = sample_words() | set(also)
    assert words
    wrong = {w: (indexed(w), scanned(w)) for w in words if indexed(w) != scanned(w)}
    assert not wrong, dict(list(wrong.items())[:5])


@pytest.fixture
def loaded():
    call_command("load_articles", str(ROOT / "fixtures" / "articles"), verbosity=0)
    assert Event.objects.count() >= 5
    return Event.objects.order_by("pk")


def test_a_load_fills_the_index(loaded):
    assert_index_right()
    assert indexed("تعاونيات") or indexed("اقتصاد")  # not trivially equal: the index holds the texts' words


def test_the_migration_fills_the_index_for_an_existing_catalogue(loaded):
    migration = search_migration()

    class Editor:  # what RunPython's schema editor offers the migration, inside the test's transaction
        def __init__(self):
            self.connection = connection

        def execute(self, sql, params=None):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # ALTER TABLE waits for no deferred foreign key check of the load
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration.backwards(None, Editor())
    make_event("معرض الزعفران بتالوين")  # written with no index and no triggers
    migration.forwards(None, Editor())
    assert_index_right()
    assert indexed("زعفران") == scanned("زعفران") != set()


def test_text_updates_keep_the_index_right(loaded):
    before = sample_words()
    event = loaded.first()
    # One UPDATE statement over every row, as a bulk edit or a data migration would.
    Event.objects.update(search_text="")
    assert_index_right(before)
    assert not indexed(next(iter(before)))
    Event.objects.filter(pk=event.pk).update(search_text="ملتقى الصناعة التقليدية")
    event.refresh_from_db()
    event.search_text += "\nمعرض الزربية"
    event.save()
    assert indexed("زربية") == {event.pk}
    if connection.vendor == "sqlite":
        assert indexed("زربيه") == set()  # the substring, as written: the appended text is not folded
    assert_index_right(before | {"تقليدية", "زربية"})


def test_admin_edits_keep_the_index_right(admin_client, loaded):
    from tests.scale.test_facet_table import change_form_data

    event = loaded.filter(place__isnull=False).first()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(admin_client, url)
    data.update(title="ملتقى جديد للتعاونيات", kind="fair")
    data["organization_links-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert_index_right()
    # Deleted in the admin, then a bulk delete: their words leave the index with them.
    before = sample_words()
    admin_client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=event.pk).exists()
    Event.objects.filter(pk__in=list(loaded.values_list("pk", flat=True)[:2])).delete()
    assert_index_right(before)
    assert not any(pk == event.pk for w in before for pk in indexed(w))


def test_a_merge_and_its_undo_keep_the_index_right(admin_client):
    keep = make_event("ملتقى الاقتصاد التضامني بفاس")
    dup = make_event("لقاء حول التعاونيات الفلاحية", summary="تحدث المشاركون عن زراعة الزعفران بتالوين")
    before = sample_words()
    admin_client.post(reverse("admin:events_event_merge"), {"ids": [keep.pk, dup.pk], "keep": keep.pk})
    assert not Event.objects.filter(pk=dup.pk).exists()
    assert_index_right(before)
    # The duplicate's text moved to the kept event: its words find it (the package's seeded events may match too).
    both = {keep.pk, dup.pk}
    assert indexed("زعفران") & both == {keep.pk}
    assert [e.pk for e in Event.objects.search("الزعفران").filter(pk__in=both)] == [keep.pk]
    undo_merge(AuditEntry.objects.filter(action=AuditEntry.Action.MERGE).latest("pk"))
    assert_index_right(before)
    assert indexed("زعفران") & both == {dup.pk}


def test_reloading_with_update_keeps_the_index_right(loaded):
    before = sample_words()
    Article.objects.update(extractor_version="0")  # every article outdated: --update extracts and stores them again
    Event.objects.update(search_text="")
    call_command("load_articles", "--update", verbosity=0)
    assert_index_right(before)


def test_an_import_keeps_the_index_right(loaded, tmp_path):
    before = sample_words()
    path = tmp_path / "catalogue.json.gz"
    call_command("export_catalogue", str(path), verbosity=0)
    call_command("import_catalogue", str(path), "--replace", verbosity=0)
    assert Event.objects.count() == loaded.count()
    assert_index_right(before)


def test_a_synthetic_catalogue_is_indexed(seeded):
    assert_index_right()


# -- search reads the index, with the semantics of LIKE ------------------------------------------------------------

def like_search(words: list[str]) -> set[int]:
    """The former SQLite search text match: every word a substring of search_text, by LIKE over every row."""
    match = Q()
    for word in words:
        match &= Q(search_text__contains=word)
    return set(Event.objects.filter(match).values_list("pk", flat=True))


@pytest.fixture
def texts(db):
    return [
        make_event("ملتقى الاقتصاد الاجتماعي والتضامني", summary="برنامج دعم التعاونيات في جهة سوس ماسة"),
        make_event("معرض المنتجات المجالية", kind="fair", summary="مشاركة 12 تعاونية من جهه درعة تافيلالت"),
        make_event("يوم دراسي حول الزعفران", summary="نظمته جمعية مغربية لفائدة النساء"),
        make_event("Forum de l'ESS à Oujda", summary="ESS et coopératives, 2e édition"),
    ]


@pytest.mark.parametrize("q", [
    "الاقتصاد", "التعاونيات", "تعاون", "جهه", "الزعفران جمعية", "المنتجات المجالية", "coopératives",
    "ess", "ESS coopératives",
    # Two-character words: LIKE on the rows the other words found, or on every row when alone.
    "12", "جهة 12", "2e", "ess 2e", "في", "في الاقتصاد",
])
def test_search_finds_what_like_found(texts, q):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's substring semantics (PostgreSQL matches stemmed words: tests/web/test_search.py)")
    search = Search(q)
    found = set(Event.objects.search(q).values_list("pk", flat=True))
    # The former match: LIKE for the words (and the Arabic names of a Latin place), or a name's events.
    expected = like_search(search.terms).union(set(search.name_event_ids), *(
        like_search(query_terms(name)) for name in search.arabic_place_names))
    assert found == expected
    assert found & {e.pk for e in texts}  # the comparison is not of empty sets


def test_the_query_plan_reads_the_index(texts):
    if connection.vendor == "postgresql":
        for q in ["الاقتصاد", "الزعفران جمعية"]:
            sql, params = Event.objects.search(q).values("pk").query.sql_with_params()
            assert "to_tsvector" not in sql  # nothing computed from the texts at query time
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")  # four events: a sequential scan is cheapest
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = " | ".join(row[0] for row in cursor.fetchall())
                cursor.execute("RESET enable_seqscan")
            assert "on events_event_tsv" in plan, plan  # the narrow table, by its GIN index or its primary key
        return
    for q in ["الاقتصاد", "الزعفران جمعية", "جهة 12"]:
        sql, params = Event.objects.search(q).order_by("-start_date", "-id").values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
        assert re.search(rf"SCAN {FTS_TABLE} VIRTUAL TABLE INDEX \d+:M", plan), plan
        assert "LIKE" not in sql or q == "جهة 12", sql  # no LIKE scan but for the two-character word


def test_the_matches_read_from_the_vectors_alone_are_the_search(loaded):
    """PostgreSQL counts a search from matching_ids_sql (events_event_tsv only): the same events as search_events,
    through the words, the Arabic names of a Latin place, and the events matched by an actor's name."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's table of tsvectors")
    from events.models import Organization, Place
    from events.search import matching_ids_sql

    organization = Organization.objects.filter(event_links__isnull=False).first()
    place = Place.objects.filter(events__isnull=False).exclude(name_fr="").first()
    queries = ["الاقتصاد", "التعاونيات الفلاحية", "كلمة-لا-توجد", organization.name[:-1], place.name_fr]
    kinds = set()
    for q in queries:
        search = Search(q)
        sql, params = matching_ids_sql(search)
        assert _ids(sql, params) == set(Event.objects.search(q).values_list("pk", flat=True)), q
        kinds |= {"names"} if search.name_event_ids else set()
        kinds |= {"latin place"} if search.arabic_place_names else set()
    assert kinds == {"names", "latin place"}  # both extra paths were exercised
