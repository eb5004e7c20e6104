"""The whole-page cache for anonymous readers (events/page_cache.py), through the real middleware stack."""
import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.views import query_string
from tests.builders import make_country, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]
LIST = "/ar/"


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def test_a_page_asked_again_is_served_from_the_cache_with_one_query(client):
    make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"))
    first, first_queries = _get(client, LIST)
    again, again_queries = _get(client, LIST)
    assert first.status_code == again.status_code == 200
    assert "X-Marsad-Cache" not in first and again["X-Marsad-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again_queries == 1 < first_queries  # only the catalogue's state, which is part of the key
    # The security headers are added to a cached page as to a fresh one.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_new_event_shows_at_once(client):
    ma = make_country("MA")
    make_event("ملتقى جهوي للتعاونيات", country=ma)
    client.get(LIST)
    make_event("معرض وطني للمنتوجات المجالية", country=ma)
    response, _ = _get(client, LIST)
    assert "X-Marsad-Cache" not in response
    assert "معرض وطني للمنتوجات المجالية" in response.content.decode()


def test_each_address_and_language_has_its_own_entry(client):
    make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"), start_date=datetime.date(2024, 5, 2))
    arabic = client.get(LIST)
    french = client.get("/fr/")
    assert "X-Marsad-Cache" not in french
    assert '<html lang="fr"' in french.content.decode() and '<html lang="ar"' in arabic.content.decode()
    filtered = client.get(LIST, {"year": 2024})
    assert "X-Marsad-Cache" not in filtered
    assert client.get(LIST, {"year": 2024})["X-Marsad-Cache"] == "hit"


def test_an_edit_a_review_and_a_delete_show_at_once(client):
    from events import curation
    from events.models import Organization

    ma = make_country("MA")
    org = Organization.objects.create(name="جمعية الأمل للتنمية", kind="association")
    event = make_event("ملتقى جهوي للتعاونيات", country=ma, organizations=[org])
    other = make_event("معرض وطني للمنتوجات المجالية", country=ma, start_date=datetime.date(2020, 1, 1))
    client.get(event.get_absolute_url())
    assert client.get(event.get_absolute_url())["X-Marsad-Cache"] == "hit"
    event.title = "ملتقى جهوي للتعاونيات بعنوان مصحح"
    event.save()
    assert "بعنوان مصحح" in client.get(event.get_absolute_url()).content.decode()
    curation.mark_reviewed([event])
    assert "checked-mark" in client.get(event.get_absolute_url()).content.decode()
    org.name = "جمعية الأمل للتنمية المستدامة"
    org.save()
    assert "المستدامة" in client.get(event.get_absolute_url()).content.decode()
    assert "معرض وطني" in client.get(LIST).content.decode()
    other.delete()  # not the newest event: its facet rows go, and the list changes at once
    assert "معرض وطني" not in client.get(LIST).content.decode()


def test_a_logged_in_curator_always_gets_a_fresh_page(client):
    event = make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"))
    client.get(event.get_absolute_url())
    client.force_login(User.objects.create_user("curator", password="x", is_staff=True))
    event.title = "ملتقى جهوي للتعاونيات بعنوان مصحح"
    event.save()
    response = client.get(event.get_absolute_url())
    assert "X-Marsad-Cache" not in response
    html = response.content.decode()
    assert "بعنوان مصحح" in html and reverse("admin:index") in html  # the curator's own footer link
    # What the curator saw is not stored for anonymous readers: their page has no admin link.
    client.logout()
    anonymous = client.get(event.get_absolute_url()).content.decode()
    assert reverse("admin:index") not in anonymous


def test_errors_redirects_exports_and_the_admin_are_not_cached(client):
    make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"))
    for _ in range(2):
        missing = client.get("/ar/events/no-such-event/")
        assert missing.status_code == 404 and "X-Marsad-Cache" not in missing
        redirect = client.get(LIST, {"q": "", "year": 2024})  # empty parameters are dropped by a redirect
        assert redirect.status_code == 302 and "X-Marsad-Cache" not in redirect
        export = client.get("/ar/export/events.csv")
        assert export.status_code == 200 and export.streaming and "X-Marsad-Cache" not in export
        login = client.get("/admin/login/")
        assert "X-Marsad-Cache" not in login


def test_public_pages_set_no_cookie_and_switch_language_by_links(client):
    # A page that set a cookie (the CSRF token of a form) could not be shared from the cache.
    event = make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"))
    response = client.get(event.get_absolute_url())
    assert not response.cookies
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'href="/fr/events/{event.slug}/" hreflang="fr"' in html
    assert f'href="/en/events/{event.slug}/" hreflang="en"' in html
    assert '<span aria-current="true" lang="ar">' in html


def test_switching_language_through_a_link_keeps_the_page_and_its_query(client):
    make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"), start_date=datetime.date(2024, 5, 2))
    html = client.get(LIST, {"year": 2024, "sort": "oldest"}).content.decode()
    assert 'href="/fr/?year=2024&amp;sort=oldest" hreflang="fr"' in html
    french = client.get("/fr/", {"year": 2024, "sort": "oldest"})
    assert french.status_code == 200 and '<html lang="fr" dir="ltr">' in french.content.decode()


@pytest.mark.parametrize(("query", "changes", "expected"), [
    ("", {}, "?"),
    ("page=2", {}, "?"),
    ("q=اقتصاد&year=2024&page=3", {"year": None}, "?q=%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"),
    ("q=a+b&kind=fair", {"kind": "forum"}, "?q=a+b&kind=forum"),  # a changed parameter keeps its place
    ("year=2024&year=2025", {"month": 3}, "?year=2024&year=2025&month=3"),  # a new one comes last
    ("x=&y=1", {"y": None, "z": 5}, "?x=&z=5"),
    ("q=%26%3D", {"city": 12}, "?q=%26%3D&city=12"),
    ("a=1&b=2&a=3", {"a": "9"}, "?a=9&b=2"),
])
def test_query_string_changes_parameters_as_querydict_would(query, changes, expected):
    from django.http import QueryDict

    assert query_string(QueryDict(query), **changes) == expected


def test_without_a_cache_the_page_cache_reads_nothing(client, settings):
    """DJANGO_CACHE_URL=off (Django's dummy cache): no page can be kept, so the catalogue's state is not even read."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_event("ملتقى جهوي للتعاونيات", country=make_country("MA"))
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST)
        assert response.status_code == 200 and "X-Marsad-Cache" not in response
        assert not [q for q in ctx.captured_queries if "events_facettotal), (SELECT MAX(updated_at)" in q["sql"]]


def test_a_curator_asking_again_for_a_search_reads_its_counts_and_ids_from_the_cache(client):
    """A logged-in curator's pages are not stored whole, but their facet counts and page ids are: asked again,
    the search's matches are not looked up again (on SQLite they are shared by the counts and the ids, found only
    when one of them is computed)."""
    for i in range(3):
        make_event(f"ملتقى جهوي للتعاونيات {i}", country=make_country("MA"))
    client.force_login(User.objects.create_user("curator", password="x", is_staff=True))
    url = LIST + "?q=التعاونيات"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        response = client.get(url)
    # The matches' table (on PostgreSQL a word in every event also keeps its misses, search.materialized).
    created = lambda ctx: [q["sql"] for q in ctx.captured_queries  # noqa: E731
                           if "CREATE TEMPORARY TABLE marsad_matches" in q["sql"]]
    assert len(created(first)) == 1 and created(again) == []
    assert len(response.context["object_list"]) == 3
