"""Several articles stored in one transaction, their links written at its end (services.batched_writes).

A batch must leave the catalogue exactly as storing its articles one by one does: the same events matched, the same
links and roles, the same doubt scores. What a later article of the batch reads from rows not yet written (an
event's title keys, its organization links) is answered by the batch itself; these tests pin each of those reads.
"""
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.ingest import run
from events.ingest.extraction import Prepared, article_search_text
from events.ingest.readers import RawArticle
from events.ingest.resolve import Resolver
from events.models import Affiliation, Article, Event, EventAlias, EventOrganization, EventReport, Figure
from tests.scale.test_facet_table import assert_table_right

from .builders import event, extraction, org
from .test_services import TEXT_A, TEXT_B, article_a, article_b, countries, ingest  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

NETWORK = "الشبكة المغربية للاقتصاد الاجتماعي والتضامني"


def _link_inserts(queries) -> int:
    return sum('INTO "events_eventorganization"' in q["sql"] for q in queries.captured_queries)


def test_two_articles_of_one_event_in_a_batch_store_what_one_by_one_stores():
    resolver = Resolver()
    with CaptureQueriesContext(connection) as queries, services.batched_writes() as batch:
        ingest(TEXT_A, article_a(), resolver=resolver, batch=batch)
        ingest(TEXT_B, article_b(), file_name="b.txt", resolver=resolver, batch=batch)
        assert not EventOrganization.objects.exists()  # not written before the batch ends
    forum = Event.objects.get()
    assert forum.articles.count() == 2 and EventReport.objects.filter(event=forum).count() == 2
    # A names the network as organizer; B only mentions it: no second, "mentioned" link (as one by one).
    network = EventOrganization.objects.filter(event=forum, organization__acronym="REMESS")
    assert list(network.values_list("role", flat=True)) == [EventOrganization.Role.ORGANIZER]
    assert Figure.objects.count() == 2 and Affiliation.objects.count() == 1
    # The doubt score read the written reports: two sources now.
    assert "one_source" not in forum.doubt_reasons and "no_organizer" not in forum.doubt_reasons
    # Both articles' organization links went in one INSERT (inside the one WITH statement on PostgreSQL).
    assert _link_inserts(queries) == 1


def test_an_organizer_in_a_later_article_of_the_batch_replaces_the_mentioned_link():
    resolver = Resolver()
    mention = extraction(TEXT_A, title=TEXT_A.splitlines()[0], event=event(
        "المنتدى المغربي الإسباني للإقتصاد الإجتماعي والتضامني"), orgs=[org(TEXT_A, NETWORK, kind="network")])
    with services.batched_writes() as batch:
        ingest(TEXT_B, mention, file_name="b.txt", resolver=resolver, batch=batch)  # mentions the network
        ingest(TEXT_A, article_a(), resolver=resolver, batch=batch)  # names it the organizer
    forum = Event.objects.get()
    roles = EventOrganization.objects.filter(event=forum, organization__name=NETWORK).values_list("role", flat=True)
    assert list(roles) == [EventOrganization.Role.ORGANIZER]


OPENING = "انطلاق الدورة الخامسة للمعرض الجهوي للاقتصاد التضامني"
CLOSING = "اختتام المعرض الجهوي للاقتصاد التضامني"


def _fair(title, start):
    text = f"{title}\nنظمت {NETWORK} المعرض في {start[2]}/{start[1]}."
    return text, extraction(text, title=title, event=event(title, kind="fair", start=start),
                            orgs=[org(text, NETWORK, kind="network")])


@pytest.mark.parametrize("batched", [False, True])
def test_an_event_found_only_by_a_title_key_an_earlier_article_of_the_batch_gave_it(batched):
    """The closing, three months later in the same city, is found by the opening's folded title key alone (its
    EventAlias row): the dates do not overlap, so no similarity match would join them."""
    resolver = Resolver()
    opening, closing = _fair(OPENING, (2023, 2, 6)), _fair(CLOSING, (2023, 5, 10))
    if batched:
        with services.batched_writes() as batch:
            ingest(*opening, resolver=resolver, batch=batch)
            assert not EventAlias.objects.exists()
            ingest(*closing, file_name="b.txt", resolver=resolver, batch=batch)
    else:
        ingest(*opening, resolver=resolver)
        ingest(*closing, file_name="b.txt", resolver=resolver)
    fair = Event.objects.get()
    assert fair.articles.count() == 2 and fair.start_date == date(2023, 2, 6)


def _prepared(text, ex):
    return Prepared(ex, article_search_text(ex), None)


class _Done:
    """What pool.map_async returns, for results already computed: run._store_batch only calls get()."""

    def __init__(self, results):
        self.results = results

    def get(self):
        return self.results


def _store(articles) -> run.Report:
    report = run.Report()
    todo = [(RawArticle(name=name, text=text), f"digest-{name}") for name, text, _ in articles]
    results = [_prepared(text, ex) for _, text, ex in articles]
    run._store_batch(todo, _Done(results), report, resolver=Resolver(), known=None, published=None, source=None,
                     url=None, update=False, durable=True)
    return report


def _assert_stored_alone(report):
    assert report.new == 2 and report.failed == 1 and report.failures[0][0] == "bad.txt"
    assert set(Article.objects.values_list("file_name", flat=True)) == {"a.txt", "c.txt"}
    assert not Figure.objects.filter(article__file_name="bad.txt").exists()
    assert Event.objects.count() == 2 and EventOrganization.objects.count() == 3


def _article_inserts(queries) -> int:
    return sum(q["sql"].startswith('INSERT INTO "events_article"') for q in queries.captured_queries)


