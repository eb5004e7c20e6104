"""Issue 14 (the public site): indexes, language prefixes, Latin names, search snippets and ranking, dead ends,
undated events, clean addresses. Real pages through the test client, real rows in the test database."""
import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import errors
from events.index_views import PAGE_SIZE
from events.models import EventOrganization, Organization, Person, Place
from tests.builders import make_country, make_event, make_organization, make_person, make_place, make_region

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def actors():
    ma = make_country("MA")
    souss = make_region()
    agadir = make_place(region=souss)
    meknes = make_place("مكناس", "Meknès", latitude=33.9, longitude=-5.5)
    remess = make_organization("الشبكة المغربية للاقتصاد الاجتماعي والتضامني", kind=Organization.Kind.NETWORK,
                               acronym="REMESS")
    ministry = make_organization()
    sajid = make_person("محمد ساجد")
    held = make_event("المعرض الجهوي للتعاونيات", place=meknes, country=ma, start_date=datetime.date(2023, 3, 1),
                      date_precision="month", organizations=[remess], persons=[sajid],
                      summary="افتتح بمدينة مكناس المعرض الجهوي للتعاونيات بمشاركة 80 تعاونية.")
    # Newer, and names Meknes in passing only: a search for the city must list it after the event held there.
    passing = make_event("دورة تكوينية لمسيري التعاونيات", place=agadir, country=ma,
                         start_date=datetime.date(2024, 5, 2), organizations=[ministry, (remess, "partner")],
                         summary="دورة تكوينية بأكادير حضرها مشاركون من مكناس ووجدة.")
    undated = make_event("لقاء تواصلي حول التعاونيات", start_date=None, date_precision="unknown",
                         organizations=[ministry])
    return {"ma": ma, "souss": souss, "agadir": agadir, "meknes": meknes, "remess": remess, "ministry": ministry,
            "sajid": sajid, "held": held, "passing": passing, "undated": undated}


# --- indexes ---------------------------------------------------------------------------------------------------------

def test_organization_index_lists_counts_first_and_last_event_and_sorts_by_events(client, actors):
    response = client.get(reverse("events:organizations"), {"sort": "-events"})
    rows = list(response.context["records"])
    assert [r.event_count for r in rows] == sorted((r.event_count for r in rows), reverse=True)
    ministry = next(r for r in rows if r.pk == actors["ministry"].pk)
    assert (ministry.event_count, ministry.first_event, ministry.last_event) == (2, datetime.date(2024, 5, 2),
                                                                                datetime.date(2024, 5, 2))
    remess = next(r for r in rows if r.pk == actors["remess"].pk)
    assert (remess.event_count, remess.first_event) == (2, datetime.date(2023, 3, 1))
    html = response.content.decode()
    assert "مارس 2023" in html and "1 مارس 2023" not in html, "a month-precision first event is printed as a month"
    assert 'aria-sort="descending"' in html
    oldest_first = client.get(reverse("events:organizations"), {"sort": "first"}).context["records"]
    assert oldest_first[0].pk == actors["remess"].pk


def test_index_search_within_in_arabic_or_latin_with_letters_and_kinds(client, actors):
    url = reverse("events:organizations")
    assert [r.pk for r in client.get(url, {"q": "الشبكة"}).context["records"]] == [actors["remess"].pk]
    assert [r.pk for r in client.get(url, {"q": "remess"}).context["records"]] == [actors["remess"].pk]
    assert [r.pk for r in client.get(url, {"kind": "network"}).context["records"]] == [actors["remess"].pk]
    assert [r.pk for r in client.get(url, {"letter": "و"}).context["records"]] == [actors["ministry"].pk]
    persons = client.get(reverse("events:persons"), {"q": "Sajid"}).context["records"]
    assert [p.pk for p in persons] == [actors["sajid"].pk]


def test_index_reports_invalid_parameters_and_still_lists(client, actors):
    response = client.get(reverse("events:organizations"), {"sort": "zzz", "letter": "Ω", "kind": "nope"})
    assert response.status_code == 200
    assert len(response.context["notices"]) == 3
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["records"]) == 2


