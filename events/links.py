"""The address of one record's page without a reverse() per record.

A list page links some 125 records (each card's event, place, region, country and organizers); with the language
prefix in every pattern, each reverse() took about 0.1 ms here, 10 ms of the page. The address of a view with one
argument differs between records only in that argument, so the rest is reversed once per view, language, script
prefix and URL configuration, and the argument is put in, quoted as reverse() quotes it.
"""
from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

_SENTINEL = 7304519268  # an argument no pattern prints otherwise: where the record's own goes
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted
_templates: dict[tuple, tuple[str, str] | None] = {}


def object_url(view: str, value: int | str) -> str:
    """reverse(view, args=[value]) for views whose one argument is an int or str path converter."""
    text = str(value)
    if not text or "/" in text:
        return reverse(view, args=[value])  # no path converter takes these: reverse() raises NoReverseMatch
    key = (view, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _templates:
        url = reverse(view, args=[_SENTINEL])
        head, sep, tail = url.partition(str(_SENTINEL))
        _templates[key] = (head, tail) if sep and str(_SENTINEL) not in tail else None
    parts = _templates[key]
    if parts is None:
        return reverse(view, args=[value])
    return f"{parts[0]}{quote(text, safe=_SAFE)}{parts[1]}"


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Tests may change the URL configuration or the languages: reverse again after any setting changes."""
    _templates.clear()
