"""events.links.object_url gives what reverse() gives, for every record view, language and script prefix."""
from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from events.links import object_url

VALUES = {
    "events:event": ["ملتقى-الاقتصاد-الاجتماعي-2024", "forum-2024-17", "a b", "x%41y", "q?=&#", "جمعية'\"<>", "7304519268"],
    "events:country": ["MA", "FR", "ZZ"],
    "events:place": [1, 42, 7304519268, 10**12],
    "events:organization": [3, 999],
    "events:person": [5],
}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("prefix", ["/", "/marsad/"])
@pytest.mark.parametrize("view", sorted(VALUES))
def test_object_url_is_what_reverse_gives(view, language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for value in VALUES[view]:
                assert object_url(view, value) == reverse(view, args=[value]), (view, value)
                assert object_url(view, value).startswith(f"{prefix}{language}/")
    finally:
        clear_script_prefix()


def test_arguments_no_converter_takes_are_refused_as_reverse_refuses_them():
    for view, value in [("events:event", "a/b"), ("events:event", ""), ("events:place", "")]:
        with pytest.raises(NoReverseMatch):
            object_url(view, value)


@pytest.mark.django_db
def test_records_link_to_their_pages(client):
    from tests.builders import make_event, make_organization, make_place

    event = make_event("ندوة حول التعاونيات", place=make_place("أكادير", "Agadir"),
                       organizations=[make_organization("جمعية الأمل")])
    with translation.override("fr"):
        for record in (event, event.place, event.organization_links.get().organization):
            assert client.get(record.get_absolute_url()).status_code == 200