def test_place_index_counts_a_regions_events_with_its_places(client, actors):
    records = {p.pk: p for p in client.get(reverse("events:places")).context["records"]}
    assert records[actors["souss"].pk].event_count == 1  # the event in Agadir
    assert records[actors["agadir"].pk].event_count == 1
    assert records[actors["meknes"].pk].event_count == 1
    french = client.get(reverse("events:places").replace("/ar/", "/fr/")).content.decode()
    assert "Meknès" in french


def test_index_is_paginated(client, actors):
    for i in range(PAGE_SIZE + 2):
        make_event(f"حدث {i}", organizations=[make_organization(f"جمعية رقم {i}", kind="association")])
    response = client.get(reverse("events:organizations"))
    assert response.context["paginator"].num_pages == 2
    assert len(response.context["records"]) == PAGE_SIZE
    assert len(client.get(reverse("events:organizations"), {"page": 2}).context["records"]) == 4


def test_index_csv_and_json_hold_every_row_in_the_page_order(client, actors):
    response = client.get(reverse("events:index_csv", args=["organizations"]), {"sort": "-events", "kind": "network"})
    assert response["Content-Type"].startswith("text/csv")
    assert re.match(r'attachment; filename="marsad-organizations-kind-network-\d{4}-\d\d-\d\d\.csv"',
                    response["Content-Disposition"])
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [(r["name"], r["name_latin"], r["event_count"], r["first_event"]) for r in rows] == [
        ("الشبكة المغربية للاقتصاد الاجتماعي والتضامني", "REMESS", "2", "2023-03-01")]
    data = json.loads(body(client.get(reverse("events:index_json", args=["persons"]))))
    assert data["index"] == "persons"
    assert data["results"][0]["name_latin"] == "Mohamed Sajid"
    assert data["results"][0]["url"].endswith(actors["sajid"].get_absolute_url())


def test_index_csv_makes_formula_like_names_inert(client):
    # Names come from scraped articles: a cell a spreadsheet would run as a formula gets a leading apostrophe.
    make_event(persons=[make_person(name="=HYPERLINK(\"http://x\")")])
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("events:index_csv", args=["persons"]))))))
    assert [r["name"] for r in rows] == ["'=HYPERLINK(\"http://x\")"]


@pytest.mark.parametrize("name", ["organizations", "persons", "places"])
def test_index_pages_run_a_constant_number_of_queries(client, actors, django_assert_max_num_queries, name):
    url = reverse(f"events:{name}")
    before = queries(client, url, {"sort": "-events"})
    region = actors["souss"]
    for i in range(12):
        make_event(f"ورشة {i}", place=make_place(f"قرية {i}", f"Village {i}", region=region),
                   start_date=datetime.date(2020 + i % 4, 1 + i % 12, 1),
                   organizations=[make_organization(f"تعاونية {i}", kind="cooperative")],
                   persons=[make_person(f"شخص رقم {i}")])
    assert queries(client, url, {"sort": "-events"}) == before
    with django_assert_max_num_queries(8):
        client.get(url, {"q": "قرية", "sort": "last"})


def test_facets_link_to_the_indexes_and_breadcrumbs_too(client, actors):
    html = client.get(reverse("events:event_list")).content.decode()
    assert f'href="{reverse("events:organizations")}"' in html
    assert f'href="{reverse("events:persons")}"' in html
    assert f'href="{reverse("events:places")}"' in html
    page = client.get(actors["remess"].get_absolute_url()).content.decode()
    assert f'<a href="{reverse("events:organizations")}">' in page
    assert f'<a href="{reverse("events:persons")}">' in client.get(actors["sajid"].get_absolute_url()).content.decode()


# --- languages -------------------------------------------------------------------------------------------------------

