"""What every page's header needs: the same page in each language (hreflang alternates and the switcher)."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def url_in_language(url: str, code: str) -> str:
    """Return url (a path and query) in language code: translated by the URL patterns, or for an address they do not
    know (a missing page) with its language prefix swapped, so the 404 page's switch still changes the language."""
    translated = translate_url(url, code)
    if translated != url:
        return translated
    parts = urlsplit(url)
    segments = parts.path.split("/", 2)
    if len(segments) > 1 and segments[1] in dict(settings.LANGUAGES):
        path = "/".join(["", code, *segments[2:]])
        return urlunsplit(("", "", path, parts.query, parts.fragment))
    return url


def languages(request) -> dict:
    """Return language_links: (code, local name, this page and query in that language, is current) per language."""
    path = request.get_full_path()
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    links = []
    for code, _name in settings.LANGUAGES:
        links.append({"code": code, "name": get_language_info(code)["name_local"],
                      "url": url_in_language(path, code), "current": code == current})
    return {"language_links": links}
