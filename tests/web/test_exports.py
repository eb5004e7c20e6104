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

from events.models import Event, EventOrganization, Place
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
    assert row["participating_organizations"] == "تعاونية أركان" and row["partners"] == ""
    assert row["persons"] == "فاطمة الزهراء عمور (وزيرة)"
    assert row["place"] == "أكادير" and row["country_code"] == "MA"
    assert row["source_urls"] == "https://example.ma/a/1"
    assert row["summary"] == "" and row["date_precision"] == "day" and row["figure_count"] == "0"


def test_csv_has_every_useful_column_summary_roles_coordinates_and_precision(client):
    from events.exports import CSV_COLUMNS

    region = make_region("سوس ماسة", "Souss-Massa")
    agadir = make_place("أكادير", "Agadir", region=region)
    Place.objects.filter(pk=agadir.pk).update(latitude=30.42, longitude=-9.6)
    ministry, funder = make_organization(), make_organization("وكالة التنمية الاجتماعية", kind="public_agency")
    event = make_event("معرض التعاونيات", kind="fair", place=agadir, country=make_country("MA"),
                       start_date=datetime.date(2025, 3, 1), date_precision="month", summary="معرض جهوي للتعاونيات",
                       organizations=[ministry, (funder, EventOrganization.Role.FUNDER)],
                       articles=[make_article("نص", url="https://example.ma/x", title="افتتاح المعرض",
                                              published=datetime.date(2025, 3, 2))])
    Event.objects.filter(pk=event.pk).update(participant_count=120)
    make_figure("80", "تعاونية", event=event)
    response = client.get(reverse("events:export_csv"))
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_COLUMNS
    row, = rows
    assert row["summary"] == "معرض جهوي للتعاونيات" and row["participant_count"] == "120"
    assert row["date_precision"] == "month" and row["start_date"] == "2025-03-01"
    assert (row["latitude"], row["longitude"]) == ("30.42", "-9.6")
    assert row["region"] == "سوس ماسة" and row["region_fr"] == "Souss-Massa" and row["place_fr"] == "Agadir"
    assert row["organizers"] == ministry.name and row["funders"] == "وكالة التنمية الاجتماعية"
    assert row["source_titles"] == "افتتاح المعرض" and row["first_published"] == "2025-03-02"
    assert row["figure_count"] == "1"
    assert row["url"] == "http://testserver" + event.get_absolute_url()


def test_a_cell_that_a_spreadsheet_would_run_is_made_inert(client):
    make_event("=HYPERLINK(\"http://evil\")")
    rows = list(csv.reader(io.StringIO(body(client.get(reverse("events:export_csv"))).decode("utf-8-sig"))))
    assert rows[1][3] == "'=HYPERLINK(\"http://evil\")"


@pytest.mark.parametrize(("params", "name"), [
    ({}, "marsad-events-{today}.csv"),
    ({"city": "AGADIR"}, "marsad-events-city-agadir-{today}.csv"),
    ({"year": "2024", "kind": "workshop"}, "marsad-events-year-2024-kind-workshop-{today}.csv"),
    ({"q": "تعاونيات", "country": "MA"}, "marsad-events-search-country-ma-{today}.csv"),
    ({"year": "abc"}, "marsad-events-{today}.csv"),  # an invalid filter is ignored, as on the page
])
def test_export_file_names_say_what_is_exported_the_filter_and_the_day(client, params, name):
    agadir = make_place("أكادير", "Agadir")
    make_country("MA")
    params = {k: (agadir.pk if v == "AGADIR" else v) for k, v in params.items()}
    response = client.get(reverse("events:export_csv"), params)
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{name.format(today=today)}"'
    ics = client.get(reverse("events:export_ics"), params)
    assert ics["Content-Disposition"].endswith(name.format(today=today).replace(".csv", '.ics"'))


def test_each_export_is_one_streamed_query_after_the_filter(client, many_events):
    for name in ("events:export_csv", "events:export_json", "events:export_ics", "events:export_figures_csv"):
        with CaptureQueriesContext(connection) as ctx:
            body(client.get(reverse(name), {"kind": "workshop"} if "figures" not in name else {}))
        rows = _data_queries(ctx)
        assert len(rows) == 1, (name, [q["sql"][:120] for q in rows])


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


