"""Malformed values to every public URL and filter: never a server error; hostile stored text shown escaped."""
from __future__ import annotations

import html
import re

import django_filters
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events import filters as event_filters
from events.models import Article, Event, Organization, Person
from tests.hardening.catalogue import build_catalogue

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
MALFORMED = [
    "", "-1", "1e999", "٢٠٢٤", "99999999999999999999999999", "2024-02-30", "10000-01-01", "31/12/2024",
    "' OR '1'='1", "1; DROP TABLE events_event;--", SCRIPT, IMG, "{% debug %}", "a\x00b", "\u202e\u200f\u200d😀",
    "x" * 10_000, "ا" * 10_000,
]
# Detail pages and sitemaps read few parameters: a shorter list keeps the suite fast.
MALFORMED_SHORT = ["99999999999999999999999999", "2024-02-30", SCRIPT, "x" * 10_000]
# The nastiest few, sent to each parameter alone (the others left out, so each filter's own path is reached).
PER_PARAMETER = ["99999999999999999999999999", "2024-02-30", "' OR '1'='1", "ا" * 10_000]
GENERIC_PARAMETERS = ["page", "format", "lang", "language", "next", "per_page", "limit", "order", "section"]


def filter_parameters() -> list[str]:
    names = set()
    for obj in vars(event_filters).values():
        if isinstance(obj, type) and issubclass(obj, django_filters.FilterSet):
            names |= set(obj.base_filters)
    return sorted(names)


def routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def public_routes() -> list[str]:
    return [r for r in routes() if not r.startswith(("admin/", "i18n/"))]


def concrete_urls(objects) -> tuple[list[str], list[str], list[str]]:
    """Return (list urls, detail urls, urls with malformed path values) for every public route."""
    event, organization, person, place, country = objects
    lists = ["/" + route for route in public_routes() if "<" not in route]
    details = [event.get_absolute_url(), organization.get_absolute_url(), person.get_absolute_url(),
               place.get_absolute_url(), country.get_absolute_url()]
    details += [reverse("events:sitemap_section", kwargs={"section": s}) for s in _sitemap_sections()]
    odd_ids = ["0", "99999999", "99999999999999999999999999", "9223372036854775808", "-1"]
    odd_strings = ["x" * 10_000, "%27%20OR%201=1--", "%3Cscript%3E", "%00", "..%2F..%2Fetc", "%E2%80%AE", "ZZ"]
    odd = []
    for route in public_routes():
        if "<int:" in route:
            odd += ["/" + re.sub(r"<int:\w+>", value, route) for value in odd_ids]
        elif "<" in route:
            odd += ["/" + re.sub(r"<(?:\w+:)?\w+>", value, route) for value in odd_strings + odd_ids]
    return lists, details, odd


def _sitemap_sections() -> list[str]:
    from events.sitemaps import SITEMAPS

    return list(SITEMAPS)


@pytest.fixture
def objects():
    event, _ = build_catalogue()
    event.title = f"منتدى {SCRIPT}"
    event.summary = f"ملخص {IMG}"
    event.save()
    Article.objects.filter(events=event).update(title=f"مقال {SCRIPT}", body=f"نص المقال {SCRIPT} {IMG}")
    organization = Organization.objects.get(acronym="REMESS")
    organization.name = f"جمعية {SCRIPT}"
    organization.save()
    person = Person.objects.get(name="طارق المعروفي")
    person.name = f"{IMG} المعروفي"
    person.save()
    return event, organization, person, event.place, event.country


def get(client, url, params=None):
    try:
        response = client.get(url, params or {})
    except Exception as exc:  # noqa: BLE001 - collect every crash, not only the first
        return f"{type(exc).__name__}: {exc}"[:300]
    return response.status_code


def test_every_url_survives_every_malformed_value(objects):
    client = Client(raise_request_exception=True)
    lists, details, odd = concrete_urls(objects)
    params = filter_parameters() + GENERIC_PARAMETERS
    assert {"q", "date_from", "year", "kind", "country", "organization", "person", "page"} <= set(params)
    crashes = []
    requests = 0

    def check(url, query, label, expect=None):
        nonlocal requests
        requests += 1
        status = get(client, url, query)
        if not isinstance(status, int) or status >= 500 or (expect and status not in expect):
            crashes.append((url[:80], label, status))

    for url in lists + details:
        check(url, {}, "plain", expect={200})
        for value in MALFORMED if url in lists else MALFORMED_SHORT:
            check(url, {name: value for name in params}, f"all={value[:30]!r}")
        # Repeated parameters: several values, valid and not, for each name.
        check(url, {name: ["1", "forum", "MA", "2024-01-01", SCRIPT, "x" * 300] for name in params}, "repeated")
    for url in odd:
        check(url, {}, "path", expect={400, 404})
    assert crashes == [], f"{len(crashes)} of {requests} requests failed: {crashes[:20]}"
    assert requests > 250


def test_each_filter_parameter_alone_survives_malformed_values(objects):
    client = Client(raise_request_exception=True)
    crashes = []
    # The event list is the slowest page (facets): the two values that reach typed parsing are enough there.
    for url, values in ((reverse("events:event_list"), PER_PARAMETER[:2]), (reverse("events:figures"), PER_PARAMETER),
                        (reverse("events:timeline"), PER_PARAMETER)):
        for name in filter_parameters() + ["page"]:
            for value in values:
                status = get(client, url, {name: value})
                if not isinstance(status, int) or status >= 500:
                    crashes.append((url, name, value[:40], status))
    assert crashes == []


def test_stored_html_and_script_are_shown_escaped(objects, client):
    event, organization, person, place, country = objects
    pages = [event.get_absolute_url(), organization.get_absolute_url(), person.get_absolute_url(),
             reverse("events:event_list"), reverse("events:event_list") + "?q=منتدى",
             place.get_absolute_url(), country.get_absolute_url()]
    for url in pages:
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert "<img src=x onerror" not in body, url
    detail = client.get(event.get_absolute_url()).content.decode()
    assert html.escape(SCRIPT, quote=False) in detail or html.escape(SCRIPT) in detail
    # A query echoed back (search box, filter chips) is escaped too.
    echoed = client.get(reverse("events:event_list"), {"q": SCRIPT, "kind": IMG}).content.decode()
    assert SCRIPT not in echoed and "<img src=x onerror" not in echoed


def test_exports_are_served_as_data_not_pages(objects, client):
    for name, kind in (("export_csv", "text/csv"), ("export_json", "application/json"),
                       ("export_ics", "text/calendar")):
        response = client.get(reverse(f"events:{name}"))
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(kind), name
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert "منتدى".encode() in content or b"\\u0645" in content, name
    assert Event.objects.filter(title__contains=SCRIPT).exists(), "the payload is stored as text, not stripped"


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
                                     "-2+3"])
def test_csv_export_cells_cannot_run_as_spreadsheet_formulas(objects, client, payload):
    import csv
    import io

    event, organization, *_ = objects
    Event.objects.filter(pk=event.pk).update(title=payload, venue=payload)
    organization.name = payload
    organization.save()
    content = b"".join(client.get(reverse("events:export_csv")).streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
    assert f"'{payload}" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))], "a cell starts like a formula"
