"""The facet links built in Python (templatetags.marsad.facet_options) print what the template loop printed.

Table-tested against a template that keeps the old {% for %} loop, in Arabic and in French, with names that need
escaping, a lazy translation as label, an active option and large counts.
"""
from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from events.templatetags.marsad import facet_options

# includes/facet.html's loop before facet_options (kept here as the reference it must match).
LOOP = Template(
    '{% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% for option in options %}<li{% if option.active %} class="active"'
    '{% endif %}><a href="{{ option.href }}"{% if option.active %} aria-current="true"{% endif %}><bdi class="label">'
    '{% if option.latin and LANGUAGE_CODE != "ar" %}{{ option.latin }} <span class="latin" lang="ar" dir="rtl">'
    '{{ option.label }}</span>{% else %}{{ option.label }}{% if option.latin %} <span class="latin" lang="fr" '
    'dir="ltr">{{ option.latin }}</span>{% endif %}{% endif %}</bdi> <span class="count">{{ option.count }}</span>'
    '</a></li>\n    {% endfor %}')

OPTIONS = [
    {"value": 1, "label": "الرباط", "latin": "Rabat", "count": 12_345, "active": False, "href": "?city=1&year=2024"},
    {"value": 2, "label": "تعاونية <script>alert(1)</script>", "latin": 'Coop "A&B"', "count": 7, "active": True,
     "href": "?organization=2&q=%22x%22"},
    {"value": 3, "label": "بدون اسم لاتيني", "count": 0, "active": False, "href": "?person=3"},
    {"value": "unknown", "label": gettext_lazy("Date unknown"), "count": 3, "active": False, "href": "?undated=1"},
    {"value": 4, "label": "<b>", "latin": "", "count": 1_000_000, "href": "?kind=<b>"},
]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("options", [OPTIONS, OPTIONS[:1], OPTIONS[1:2], []], ids=["all", "latin", "hostile", "none"])
def test_facet_options_print_what_the_template_loop_printed(language, options):
    with translation.override(language):
        assert facet_options(options) == LOOP.render(Context({"options": options}))


def test_facet_options_escape_names_and_links():
    html = facet_options(OPTIONS[1:2])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="?organization=2&amp;q=%22x%22"' in html and "Coop &quot;A&amp;B&quot;" in html
    assert html.startswith('<li class="active"><a href=') and 'aria-current="true"' in html
