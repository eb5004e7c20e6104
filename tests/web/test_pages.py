"""A page for every entity, figures, timeline and map: content, 404s and query counts that do not grow."""
import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Affiliation, EventOrganization, Organization
from tests.builders import (
    make_article,
    make_country,
    make_event,
    make_figure,
    make_organization,
    make_person,
    make_place,
    make_region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ma, sn = make_country("MA"), make_country("SN")
    souss = make_region("سوس ماسة", "Souss-Massa")
    agadir = make_place("أكادير", "Agadir", region=souss)
    ministry = make_organization(name_latin="Ministère du Tourisme", acronym="MTAESS")
    network = make_organization("الشبكة المغربية للاقتصاد الاجتماعي والتضامني", kind=Organization.Kind.NETWORK)
    minister = make_person("فاطمة الزهراء عمور", name_latin="Fatim-Zahra Ammor")
    Affiliation.objects.create(person=minister, organization=ministry, role="وزيرة السياحة")
    sentence = "يمثل الاقتصاد الاجتماعي والتضامني 2% من الناتج الداخلي الخام"
    article = make_article(f"افتتحت الوزيرة المنتدى بأكادير. {sentence}، حسب الوزيرة.", title="افتتاح المنتدى")
    forum = make_event(
        "المنتدى الوطني للاقتصاد الاجتماعي والتضامني", place=agadir, country=ma, venue="قصر المؤتمرات",
        start_date=datetime.date(2024, 10, 5), organizations=[ministry, (network, EventOrganization.Role.PARTNER)],
        persons=[(minister, "وزيرة السياحة")], countries=[sn], articles=[article],
    )
    make_figure("2", "%", event=forum, article=article, year=2024, sentence=sentence)
    older = make_event("الملتقى الجهوي للتعاونيات", place=agadir, country=ma, start_date=datetime.date(2022, 10, 1),
                       date_precision="month", organizations=[ministry, network], countries=[sn])
    make_figure("1.6", "%", event=older, year=2022, sentence="بلغت المساهمة 1.6% من الناتج الداخلي الخام")
    return {"ma": ma, "sn": sn, "souss": souss, "agadir": agadir, "ministry": ministry, "network": network,
            "minister": minister, "forum": forum, "older": older, "sentence": sentence}


def test_event_page_shows_when_where_who_figures_and_highlighted_sources(client, world):
    html = client.get(world["forum"].get_absolute_url()).content.decode()
    assert "5 أكتوبر 2024" in html
    for text in ["قصر المؤتمرات", "أكادير", "سوس ماسة", "المغرب", world["ministry"].name, "Ministère du Tourisme",
                 world["network"].name, "وزيرة السياحة", "السنغال", "افتتاح المنتدى"]:
        assert text in html, text
    # Highlighted, with the anchor the figure's "source" link points at.
    assert re.search(rf'<mark id="(src-\d+-\d+)" tabindex="-1">{re.escape(world["sentence"])}</mark>', html)
    assert html.index("الجهات المنظمة") < html.index(world["ministry"].name) < html.index("المشاركون والشركاء")
    assert "admin/events/event" not in html  # no edit link for visitors


def test_event_page_shows_a_month_precision_date_without_a_day(client, world):
    html = client.get(world["older"].get_absolute_url()).content.decode()
    assert "أكتوبر 2022" in html
    assert "1 أكتوبر 2022" not in html
    assert "اليوم غير معروف" in html


def test_staff_get_an_admin_edit_link(client, world):
    client.force_login(User.objects.create_user("curator", password="x", is_staff=True))
    html = client.get(world["forum"].get_absolute_url()).content.decode()
    assert reverse("admin:events_event_change", args=[world["forum"].pk]) in html


def test_organization_page(client, world):
    html = client.get(world["ministry"].get_absolute_url()).content.decode()
    for text in [world["forum"].title, world["older"].title, "فاطمة الزهراء عمور", world["network"].name, "1.6 %"]:
        assert text in html, text
    assert '<svg class="chart bars"' in html  # events over time


def test_person_page(client, world):
    html = client.get(world["minister"].get_absolute_url()).content.decode()
    for text in ["Fatim-Zahra Ammor", "وزيرة السياحة", world["ministry"].name, world["forum"].title]:
        assert text in html, text


def test_country_page_separates_held_there_and_took_part(client, world):
    response = client.get(reverse("events:country", args=["sn"]))
    assert response.context["held_count"] == 0
    assert response.context["took_part_count"] == 2
    response = client.get(reverse("events:country", args=["MA"]))
    assert response.context["held_count"] == 2


def test_place_pages_for_a_city_and_its_region(client, world):
    html = client.get(world["agadir"].get_absolute_url()).content.decode()
    assert world["forum"].title in html and "Agadir" in html and "30.420" in html
    assert '<svg class="chart map"' in html
    response = client.get(world["souss"].get_absolute_url())
    assert response.context["event_count"] == 2


@pytest.mark.parametrize("url", ["/ar/events/no-such-event/", "/ar/organizations/999999/", "/ar/persons/999999/",
                                 "/fr/places/999999/", "/en/countries/QQ/", "/ar/organizations/abc/"])
def test_unknown_records_are_404(client, world, url):
    assert client.get(url).status_code == 404


def test_figures_page_lists_sources_and_compares_the_same_quantity_over_time(client, world):
    response = client.get(reverse("events:figures"))
    html = response.content.decode()
    assert world["sentence"] in html
    group, = response.context["comparisons"]
    assert [f.year for f in group.figures] == [2022, 2024]
    assert group.total == 2 and group.key == "sse_gdp_share"
    assert '<svg class="chart series"' in html and html.count('<circle class="dot"') == 2


@pytest.mark.parametrize(
    ("params", "count"),
    [({"year": 2024}, 1), ({"unit": "%"}, 2), ({"event": "event-does-not-exist"}, 2), ({"sort": "value"}, 2),
     ({"quantity": "sse_gdp_share"}, 2), ({"quantity": "no_such_quantity"}, 0)],
)
def test_figures_filters(client, world, params, count):
    response = client.get(reverse("events:figures"), params)
    assert response.status_code == 200
    assert response.context["paginator"].count == count


def test_figures_filter_by_event_and_organization(client, world):
    response = client.get(reverse("events:figures"), {"event": world["forum"].slug})
    assert [f.year for f in response.context["object_list"]] == [2024]
    response = client.get(reverse("events:figures"), {"organization": world["network"].pk, "sort": "value"})
    assert [str(f.value.normalize()) for f in response.context["object_list"]] == ["1.6", "2"]


def test_timeline_follows_filters_and_drills_down(client, world):
    response = client.get(reverse("events:timeline"), {"organization": world["network"].pk})
    assert [b.count for b in response.context["bars"]] == [1, 0, 1]  # 2022, 2023, 2024
    response = client.get(reverse("events:timeline"), {"year": 2024})
    bars = response.context["bars"]
    assert len(bars) == 12 and bars[9].count == 1 and bars[9].label == "أكتوبر"


def test_map_follows_filters(client, world):
    response = client.get(reverse("events:map"), {"year": 2024})
    html = response.content.decode()
    assert html.count('<circle class="place"') == 1
    assert f"?year=2024&amp;region={world['souss'].pk}" in html
    regions = response.context["regions"]
    assert [(r["place"].pk, r["count"]) for r in regions] == [(world["souss"].pk, 1)]


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["event", "organization", "person", "country", "place", "figures", "timeline", "map"])
def test_page_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries, page):
    from django.core.cache import cache

    def url():
        return {
            "event": world["forum"].get_absolute_url(), "organization": world["ministry"].get_absolute_url(),
            "person": world["minister"].get_absolute_url(), "country": reverse("events:country", args=["MA"]),
            "place": world["agadir"].get_absolute_url(), "figures": reverse("events:figures"),
            "timeline": reverse("events:timeline"), "map": reverse("events:map"),
        }[page]

    before = _count_queries(client, url())
    for i in range(15):
        person = make_person(f"مشارك رقم {i}")
        org = make_organization(f"تعاونية رقم {i}", kind="cooperative")
        Affiliation.objects.create(person=person, organization=world["ministry"], role="مستشار")
        event = make_event(f"ورشة رقم {i}", place=make_place(f"قرية {i}", f"Village {i}", region=world["souss"]),
                           country=world["ma"], start_date=datetime.date(2020 + i % 5, 1 + i % 12, 1),
                           organizations=[world["ministry"], org], persons=[person, world["minister"]],
                           countries=[world["sn"]], articles=[make_article(f"نص {i}")])
        world["forum"].articles.add(make_article(f"مقال إضافي {i}"))
        make_figure(str(i), "%", event=event, year=2020 + i % 5)
        make_figure(str(i), "مليون درهم", event=world["forum"], quantity="budget", year=2020 + i % 5)
    cache.clear()
    assert _count_queries(client, url()) == before
    cache.clear()
    with django_assert_max_num_queries(16):
        client.get(url())


