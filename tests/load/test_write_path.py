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
