"""End-to-end journeys on the sample articles, in a real browser: filter, search, follow links, switch language,
download. Each journey also saves screenshots of the pages it visits under test-artifacts/screenshots/."""
import csv
import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from events.models import Event, EventOrganization

pytestmark = pytest.mark.browser


def test_filter_by_city(live_server, sample_catalogue, page, shot):
    agadir_events = set(Event.objects.filter(place__name_ar="أكادير").values_list("title", flat=True))
    assert agadir_events, "the sample articles have an event in Agadir"
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shot("home-ar")
    page.locator("#facet-list-city a", has_text="أكادير").click()
    expect(page).to_have_url(re.compile(r"[?&]city=\d+"))
    # The chip exists only on the filtered page: wait for it before reading the list (no read of the old page).
    expect(page.locator(".chips")).to_contain_text("أكادير")
    expect(page.locator("ol.events li.event")).to_have_count(len(agadir_events))
    titles = set(page.locator("ol.events li.event h3").all_inner_texts())
    assert titles == agadir_events
    shot("home-filtered-by-city")
    # The chip removes the filter again.
    page.locator(".chips a.chip", has_text="أكادير").click()
    expect(page.locator("ol.events li.event")).to_have_count(Event.objects.count())


def test_search_with_a_hamza_variant(live_server, sample_catalogue, page, shot):
    page.goto(live_server.url + "/")
    search = page.get_by_role("searchbox", name="بحث", exact=True)
    search.fill("الإقتصاد التضامني")  # the articles write الاقتصاد, without hamza
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q="))
    page.wait_for_load_state()
    expect(page.locator(".chips")).to_contain_text("الإقتصاد التضامني")
    found = page.locator("ol.events li.event h3")
    expect(found.first).to_be_visible()
    titles = found.all_inner_texts()
    # The Archamps forum (its title may carry its topic after the name).
    assert any(t.startswith("المنتدى الدولي للاقتصاد الاجتماعي والتضامني") for t in titles), titles
    shot("search-hamza-variant")
    page.goto(live_server.url + "/?q=" + "الاقتصاد التضامني")
    assert page.locator("ol.events li.event h3").all_inner_texts() == titles, "hamza must not change the results"


def test_open_an_event_and_follow_an_organization(live_server, sample_catalogue, page, shot):
    link = (EventOrganization.objects.filter(role=EventOrganization.Role.ORGANIZER)
            .select_related("event", "organization").order_by("event_id").first())
    assert link is not None, "the sample articles name at least one organizer"
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=link.event.title, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(link.event.title)
    expect(page.locator(".article-body mark").first).to_be_visible()  # the source sentences are highlighted
    shot("event")
    page.locator("main").get_by_role("link", name=link.organization.name, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(link.organization.name)
    expect(page.get_by_role("link", name=link.event.title, exact=True).first).to_be_visible()
    shot("organization")


def test_switch_language(live_server, sample_catalogue, page, shot):
    page.goto(live_server.url + "/figures/")
    expect(page.locator("h1")).to_have_text("الأرقام")
    # The switch is a link per language to the same page under that language's prefix (no form, no cookie).
    page.get_by_role("navigation", name="اللغة").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Figures")
    assert page.url.endswith("/en/figures/")
    shot("figures-en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Chiffres")
    # Every link of a French page stays French: the brand leads to the French home page.
    page.locator("a.brand").click()
    expect(page.get_by_role("link", name="Carte", exact=True).first).to_be_visible()
    shot("home-fr")


def test_download_the_csv(live_server, sample_catalogue, page, shot):
    page.goto(live_server.url + "/")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == f"marsad-events-{datetime.date.today().isoformat()}.csv"  # the day of export
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["title"] for r in rows} == set(Event.objects.values_list("title", flat=True))


def test_screenshots_of_timeline_map_and_phone_width(live_server, sample_catalogue, page, shot):
    page.goto(live_server.url + "/timeline/")
    expect(page.locator("svg.chart")).to_be_visible()
    shot("timeline")
    page.goto(live_server.url + "/map/")
    expect(page.locator("svg.map").first).to_be_visible()
    shot("map")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot("home-phone")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
