"""The loader's write path within one run (one Resolver): what a later article of a run-created event does."""
import pytest

from events.ingest.resolve import Resolver
from events.models import Event, EventOrganization

from .test_services import TEXT_A, TEXT_B, article_a, article_b, countries, ingest  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_later_article_of_an_event_created_in_the_same_run_appends_and_sees_its_links():
    resolver = Resolver()
    ingest(TEXT_A, article_a(), resolver=resolver)
    first = Event.objects.get().search_text
    ingest(TEXT_B, article_b(), file_name="b.txt", resolver=resolver)
    forum = Event.objects.get()
    # Appended (the first article's body is still there), not replaced by the second article's text.
    assert forum.search_text.startswith(first) and "اختتام" in forum.search_text
    assert forum.search_text.count("remess") == first.count("remess")  # a name already indexed is not repeated
    # The network organized the event (article A); B only mentions it: no second, "mentioned" link.
    network = EventOrganization.objects.filter(event=forum, organization__acronym="REMESS")
    assert list(network.values_list("role", flat=True)) == [EventOrganization.Role.ORGANIZER]


def test_article_adding_no_new_words_leaves_the_search_text_alone():
    resolver = Resolver()
    ingest(TEXT_A, article_a(), resolver=resolver)
    ingest(TEXT_B, article_b(), file_name="b.txt", resolver=resolver)
    before = Event.objects.get().search_text
    ingest(TEXT_B + "\nسطر آخر.", article_b(), file_name="c.txt", resolver=resolver)
    forum = Event.objects.get()
    assert forum.search_text == before and forum.articles.count() == 3


def test_plain_sql_inserts_write_what_bulk_create_writes():
    """events.ingest.sql stands in for bulk_create on the write path: the same columns, converted the same way."""
    from datetime import date
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.ingest import sql
    from events.models import Article, Figure

    article = Article.objects.create(title="t", body="b", content_hash="h", extractor_version="1",
                                     published=date(2025, 2, 8))
    event = Event.objects.create(title="ملتقى", slug="multaqa", start_date=date(2025, 2, 8))

    def figures(tag):
        return [Figure(value=Decimal("1234.5678"), unit="درهم", unit_key="درهم", about=tag, quantity=tag, year=2025,
                       event=event, article=article, sentence="جملة", span_start=3, span_end=9),
                Figure(value=Decimal("12"), unit="%", unit_key="%", about=tag, year=None, event=None, article=article)]

    Figure.objects.bulk_create(figures("orm"))
    pending = sql.Inserts()
    pending.add(Figure, figures("sql"))
    pending.add(Event.articles.through, [Event.articles.through(event=event, article=article)], ignore_conflicts=True)
    pending.add(EventOrganization, [], ignore_conflicts=True)  # nothing to write: no statement
    with CaptureQueriesContext(connection) as queries:
        pending.flush()
        pending.flush()  # already flushed: nothing again
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 2)

    def rows(tag):
        return [{k: v for k, v in row.items() if k not in ("id", "about", "quantity", "created_at", "updated_at")}
                for row in Figure.objects.filter(about=tag).order_by("id").values()]

    assert rows("sql") == rows("orm")
    assert not Figure.objects.filter(created_at__isnull=True).exists()
    assert list(event.articles.all()) == [article]
    sql.insert(Event.articles.through, [Event.articles.through(event=event, article=article)], ignore_conflicts=True)
    assert event.articles.count() == 1  # the conflict is ignored, as bulk_create(ignore_conflicts=True) does


def test_an_event_slug_is_its_title_else_with_the_year_else_with_the_article():
    from events.services import _unique_slug

    title = "ملتقى التعاونيات"
    base = "ملتقى-التعاونيات"
    assert _unique_slug(title, 2024, 7) == base
    Event.objects.create(title=title, slug=base)
    assert _unique_slug(title, 2024, 7) == f"{base}-2024"
    assert _unique_slug(title, None, 7) == f"{base}-0-7"  # undated: the year is not there to tell them apart
    Event.objects.create(title=title, slug=f"{base}-2024")
    assert _unique_slug(title, 2024, 7) == f"{base}-2024-7"
    Event.objects.create(title=title, slug=f"{base}-2024-7")
    Event.objects.create(title=title, slug=f"{base}-2024-7-2")
    assert _unique_slug(title, 2024, 7) == f"{base}-2024-7-3"
    assert _unique_slug("!!!", None, 8) == "event"  # a title with no letters