def test_organization_page_lists_the_first_affiliated_persons_and_says_how_many_there_are(client):
    from events.views import ENTITY_EVENTS

    org = make_organization("شبكة التعاونيات")
    persons = [make_person(f"شخص {i:03d}") for i in range(ENTITY_EVENTS + 3)]
    Affiliation.objects.bulk_create([Affiliation(person=p, organization=org, role="عضو") for p in persons])
    response = client.get(org.get_absolute_url())
    assert len(response.context["persons"]) == ENTITY_EVENTS
    assert response.context["person_count"] == ENTITY_EVENTS + 3
    html = response.content.decode()
    assert f"أول {ENTITY_EVENTS} من أصل {ENTITY_EVENTS + 3}، حسب الاسم." in html
    assert "شخص 000" in html and f"شخص {ENTITY_EVENTS + 2:03d}" not in html


def test_a_long_comparison_shows_its_latest_figures_and_links_to_all(client):
    from events.figure_views import FigureListView

    event = make_event("المنتدى السنوي")
    shown = FigureListView.COMPARE_SHOWN
    for year in range(2000, 2000 + shown + 2):
        make_figure(str(year - 1990), "%", event=event, year=year, about="حصة الاقتصاد التضامني", quantity="sse_share")
    response = client.get(reverse("events:figures"))
    group, = response.context["comparisons"]
    assert group.total == shown + 2
    assert [f.year for f in group.figures] == list(range(2002, 2000 + shown + 2))  # the latest, oldest first
    html = response.content.decode()
    assert f"أحدث {shown} من أصل {shown + 2}." in html
    assert "?quantity=sse_share" in html