def test_old_unprefixed_addresses_redirect_to_the_readers_language_with_their_query(client, actors):
    response = client.get("/", {"q": "تعاونيات", "kind": "forum"})
    assert response.status_code == 302 and response.url == "/ar/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A7%D8%AA&kind=forum"
    french = client.get(f"/events/{actors['held'].slug}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 302 and french.url == f"/fr/events/{actors['held'].slug}/"
    assert client.get("/admin/login/").status_code == 200, "the admin stays unprefixed"


def test_a_prefixed_address_opens_in_its_language_whatever_the_browser_says(client, actors):
    html = client.get("/fr/?kind=forum", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    for code in ("ar", "fr", "en"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/?kind=forum">' in html


def test_the_language_switch_keeps_the_page_and_its_query(client, actors):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/fr/organizations/?sort=-events"},
                           HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response.url == "/en/organizations/?sort=-events"


def test_latin_names_are_shown_on_french_and_english_pages(client, actors):
    french = client.get(f"/fr/?q={actors['held'].title}").content.decode()
    assert "Meknès" in french and "REMESS" in french
    arabic = client.get(f"/ar/?q={actors['held'].title}").content.decode()
    assert ">مكناس</a>" in arabic


# --- Latin search, snippets, ranking ------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["Meknes", "Meknès", "meknes", "MEKNES"])
def test_a_city_searched_in_latin_lists_the_event_held_there_first_with_a_snippet(client, actors, q):
    response = client.get(reverse("events:event_list").replace("/ar/", "/fr/"), {"q": q})
    events = response.context["object_list"]
    assert [e.pk for e in events] == [actors["held"].pk, actors["passing"].pk]  # held first although older
    html = response.content.decode()
    assert '<p class="snippet" dir="auto">' in html
    assert "<mark>مكناس</mark>" in html


def test_a_person_searched_in_latin_finds_their_events(client, actors):
    events = client.get(reverse("events:event_list"), {"q": "Sajid"}).context["object_list"]
    assert [e.pk for e in events] == [actors["held"].pk]


def test_an_arabic_search_marks_the_matched_words(client, actors):
    html = client.get(reverse("events:event_list"), {"q": "التعاونيات"}).content.decode()
    assert re.search(r"<mark>[^<]*تعاوني", html)


def test_snippets_escape_the_stored_text(client, actors):
    make_event("منتدى <b>خاص</b>", summary="نص <script>alert(1)</script> عن منتدى التعاونيات")
    html = client.get(reverse("events:event_list"), {"q": "منتدى"}).content.decode()
    snippet = re.search(r'<p class="snippet" dir="auto">(.*?)</p>', html).group(1)
    # SQLite shows the tag escaped; PostgreSQL's ts_headline drops what its parser reads as a tag: never markup.
    assert "<script" not in snippet and "<mark>منتدى</mark>" in snippet


# --- titles, clean addresses, invalid values ------------------------------------------------------------------------

def test_the_title_names_the_filters(client, actors):
    html = client.get(reverse("events:event_list"), {"q": "تعاونيات", "city": actors["meknes"].pk}).content.decode()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "تعاونيات" in title and "مكناس" in title and title.startswith("الأحداث · ")


def test_empty_parameters_are_dropped_from_the_address(client, actors):
    response = client.get(reverse("events:event_list"), {"q": "منتدى", "year": "", "date_from": "", "kind": ""})
    assert response.status_code == 302
    assert response.url == reverse("events:event_list") + "?q=%D9%85%D9%86%D8%AA%D8%AF%D9%89"
    assert client.get(reverse("events:event_list"), {"year": ""}).url == reverse("events:event_list")


@pytest.mark.parametrize("page", ["events:event_list", "events:timeline", "events:map"])
def test_an_invalid_filter_value_is_reported(client, actors, page):
    response = client.get(reverse(page), {"year": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errors" role="alert"' in html


# --- undated events ---------------------------------------------------------------------------------------------

def test_undated_events_have_a_bucket_in_the_year_facet_and_the_timeline(client, actors):
    response = client.get(reverse("events:event_list"))
    assert response.context["facets"].undated == 1
    html = response.content.decode()
    assert "?undated=1" in html and "تاريخ غير معروف" in html
    only = client.get(reverse("events:event_list"), {"undated": 1}).context["object_list"]
    assert [e.pk for e in only] == [actors["undated"].pk]
    timeline = client.get(reverse("events:timeline"))
    bars = timeline.context["bars"]
    assert sum(b.count for b in bars) == 3, "the chart counts every event the page counts"
    assert bars[-1].href.endswith("?undated=1")


# --- dead ends --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "words"), [("ar", "هذه الصفحة غير موجودة"), ("fr", "Cette page n’existe pas"),
                                                ("en", "This page does not exist")])
def test_a_missing_page_is_a_styled_404_with_the_search_box(client, prefix, words):
    response = client.get(f"/{prefix}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert words in html
    assert f'action="/{prefix}/"' in html and 'name="q"' in html
    assert 'href="/static/css/marsad.css"' in html


@pytest.mark.parametrize(("path", "lang", "words"), [("/fr/events/x/", "fr", "Une erreur s’est produite"),
                                                      ("/en/", "en", "Something went wrong"),
                                                      ("/nowhere", "ar", "حدث خطأ من جهتنا")])
def test_the_500_page_renders_without_the_request_context(path, lang, words):
    request = RequestFactory().get(path)
    response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}"' in html and words in html


def test_a_failing_view_answers_the_styled_500(client, monkeypatch):
    from events import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.EventListView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/fr/")
    assert response.status_code == 500
    assert "Une erreur s’est produite" in response.content.decode()


@pytest.mark.parametrize("prefix", ["ar", "fr", "en"])
def test_the_about_page_explains_fields_precision_method_curation_sources_citation_and_licence(client, prefix):
    response = client.get(f"/{prefix}/about/")
    html = response.content.decode()
    for anchor in ("fields", "precision", "method", "curation", "sources", "cite", "licence"):
        assert f'id="{anchor}"' in html
    assert "ODbL" in html


# --- the write path fills Latin names ----------------------------------------------------------------------------

def test_saving_fills_latin_names_and_keys():
    person = Person.objects.create(name="محمد ساجد")
    assert (person.name_latin, person.latin_key) == ("Mohamed Sajid", "mohamed sajid")
    named = Person.objects.create(name="خالد", name_latin="Khaled")
    assert named.name_latin == "Khaled", "a Latin name already set (a curator's, an import's) is kept"
    org = Organization.objects.create(name="الشبكة", acronym="REMESS", aliases=["Réseau Marocain de l'ESS"])
    assert org.name_latin == "Réseau Marocain de l'ESS" and "remess" in org.latin_key and "reseau" in org.latin_key
    place = Place.objects.create(name_ar="فاس", name_fr="Fès", kind="city", country=make_country("MA"))
    assert place.latin_key == "fes"


def test_organizer_links_count_once_per_event_in_the_index(client, actors):
    EventOrganization.objects.create(event=actors["held"], organization=actors["remess"], role="funder")
    record = next(r for r in client.get(reverse("events:organizations")).context["records"]
                  if r.pk == actors["remess"].pk)
    assert record.event_count == 2


@pytest.mark.parametrize(("path", "status"), [("/fr/about/", 200), ("/en/no-such-page/", 404)])
def test_about_and_missing_pages_run_a_bounded_number_of_queries(client, actors, django_assert_max_num_queries,
                                                               path, status):
    with django_assert_max_num_queries(3):  # the session and the user at most: nothing of the catalogue
        assert client.get(path).status_code == status


def test_the_language_switch_works_from_a_missing_page_too(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/fr/no-such-page/?q=x"})
    assert response.url == "/en/no-such-page/?q=x"
    html = client.get("/fr/no-such-page/").content.decode()
    assert '<link rel="alternate" hreflang="ar" href="http://testserver/ar/no-such-page/">' in html


@pytest.mark.parametrize("q", ["Meknes", "مكناس"])
def test_a_latin_or_arabic_place_search_runs_a_constant_number_of_queries(client, actors, django_assert_max_num_queries,
                                                                         q):
    from django.core.cache import cache

    url = reverse("events:event_list")
    before = queries(client, url, {"q": q})
    for i in range(15):
        make_event(f"معرض رقم {i}", place=actors["meknes"], start_date=datetime.date(2022, 1 + i % 12, 1),
                   organizations=[make_organization(f"تعاونية مكناس {i}", kind="cooperative")],
                   summary=f"معرض بمكناس رقم {i}")
    cache.clear()
    assert queries(client, url, {"q": q}) == before
    cache.clear()
    # PostgreSQL adds five statements for the temporary table of matches, the Latin form four for its place lookups.
    with django_assert_max_num_queries(30):
        client.get(url, {"q": q})
