"""Exports of the whole filtered list (CSV with BOM, JSON API, iCalendar), the Atom feed, the sitemap, languages."""
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventOrganization
from tests.builders import make_article, make_country, make_event, make_organization, make_person, make_place

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.streaming, "exports must stream"
    return b"".join(response.streaming_content)


@pytest.fixture
def many_events():
    """More events than a list page shows, so an export of one page only would be caught."""
    ma = make_country("MA")
    agadir = make_place()
    ministry = make_organization()
    coop = make_organization("تعاونية أركان", kind="cooperative")
    person = make_person()
    events = []
    for i in range(30):
        events.append(make_event(
            f"ورشة تكوينية {i}", kind="workshop", country=ma, place=agadir if i % 2 else None,
            start_date=datetime.date(2024, 1 + i % 12, 1 + i % 28), date_precision="day" if i % 3 else "month",
            organizations=[ministry, (coop, EventOrganization.Role.PARTICIPANT)], persons=[(person, "وزيرة")],
            articles=[make_article(f"نص المقال {i}", url=f"https://example.ma/a/{i}")],
        ))
    make_event("معرض خارج الفلتر", kind="fair", country=ma)
    return events


def test_csv_has_a_bom_every_filtered_row_and_arabic_intact(client, many_events):
    raw = body(client.get(reverse("events:export_csv"), {"kind": "workshop"}))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 30
    row = next(r for r in rows if r["title"] == "ورشة تكوينية 1")
    assert row["organizers"] == "وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني"
    assert row["other_organizations"] == "تعاونية أركان (participant)"
    assert row["persons"] == "فاطمة الزهراء عمور (وزيرة)"
    assert row["place"] == "أكادير" and row["country_code"] == "MA"
    assert row["source_urls"] == "https://example.ma/a/1"


def test_json_api_returns_the_whole_filtered_list_with_dates_at_their_precision(client, many_events):
    response = client.get(reverse("events:export_json"), {"kind": "workshop", "page": 2})
    data = json.loads(body(response))
    assert data["query"] == {"kind": "workshop"}
    assert len(data["events"]) == 30
    record = next(e for e in data["events"] if e["title"] == "ورشة تكوينية 0")
    assert record["date"] == {"start": "2024-01-01", "end": None, "precision": "month"}
    assert record["organizations"][0]["role"] == "organizer"
    assert record["persons"][0] == {"id": record["persons"][0]["id"], "name": "فاطمة الزهراء عمور",
                                    # a person's Latin name is transliterated when no article gives one
                                    "name_latin": "Fatima El Zahra Ammor",
                                    "role": "وزيرة", "organization": None}
    assert record["sources"][0]["url"] == "https://example.ma/a/0"
    assert record["url"].startswith("http://testserver/ar/events/")


def test_export_query_count_is_bounded_by_chunks_not_rows(client, many_events):
    with CaptureQueriesContext(connection) as ctx:
        body(client.get(reverse("events:export_json")))
    assert len(ctx.captured_queries) <= 10


def test_icalendar_has_one_all_day_event_per_event_dated_to_the_day(client, many_events):
    text = body(client.get(reverse("events:export_ics"), {"kind": "workshop"})).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 20  # 10 of 30 are only known to the month
    assert "DTSTART;VALUE=DATE:20240202\r\n" in text
    assert "DTEND;VALUE=DATE:20240203\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_atom_feed_lists_newest_events_and_follows_filters(client, many_events):
    response = client.get(reverse("events:feed"), {"kind": "fair"})
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}title").text for e in entries] == ["معرض خارج الفلتر"]
    root = ET.fromstring(client.get(reverse("events:feed")).content)
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 31


def test_sitemap_index_and_sections(client, many_events):
    index = client.get(reverse("events:sitemap")).content.decode()
    assert "sitemap-events.xml" in index and "sitemap-organizations.xml" in index
    events = client.get(reverse("events:sitemap_section", args=["events"])).content.decode()
    assert events.count("<url>") == 31 * 3  # each event in Arabic, French and English
    assert events.count('hreflang="fr"') == 31 * 3
    assert client.get("/ar/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize(
    ("language", "direction", "word", "month"),
    [("ar", "rtl", "الأحداث", "أكتوبر 2024"), ("fr", "ltr", "Événements", "octobre 2024"),
     ("en", "ltr", "Events", "October 2024")],
)
def test_language_switch_sets_lang_dir_translations_and_date_format(client, language, direction, word, month):
    event = make_event("منتدى", start_date=datetime.date(2024, 10, 9), date_precision="month")
    response = client.post(reverse("set_language"), {"language": language, "next": event.get_absolute_url()})
    assert response.status_code == 302
    # The switch keeps the page: the same event under the chosen language's prefix.
    assert response.url == f"/{language}/events/{event.slug}/"
    html = client.get(response.url).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert word in html
    assert month in html


def test_arabic_is_the_default_with_moroccan_month_names_and_latin_digits(client):
    event = make_event("منتدى", start_date=datetime.date(2024, 8, 5))
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "5 غشت 2024" in html


def test_language_form_carries_a_csrf_token(client):
    html = client.get(reverse("events:event_list")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and reverse("set_language") in html
