"""The event list: every filter, facet counts, chips, sorting, pagination, bad parameters, constant query count."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventOrganization, Organization
from tests.builders import (
    make_article,
    make_country,
    make_event,
    make_organization,
    make_person,
    make_place,
    make_region,
)

pytestmark = pytest.mark.django_db
LIST = reverse("events:event_list")


@pytest.fixture
def catalogue():
    """Three events in two regions, one abroad, with actors; enough to tell every filter apart."""
    ma, sn, fr = make_country("MA"), make_country("SN"), make_country("FR")
    souss = make_region("سوس ماسة", "Souss-Massa")
    rabat_region = make_region("الرباط سلا القنيطرة", "Rabat-Salé-Kénitra", latitude=34.0, longitude=-6.8)
    agadir = make_place("أكادير", "Agadir", region=souss)
    rabat = make_place("الرباط", "Rabat", region=rabat_region, latitude=34.02, longitude=-6.84)
    paris = make_place("باريس", "Paris", country=fr, latitude=48.85, longitude=2.35)
    ministry = make_organization()
    coop = make_organization("تعاونية أركان تمنار", kind=Organization.Kind.COOPERATIVE)
    minister = make_person("فاطمة الزهراء عمور")
    forum = make_event(
        "المنتدى الوطني للاقتصاد الاجتماعي والتضامني", place=agadir, country=ma,
        start_date=datetime.date(2024, 10, 5), organizations=[ministry, (coop, EventOrganization.Role.PARTICIPANT)],
        persons=[(minister, "وزيرة السياحة")], countries=[sn],
        articles=[make_article("احتضنت مدينة أكادير المنتدى الوطني للاقتصاد الاجتماعي والتضامني.")],
    )
    fair = make_event("المعرض الجهوي للتعاونيات", kind="fair", place=rabat, country=ma,
                      start_date=datetime.date(2023, 5, 12), organizations=[coop])
    abroad = make_event("لقاء حول المقاولات الاجتماعية", kind="meeting", place=paris, country=fr,
                        start_date=datetime.date(2024, 3, 1), date_precision="month", organizations=[ministry])
    return {"ma": ma, "sn": sn, "fr": fr, "souss": souss, "agadir": agadir, "rabat": rabat, "ministry": ministry,
            "coop": coop, "minister": minister, "forum": forum, "fair": fair, "abroad": abroad}


def titles(response) -> set[str]:
    return {e.title for e in response.context["object_list"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda c: {}, {"forum", "fair", "abroad"}),
        (lambda c: {"city": c["agadir"].pk}, {"forum"}),
        (lambda c: {"region": c["souss"].pk}, {"forum"}),
        (lambda c: {"country": "FR"}, {"abroad"}),
        (lambda c: {"took_part": "SN"}, {"forum"}),
        (lambda c: {"organization": c["coop"].pk}, {"forum", "fair"}),
        (lambda c: {"person": c["minister"].pk}, {"forum"}),
        (lambda c: {"kind": "fair"}, {"fair"}),
        (lambda c: {"organizer_kind": "ministry"}, {"forum", "abroad"}),
        (lambda c: {"organizer_kind": "ministry", "region": c["souss"].pk, "year": 2024}, {"forum"}),
        (lambda c: {"year": 2024}, {"forum", "abroad"}),
        (lambda c: {"year": 2024, "month": 3}, {"abroad"}),
        (lambda c: {"date_from": "2024-01-01", "date_to": "2024-06-30"}, {"abroad"}),
        (lambda c: {"q": "المعرض"}, {"fair"}),
    ],
)
def test_each_filter_selects_its_events(client, catalogue, params, expected):
    response = client.get(LIST, params(catalogue))
    assert response.status_code == 200
    assert titles(response) == {catalogue[k].title for k in expected}
    assert response.context["paginator"].count == len(expected)


def test_facets_count_within_current_results(client, catalogue):
    response = client.get(LIST, {"year": 2024})
    facets = response.context["facets"]
    assert {f["value"]: f["count"] for f in facets.kinds} == {"forum": 1, "meeting": 1}
    assert {f["value"]: f["count"] for f in facets.countries} == {"MA": 1, "FR": 1}
    assert {f["label"]: f["count"] for f in facets.organizations} == {catalogue["ministry"].name: 2,
                                                                      catalogue["coop"].name: 1}
    assert [(r["place"].pk, r["count"]) for r in facets.regions] == [(catalogue["souss"].pk, 1)]
    assert {f["value"]: f["count"] for f in facets.months} == {3: 1, 10: 1}
    assert {f["value"]: f["count"] for f in facets.organizer_kinds} == {"ministry": 2}
    html = response.content.decode()
    # Facet links keep the current filters and add their own.
    assert f"?year=2024&amp;city={catalogue['agadir'].pk}" in html


def test_chips_show_filters_in_force_and_link_to_their_removal(client, catalogue):
    response = client.get(LIST, {"city": catalogue["agadir"].pk, "kind": "forum"})
    chips = {name: remove for name, _label, _value, remove in response.context["chips"]}
    assert set(chips) == {"city", "kind"}
    assert chips["city"] == "?kind=forum"
    assert "أكادير" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"}, {"year": "99999"}, {"kind": "party"}, {"city": "999999"}, {"city": "x"},
        {"country": "XX"}, {"organization": "1e9"}, {"person": "-1"}, {"date_from": "2024-13-45"},
        {"sort": "sideways"}, {"month": "13", "year": "2024"}, {"organizer_kind": "club"}, {"region": "0"},
    ],
)
def test_a_bad_parameter_is_reported_on_the_page_never_a_500(client, catalogue, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    # The bad value is ignored: the list still shows events.
    assert response.context["paginator"].count >= 1


@pytest.mark.parametrize("page", ["abc", "0", "999", "-3"])
def test_a_bad_page_number_shows_the_nearest_page(client, catalogue, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number in (1, response.context["paginator"].num_pages)


def test_sort_by_date_both_ways_and_relevance_only_when_searching(client, catalogue):
    newest = [e.title for e in client.get(LIST).context["object_list"]]
    oldest = [e.title for e in client.get(LIST, {"sort": "oldest"}).context["object_list"]]
    assert newest == list(reversed(oldest))
    assert newest[0] == catalogue["forum"].title
    assert client.get(LIST, {"sort": "relevance"}).context["sort"] == "newest"
    assert client.get(LIST, {"q": "المنتدى"}).context["sort"] == "relevance"


def test_pagination_keeps_filters_in_links(client):
    ma = make_country("MA")
    for i in range(30):
        make_event(f"ورشة تكوينية رقم {i}", kind="workshop", country=ma, start_date=datetime.date(2022, 1, 1 + i % 28))
    response = client.get(LIST, {"kind": "workshop"})
    assert response.context["paginator"].count == 30
    assert len(response.context["object_list"]) == 25
    assert "?kind=workshop&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"kind": "workshop", "page": 2}).context["object_list"]) == 5


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "ورشة"}, {"kind": "workshop", "year": 2022}])
def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries, params):
    from django.core.cache import cache

    ma = make_country("MA")
    region = make_region()
    org = make_organization()
    make_event("ورشة أولى", kind="workshop", country=ma, start_date=datetime.date(2022, 1, 1),
               place=make_place(region=region), organizations=[org], persons=[make_person()])
    few = _queries(client, params)
    for i in range(40):
        make_event(f"ورشة {i}", kind="workshop", country=ma, start_date=datetime.date(2022, 2, 1 + i % 28),
                   place=make_place(f"مدينة {i}", f"Ville {i}", region=region),
                   organizations=[make_organization(f"جمعية رقم {i}", kind="association"), org],
                   persons=[make_person(f"شخص رقم {i}")])
    cache.clear()
    many = _queries(client, params)
    assert many == few
    cache.clear()
    # A search on PostgreSQL adds five statements for its temporary table of matches (search.materialized).
    with django_assert_max_num_queries(25 if "q" in params else 20):
        client.get(LIST, params)


def test_facets_are_cached_until_a_new_event_arrives(client, catalogue):
    first = _queries(client, {})
    cached = _queries(client, {})
    assert cached < first
    new = make_event("حدث جديد", country=catalogue["ma"])
    assert client.get(LIST).context["paginator"].count == 4
    assert new in client.get(LIST).context["object_list"]  # the cached page of ids is not reused either
    # An edit shows at once too: rows are read on every request and a card is cached per event version.
    new.title = "حدث جديد بعنوان مصحح"
    new.save()
    assert "حدث جديد بعنوان مصحح" in client.get(LIST).content.decode()
    assert sum(f["count"] for f in client.get(LIST).context["facets"].kinds) == 4


def test_cached_facet_panel_follows_the_sort_order_and_new_events(client, catalogue):
    # The facet sidebar is cached as HTML; its links carry the sort order, so each order has its own copy.
    oldest = client.get(LIST, {"sort": "oldest"}).content.decode()
    newest = client.get(LIST, {"sort": "newest"}).content.decode()
    facet_links = re.compile(r'<section class="facet".*?</section>', re.S)
    assert "sort=oldest" in " ".join(facet_links.findall(oldest))
    assert "sort=oldest" not in " ".join(facet_links.findall(newest))
    assert "sort=newest" in " ".join(facet_links.findall(newest))
    # Same query again: served from the cache, identical.
    again = client.get(LIST, {"sort": "oldest"}).content.decode()
    assert facet_links.findall(again) == facet_links.findall(oldest)
    # A new event's kind shows in the sidebar at once, not a minute later.
    make_event("جائزة جديدة", kind="award", country=catalogue["ma"])
    html = client.get(LIST, {"sort": "oldest"}).content.decode()
    assert "kind=award" in " ".join(facet_links.findall(html))
    assert "kind=award" not in " ".join(facet_links.findall(oldest))


def test_timeline_on_the_list_drills_down_to_months(client, catalogue):
    html = client.get(LIST).content.decode()
    assert re.search(r'<svg class="chart bars"', html)
    assert "?year=2024" in html
    html = client.get(LIST, {"year": 2024}).content.decode()
    assert "?year=2024&amp;month=10" in html
    assert "أكتوبر" in html  # Moroccan month name on the month bar
