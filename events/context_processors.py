"""What every page's header needs: the same page in each language (hreflang alternates and the switcher)."""
from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def languages(request) -> dict:
    """Return language_links: (code, local name, this page and query in that language, is current) per language."""
    path = request.get_full_path()
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    links = []
    for code, _name in settings.LANGUAGES:
        links.append({"code": code, "name": get_language_info(code)["name_local"],
                      "url": translate_url(path, code), "current": code == current})
    return {"language_links": links}
