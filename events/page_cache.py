"""The public pages' caches: keys tied to the catalogue's state, and whole pages kept a minute for anonymous readers.

Every public page is the same for every anonymous reader of one address (the language is in its prefix), so once a
page is rendered, the next reader of that address within CACHE_SECONDS gets the stored bytes: under 50
concurrent readers the server then spends its two cores on addresses nobody asked for yet, not on re-rendering the
home page (issue 15's wrk mix). A page's key holds the catalogue's state (catalogue_state), so a load, an edit in
the admin, a review or a merge shows at once. The keys of the parts of pages (cache_key: facet counts, panels)
hold the newest event's id only: a load shows at once there, an edit within the minute. First visits do not depend on this: with
DJANGO_CACHE_URL=off (bench_web --no-cache) nothing is stored and every page is computed.

Not cached: anything but a GET or HEAD, a reader with a session (a curator logged in to the admin sees the admin
link, and sees every edit at once), an address outside the public pages (the admin, the language switch), a response that is not a plain 200
(errors, redirects, streamed exports), and a response that sets a cookie. MARSAD_PAGE_CACHE=0 turns it off (the
tests of the views do, to read each response's context; tests/web/test_page_cache.py turns it on).
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import Max
from django.http import HttpResponse
from django.utils.translation import get_language

CACHE_SECONDS = 60  # facet counts, panels, page ids and whole pages alike
PUBLIC_NAMESPACE = "events"
# Response headers a stored page is served with again (the security headers are added by their middleware on the
# way out, to cached and fresh pages alike).
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Access-Control-Allow-Origin")


def newest_event_id(request) -> int | None:
    """The newest event's id, part of every cache key so that a load shows at once (read once per request)."""
    from events.models import Event

    if not hasattr(request, "newest_event_id"):
        request.newest_event_id = Event.objects.aggregate(m=Max("pk"))["m"]
    return request.newest_event_id


def cache_key(prefix: str, request, *, ignore=("page", "sort")) -> str:
    """Return a cache key for this query string (without the ignored parameters), language and catalogue state."""
    params = sorted((k, v) for k, v in request.GET.lists() if k not in ignore)
    newest = newest_event_id(request)
    return f"{prefix}:" + hashlib.sha256(repr((params, get_language(), newest)).encode()).hexdigest()


def catalogue_state() -> tuple:
    """What changes whenever a page could: the newest event, the newest facet delta row (written by the database's
    triggers for every insert, delete and change of an event's kind, date, place or links, whoever writes: the
    loader's plain SQL too) and the newest edit of an event, organization or person (a title, a review, a rename).
    One statement of five index lookups; a deleted event shows through its facet rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT MAX(id) FROM events_event), (SELECT MAX(id) FROM events_facettotal),"
            " (SELECT MAX(updated_at) FROM events_event), (SELECT MAX(updated_at) FROM events_organization),"
            " (SELECT MAX(updated_at) FROM events_person)")
        return tuple(str(v) for v in cursor.fetchone())


def _page_key(request) -> str:
    # The whole address as asked (path and query in their order): two spellings of one query are two entries.
    address = request.get_full_path()
    return "page:" + hashlib.sha256(repr((request.method == "HEAD", address, catalogue_state())).encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Serve a public page to an anonymous reader from the cache when it was rendered less than a minute ago.

    Placed after LocaleMiddleware (the language of the prefix is active) and before the views; process_view runs
    once the address is resolved, so only the public pages' namespace is looked up or stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(lambda r: self._store(key, r))
            else:
                self._store(key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MARSAD_PAGE_CACHE or isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache):
            return None  # off, or no cache to keep pages in (DJANGO_CACHE_URL=off): not even the state is read
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        match = request.resolver_match
        if match is None or match.namespace != PUBLIC_NAMESPACE:
            return None
        key = _page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Marsad-Cache"] = "hit"
            return response
        request._page_cache_key = key
        return None

    @staticmethod
    def _storable(response) -> bool:
        return response.status_code == 200 and not response.streaming and not response.cookies

    @staticmethod
    def _store(key: str, response) -> None:
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers), CACHE_SECONDS)