def _data_queries(ctx) -> list[dict]:
    """The queries that read rows: not the session settings around them (SET max_parallel_workers_per_gather on PostgreSQL)."""
    return [q for q in ctx.captured_queries if not q["sql"].startswith(("SET ", "RESET ", "SAVEPOINT", "RELEASE"))]


def test_export_query_count_does_not_grow_with_rows(client, many_events):
    with CaptureQueriesContext(connection) as ctx:
        body(client.get(reverse("events:export_json")))
    assert len(_data_queries(ctx)) == 1


def test_icalendar_has_one_all_day_event_per_event_dated_to_the_day(client, many_events):
    text = body(client.get(reverse("events:export_ics"), {"kind": "workshop"})).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 20  # 10 of 30 are only known to the month
    assert "DTSTART;VALUE=DATE:20240202\r\n" in text
    assert "DTEND;VALUE=DATE:20240203\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def _unfolded(text: str) -> str:
    return text.replace("\r\n ", "")


def test_icalendar_uids_do_not_depend_on_the_host_and_events_carry_a_description_and_url(client, settings):
    settings.ALLOWED_HOSTS = ["marsad.example.org", "127.0.0.1", "testserver"]
    event = make_event("ملتقى التعاونيات", start_date=datetime.date(2025, 5, 4), summary="لقاء جهوي, حول التسويق")
    one = _unfolded(body(client.get(reverse("events:export_ics"), HTTP_HOST="marsad.example.org")).decode())
    two = _unfolded(body(client.get(reverse("events:export_ics"), HTTP_HOST="127.0.0.1:8000")).decode())
    uids = [line for line in one.split("\r\n") if line.startswith("UID:")]
    assert uids == [f"UID:event-{event.pk}@marsad"]
    assert uids == [line for line in two.split("\r\n") if line.startswith("UID:")]
    url = "http://marsad.example.org" + event.get_absolute_url()
    assert f"URL:{url}\r\n" in one
    assert f"DESCRIPTION:لقاء جهوي\\, حول التسويق\\n\\n{url}\r\n" in one


def test_figures_export_as_csv_and_json_with_the_comparison_key_and_years(client):
    from events.exports import FIGURE_CSV_COLUMNS

    event = make_event("المنتدى الجهوي", articles=[])
    article = make_article("نص", url="https://example.ma/f", title="حصيلة القطاع", published=datetime.date(2024, 5, 1))
    make_figure("8", "مبادرة", event=event, article=article, about="المبادرات بجهة سوس ماسة",
                quantity="مبادره:مبادرات@جهه سوس ماسه", year=2024, horizon=2030, sentence="أطلقت 8 مبادرات")
    make_figure("3", "%", event=None, year=2023)
    response = client.get(reverse("events:export_figures_csv"), {"unit": "مبادره"})
    # An Arabic value has no Latin slug: the file name names the filter only.
    assert response["Content-Disposition"] == (
        f'attachment; filename="marsad-figures-unit-{datetime.date.today().isoformat()}.csv"')
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert list(rows[0]) == FIGURE_CSV_COLUMNS
    row, = rows
    assert (row["value"], row["unit"], row["unit_as_written_with_value"]) == ("8", "مبادرة", "مبادرات")
    assert row["year"] == "2024" and row["horizon_year"] == "2030"
    assert row["comparison_key"] == "مبادره:مبادرات@جهه سوس ماسه"
    assert row["event_url"] == "http://testserver" + event.get_absolute_url()
    assert row["article_url"] == "https://example.ma/f" and row["published"] == "2024-05-01"
    data = json.loads(body(client.get(reverse("events:export_figures_json"))))
    assert sorted(f["value"] for f in data["figures"]) == [3, 8]
    eight = next(f for f in data["figures"] if f["value"] == 8)
    assert eight["event"]["title"] == "المنتدى الجهوي" and eight["horizon"] == 2030


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
