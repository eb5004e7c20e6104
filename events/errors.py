"""The pages for a missing page (404) and a server error (500), in the language of the address.

404 renders with the request like any page (the header, the language links, a search box). 500 must render even
when what failed is the database, a context processor or a template tag that reads the request, so it uses a plain
context without the request: no context processor and no query: the language comes from the address alone (/fr/... → French).
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def language_of_path(path: str) -> str:
    """Return the language of a /ar/…, /fr/…, /en/… address, or the default language."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@requires_csrf_token
def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


@requires_csrf_token
def server_error(request):
    language = language_of_path(getattr(request, "path", "/"))
    with translation.override(language):
        template = loader.get_template("500.html")
        # No request passed: no context processor runs (they may be what failed).
        body = template.render({"LANGUAGE_CODE": language, "LANGUAGE_BIDI": translation.get_language_bidi(),
                                "home": f"/{language}/"})
    return HttpResponseServerError(body)


def switch_language(request):
    """Django's set_language, translating the page's address from the language of its own prefix.

    translate_url() only resolves an address under the active language's prefix, and the switch is posted to the
    unprefixed /i18n/setlang/, where the active language is the cookie's or the browser's: /fr/figures/ posted by
    a reader whose browser asks for Arabic would stay French. The page's prefix is made active for the lookup.
    """
    from urllib.parse import urlsplit

    from django.views.i18n import set_language

    from events.context_processors import url_in_language

    next_url = request.POST.get("next", request.GET.get("next", "")) or ""
    chosen = request.POST.get("language", "")
    with translation.override(language_of_path(urlsplit(next_url).path)):
        response = set_language(request)
        if chosen in dict(settings.LANGUAGES) and response.get("Location") == next_url:
            # An address the URL patterns do not know (the 404 page): its prefix is swapped instead.
            response["Location"] = url_in_language(next_url, chosen)
    return response
