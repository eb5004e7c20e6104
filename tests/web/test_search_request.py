"""One search request: its query is parsed once (events.search.Search) and the admin's search box reads the index.

On both engines: the Latin place search reads the places it names once; the admin's search over Event.search_text
finds folded words (through SQLite's trigram index, icontains on PostgreSQL).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Place
from events.search import FTS_TABLE
from tests.builders import make_event, make_place, make_region

LIST = reverse("events:event_list")
pytestmark = pytest.mark.django_db


@pytest.fixture
def texts():
    return [
        make_event("ملتقى الاقتصاد الاجتماعي والتضامني", summary="برنامج دعم التعاونيات في جهة سوس ماسة"),
        make_event("معرض المنتجات المجالية", kind="fair", summary="مشاركة 12 تعاونية من جهه درعة تافيلالت"),
        make_event("يوم دراسي حول الزعفران", summary="نظمته جمعية مغربية لفائدة النساء"),
    ]


def test_a_latin_city_search_reads_its_places_once_and_finds_the_arabic_name(client):
    region = make_region("جهة فاس مكناس", name_fr="Fès-Meknès")
    meknes = make_place("مكناس", "Meknès", region=region)
    held = make_event("المعرض الدولي للفلاحة", place=meknes)
    mentions = make_event("لقاء جهوي بالرباط", summary="حضره تعاونيون من مكناس")
    make_event("ندوة بطنجة")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"q": "Meknes"})
    assert [e.pk for e in response.context["object_list"]] == [held.pk, mentions.pk]
    # Before, the places were matched again for the name matches, the Arabic names, the boost and the snippets.
    place_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "events_place"' in q["sql"] and "'meknes'" in q["sql"]]
    assert len(place_reads) == 1, place_reads
    assert Place.objects.filter(latin_key="meknes").exists()


def test_the_admin_search_finds_the_folded_text(admin_client, texts):
    """"جهه" is only in the folded search text of the first event (its summary says جهة), in both of the second's."""
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(reverse("admin:events_event_changelist"), {"q": "جهه"})
    assert {e.pk for e in response.context["cl"].result_list} == {texts[0].pk, texts[1].pk}
    if connection.vendor == "sqlite":
        searches = [q["sql"] for q in ctx.captured_queries if "جهه" in q["sql"]]
        assert searches and all(FTS_TABLE in sql and "search_text\" LIKE" not in sql for sql in searches), searches


@pytest.mark.parametrize("rank_limit", [2000, 10])
def test_the_pages_of_a_search_list_its_matches_in_order_and_nothing_else(client, settings, rank_limit):
    """The page's ids come from the matches the facets found: each page holds the next matches in the order asked
    for, and no event the words miss. With more matches than the rank limit (10 here), PostgreSQL walks the order's
    index and tests each event against the matches (search.among_matches, many=True)."""
    import datetime

    from events.filters import EventFilter
    from events.models import Event

    settings.MARSAD_RANK_LIMIT = rank_limit
    for i in range(40):
        make_event(f"لقاء رقم {i}", start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=37 * i),
                   summary="دعم التعاونيات الفلاحية" if i % 4 else "تكوين الشباب")
    cases = ({"q": "التعاونيات"}, {"q": "التعاونيات", "sort": "oldest"}, {"q": "التعاونيات", "sort": "newest"},
             {"q": "التعاونيات", "year": "2021"}, {"q": "التعاونيات", "year": "2022", "sort": "oldest"},
             {"q": "التعاونيات", "date_from": "2021-06-01"})
    for params in cases:
        filterset = EventFilter(params, queryset=Event.objects.all())
        expected = list(filterset.ordered(filterset.qs, matches=filterset.qs.count()).values_list("pk", flat=True))
        assert len(expected) == 30 or ("year" in params or "date_from" in params) and 0 < len(expected) < 30
        listed = []
        for page in range(1, (len(expected) - 1) // 25 + 2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(LIST, {**params, "page": page})
            listed += [e.pk for e in response.context["object_list"]]
            # Three matches in four, in the catalogue or the year: on PostgreSQL the page and the facets read the
            # search's few misses (search.materialized, within_size) instead of its matches.
            # A date range is no cheap scope: the page then reads the matches, ranked (within the rank limit) from
            # them alone, as one array.
            sqls = [q["sql"] for q in queries.captured_queries]
            scoped = "date_from" not in params
            assert any("CREATE TEMPORARY TABLE marsad_misses" in q for q in sqls) == (connection.vendor == "postgresql" and scoped), params
            pages = [q for q in sqls if q.startswith('SELECT "events_event"."id" AS "pk" FROM "events_event" WHERE')]
            ranked_from_array = any(".id = ANY(ARRAY(SELECT marsad_matches.id" in q for q in pages)
            assert ranked_from_array == (connection.vendor == "postgresql" and not scoped and len(expected) <= rank_limit)
        assert listed == expected, params
