"""match_event, case by case: which catalogue event an article's event title, dates and place designate.

Certain matches come first (a key the event is known by, near in time or place), then close titles in the same place
and days; below the match, likely duplicates for a curator.
"""
from datetime import date

import pytest

from events.ingest.resolve import event_keys, match_event
from events.models import Country, Event, EventAlias, Place

pytestmark = pytest.mark.django_db

FAIR = "المعرض الجهوي للاقتصاد التضامني"
MEETING = "ملتقى التعاونيات النسائية"
STUDY_DAY = "يوم دراسي حول التمويل التضامني"


@pytest.fixture
def catalogue():
    morocco = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")
    oujda = Place.objects.create(country=morocco, kind=Place.Kind.CITY, name_ar="وجدة", name_key="وجده")
    agadir = Place.objects.create(country=morocco, kind=Place.Kind.CITY, name_ar="أكادير", name_key="اكادير")

    def event(title, slug, kind, start=None, end=None, place=None, country=morocco):
        return Event.objects.create(title=title, slug=slug, kind=kind, start_date=start, end_date=end, place=place,
                                    country=country)

    rows = {
        "fair": event(FAIR, "fair", "fair", date(2023, 2, 6), date(2023, 2, 8), oujda),
        "meeting": event(MEETING, "meeting", "forum", date(2023, 3, 10), None, agadir),
        "study": event(STUDY_DAY, "study", "workshop", None, None, oujda),
    }
    EventAlias.objects.create(event=rows["meeting"], key=event_keys("منتدى النساء التعاونيات")[0], title="منتدى")
    return {**rows, "oujda": oujda, "agadir": agadir, "morocco": morocco}


def _match(c, title, *, kind="fair", start=None, end=None, place=None, country="morocco", also=()):
    return match_event(event_keys(title), kind=kind, start=date(*start) if start else None,
                       end=date(*end) if end else None, place=c[place] if place else None,
                       country=c[country] if country else None, also=[c[a].pk for a in also])


CERTAIN = [
    # (title, start, end, place, also, the event found)
    (FAIR, (2023, 2, 6), None, None, (), "fair"),  # its title, the same day
    (FAIR, (2023, 2, 7), None, None, (), "fair"),  # within its days
    # A narrated title ("the opening of the third edition of ...") folds to the event's own key.
    ("انطلاق الدورة الثالثة للمعرض الجهوي للاقتصاد التضامني", (2023, 2, 8), None, None, (), "fair"),
    ("المعرض الجهوي للاقتصاد الاجتماعي", (2023, 2, 8), None, None, (), None),  # another key, no city
    (FAIR, (2023, 6, 1), None, "oujda", (), "fair"),  # same city, same year
    (FAIR, (2024, 6, 1), None, "oujda", (), None),  # same city, another year
    (FAIR, (2023, 6, 1), None, "agadir", (), None),  # another city, other days
    ("منتدى النساء التعاونيات", (2023, 3, 10), None, None, (), "meeting"),  # a title it was known by (alias)
    (STUDY_DAY, (2023, 5, 5), None, "oujda", (), "study"),  # undated, same city
    ("عنوان لم يعرف به", (2023, 3, 10), None, None, ("meeting",), "meeting"),  # a key not yet written (batch)
    ("عنوان لم يعرف به", (2023, 3, 11), None, None, ("meeting",), None),  # ... but not on another day
    (FAIR, None, None, None, (), None),  # neither a date nor a place: nothing to anchor it
]


@pytest.mark.parametrize(("title", "start", "end", "place", "also", "expected"), CERTAIN)
def test_certain_matches(catalogue, title, start, end, place, also, expected):
    found = _match(catalogue, title, start=start, end=end, place=place, also=also).event
    assert found == (catalogue[expected] if expected else None)


def test_a_title_with_no_letters_finds_nothing(catalogue):
    assert event_keys("…") == []
    for place in ("oujda", None):
        match = _match(catalogue, "…", start=(2023, 2, 6), place=place)
        assert (match.event, match.uncertain) == (None, [])


def test_the_same_city_and_year_ends_on_the_31st_of_december(catalogue):
    late = Event.objects.create(title="سوق التضامن", slug="late", kind="fair", start_date=date(2023, 12, 31),
                                place=catalogue["oujda"])
    assert _match(catalogue, "سوق التضامن", start=(2023, 1, 15), place="oujda").event == late
    assert _match(catalogue, "سوق التضامن", start=(2024, 1, 5), place="oujda").event is None
    # The next day is a day's slack of the close-title rule, whatever the year.
    assert _match(catalogue, "سوق التضامن", start=(2024, 1, 1), place="oujda").event == late


def test_of_several_events_under_the_key_the_oldest_is_found(catalogue):
    again = Event.objects.create(title=FAIR, slug="fair-again", kind="fair", start_date=date(2023, 2, 6),
                                 place=catalogue["oujda"])
    assert again.pk > catalogue["fair"].pk
    assert _match(catalogue, FAIR, start=(2023, 2, 6)).event == catalogue["fair"]


def test_a_title_key_is_preferred_to_an_older_event_known_by_the_same_key():
    morocco = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")
    older = Event.objects.create(title="ندوة أخرى", slug="older", start_date=date(2023, 4, 1), country=morocco)
    EventAlias.objects.create(event=older, key=event_keys("ندوة التمويل")[0], title="ندوة التمويل")
    newer = Event.objects.create(title="ندوة التمويل", slug="newer", start_date=date(2023, 4, 1), country=morocco)
    found = match_event(event_keys("ندوة التمويل"), kind="other", start=date(2023, 4, 1), end=None, place=None,
                        country=morocco).event
    assert found == newer


def test_a_close_title_in_the_same_city_and_days_is_the_same_event(catalogue):
    match = _match(catalogue, "اختتام المعرض الجهوي الأول للاقتصاد التضامني والاجتماعي", start=(2023, 2, 9),
                   place="oujda")
    assert match.event == catalogue["fair"]


def test_a_close_title_of_another_kind_needs_more_agreement(catalogue):
    title = "المعرض الجهوي للاقتصاد الاجتماعي"  # 0.85 alike: enough for the same kind, not for another
    assert _match(catalogue, title, start=(2023, 2, 7), place="oujda").event == catalogue["fair"]
    other = _match(catalogue, title, kind="conference", start=(2023, 2, 7), place="oujda")
    assert other.event is None and [pk for pk, _, _ in other.uncertain] == [catalogue["fair"].pk]


def test_a_half_similar_title_is_a_likely_duplicate_not_a_match(catalogue):
    match = _match(catalogue, "معرض الاقتصاد الأخضر بالجهة الشرقية", start=(2023, 2, 7), place="oujda")
    assert match.event is None
    assert [(pk, title) for pk, title, _ in match.uncertain] == [(catalogue["fair"].pk, FAIR)]
    assert 0.5 <= match.uncertain[0][2] < 0.75


def test_without_a_city_the_same_day_in_the_country_gives_candidates_only(catalogue):
    match = _match(catalogue, "ملتقى التعاونيات النسائية بالجهة", kind="forum", start=(2023, 3, 10), place=None)
    assert match.event is None and [pk for pk, _, _ in match.uncertain] == [catalogue["meeting"].pk]
    assert _match(catalogue, "ملتقى التعاونيات النسائية بالجهة", kind="forum", start=(2023, 3, 11)).uncertain == []