def test_person_page_lists_the_first_organizations_and_says_how_many_there_are(client):
    from events.views import ENTITY_EVENTS

    person = make_person("سعيد المرابط")
    orgs = [make_organization(f"جمعية رقم {i:03d}") for i in range(ENTITY_EVENTS + 2)]
    Affiliation.objects.bulk_create([Affiliation(person=person, organization=o, role="عضو") for o in orgs])
    response = client.get(person.get_absolute_url())
    assert len(response.context["organizations"]) == ENTITY_EVENTS
    assert response.context["organization_count"] == ENTITY_EVENTS + 2
    assert f"أول {ENTITY_EVENTS} من أصل {ENTITY_EVENTS + 2}، حسب الاسم." in response.content.decode()


def test_organization_page_sections_are_cached_but_show_a_new_event_at_once(client):
    org = make_organization("تعاونية النخيل")
    make_event("معرض التمور", organizations=[org])
    first = client.get(org.get_absolute_url()).content.decode()
    assert "معرض التمور" in first
    make_event("ملتقى الواحات", organizations=[org])  # a newer event: the cached sections are not reused
    assert "ملتقى الواحات" in client.get(org.get_absolute_url()).content.decode()
    org.name = "تعاونية النخيل الكبرى"  # a curated edit changes the organization's version: fresh sections too
    org.save()
    assert client.get(org.get_absolute_url()).context["events"]


def test_person_page_sections_are_cached_but_show_a_new_event_at_once(client):
    person = make_person("نادية الفاسي")
    make_event("ورشة التسويق", persons=[person])
    assert "ورشة التسويق" in client.get(person.get_absolute_url()).content.decode()
    make_event("ملتقى المقاولات", persons=[person])
    html = client.get(person.get_absolute_url()).content.decode()
    assert "ملتقى المقاولات" in html and "ورشة التسويق" in html


def test_figures_page_cached_sections_render_the_same(client, world):
    first = client.get(reverse("events:figures")).content.decode()
    again = client.get(reverse("events:figures")).content.decode()  # units and comparisons from the cache
    section = re.compile(r'<h2>[^<]*</h2>\s*(?:<p class="note">[^<]*</p>\s*)?<div class="comparisons">.*?</div>\s*</section>',
                         re.S)
    assert section.findall(first) and section.findall(again) == section.findall(first)
    assert world["sentence"] in again


def test_the_map_of_a_search_finds_its_matches_once(client):
    """The region counts and the places of the map share one temporary table of the search's matches."""
    make_event("ملتقى التعاونيات الفلاحية", place=make_place("أكادير", "Agadir", latitude=30.42, longitude=-9.6))
    make_event("ندوة حول التعاونيات")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("events:map"), {"q": "التعاونيات"})
    assert response.status_code == 200
    assert response.context["unplaced"] == 1
    # (A word in every event also keeps its misses on PostgreSQL: a second table, made once too.)
    created = [q["sql"] for q in ctx.captured_queries if "CREATE TEMPORARY TABLE marsad_matches" in q["sql"]]
    assert len(created) == 1, created