def test_an_article_failing_in_a_batch_fails_alone_and_the_others_are_stored():
    broken = article_b()
    broken.persons[0].role = 7  # not text: storing this article raises in Python, before the batch's end
    with CaptureQueriesContext(connection) as queries:
        report = _store([("a.txt", TEXT_A, article_a()), ("bad.txt", TEXT_B, broken),
                         ("c.txt", *_fair(OPENING, (2023, 2, 6)))])
    _assert_stored_alone(report)
    # The batch stored a.txt and bad.txt before bad.txt raised; then all three were stored again one by one.
    assert _article_inserts(queries) == 5


def test_an_affiliation_of_an_earlier_article_of_the_batch_is_not_written_twice():
    resolver = Resolver()
    with services.batched_writes() as batch:
        ingest(TEXT_A, article_a(), resolver=resolver, batch=batch)
        resolver._affiliations.clear()  # what the resolver does past 100,000 persons: read them again
        ingest(TEXT_A + "\nسطر آخر.", article_a(), file_name="again.txt", resolver=resolver, batch=batch)
    assert Article.objects.count() == 2 and Affiliation.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stores any decimal in the column")
def test_a_batch_whose_rows_are_refused_at_its_end_stores_each_article_alone():
    broken = article_b()
    # Too large for the column: refused when the batch's rows are written, after every article was stored.
    broken.figures[0] = dataclasses.replace(broken.figures[0], value=1e30)
    with CaptureQueriesContext(connection) as queries:
        report = _store([("a.txt", TEXT_A, article_a()), ("bad.txt", TEXT_B, broken),
                         ("c.txt", *_fair(OPENING, (2023, 2, 6)))])
    _assert_stored_alone(report)
    assert _article_inserts(queries) == 6  # all three in the batch, then all three again one by one


def test_a_batch_that_stores_everything_reports_each_article_once():
    report = _store([("a.txt", TEXT_A, article_a()), ("b.txt", TEXT_B, article_b()),
                     ("c.txt", *_fair(OPENING, (2023, 2, 6)))])
    assert (report.new, report.failed, report.events) == (3, 0, 2)
    assert Article.objects.count() == 3 and Event.objects.count() == 2


def _catalogue() -> dict:
    """Everything a load writes, described without primary keys (they differ between two loads)."""
    from events.models import DuplicateCandidate, EventCountry, EventPerson, NameAlias

    def event_name(e):
        return (e.title, str(e.start_date), min(a.file_name for a in e.articles.all()))

    events = {}
    for e in Event.objects.prefetch_related("articles"):
        assert event_name(e) not in events
        events[event_name(e)] = {
            "fields": (e.kind, str(e.end_date), e.date_precision, e.place_id, e.country_id, e.venue, e.summary,
                       e.participant_count, e.doubt, tuple(e.doubt_reasons), e.search_text),
            "articles": sorted(a.file_name for a in e.articles.all()),
            "organizations": sorted((link.organization.name, link.role, link.article.file_name, link.sentence)
                                    for link in EventOrganization.objects.filter(event=e)),
            "persons": sorted((link.person.name, link.role, getattr(link.organization, "name", ""),
                               link.article.file_name) for link in EventPerson.objects.filter(event=e)),
            "countries": sorted((link.country_id, link.article.file_name) for link in EventCountry.objects.filter(event=e)),
            "reports": sorted((r.article.file_name, r.title, str(r.start_date)) for r in e.reports.all()),
            "aliases": sorted(EventAlias.objects.filter(event=e).values_list("key", "title", "source")),
        }
    return {
        "events": events,
        "figures": sorted((f.article.file_name, str(f.value), f.unit, f.year, event_name(f.event) if f.event else None)
                          for f in Figure.objects.select_related("article", "event")),
        "affiliations": sorted((a.person.name, getattr(a.organization, "name", ""), a.role, a.article.file_name)
                               for a in Affiliation.objects.select_related("person", "organization", "article")),
        "names": sorted(NameAlias.objects.values_list("key", "kind", "organization__name", "person__name")),
        "candidates": sorted(DuplicateCandidate.objects.values_list("entity_type", "first_name", "second_name",
                                                                     "similarity")),
    }


def test_a_load_in_batches_writes_the_catalogue_a_load_article_by_article_writes(tmp_path):
    """70 articles (three batches of the parallel load), with events reported by several articles, against the
    same files loaded one by one (one process, one transaction an article)."""
    from events.models import DuplicateCandidate, NameAlias, Organization, Person
    from events.synthetic_articles import Corpus

    for name, text in Corpus(70, seed=9).articles():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        batched = run.load([str(tmp_path)], jobs=2)
    assert (batched.new, batched.failed) == (70, 0)
    # One INSERT of organization links a batch (SQLite's limit of 999 values a statement cuts a batch's rows in two),
    # against one an article without batches.
    assert _link_inserts(queries) <= (3 if connection.vendor == "postgresql" else 6)
    # Some events have several articles of the same batch (files are read in name order, 32 a batch), so the
    # batch's own answers (an event's keys and links, written at its end) were used.
    batch_of = {name: i // 32 for i, name in enumerate(sorted(p.name for p in tmp_path.iterdir()))}
    assert any(len({batch_of[Path(a.file_name).name] for a in e.articles.all()}) < e.articles.count()
               for e in Event.objects.prefetch_related("articles"))
    assert_table_right()  # the facet rows and their pairs, kept by the triggers, as recomputed from the records
    first = _catalogue()
    for model in (Figure, Affiliation, Article, Event, Organization, Person, NameAlias, DuplicateCandidate):
        model.objects.all().delete()
    alone = run.load([str(tmp_path)], jobs=1)
    assert (alone.new, alone.events, alone.organizations, alone.persons, alone.figures) == (
        batched.new, batched.events, batched.organizations, batched.persons, batched.figures)
    assert _catalogue() == first
