"""Model constraints: what the database itself guarantees, on SQLite and PostgreSQL alike."""
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from events.models import (
    Article,
    Country,
    Event,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
    Place,
)

pytestmark = pytest.mark.django_db


def make_article(**overrides):
    values = {"title": "مقال", "body": "نص", "content_hash": "h" * 64, "extractor_version": "1"}
    values.update(overrides)
    return Article.objects.create(**values)


def make_event(**overrides):
    values = {"title": "منتدى", "slug": "forum", "kind": Event.Kind.FORUM}
    values.update(overrides)
    return Event.objects.create(**values)


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_article_content_hash_is_unique():
    make_article()
    assert_rejected(lambda: make_article(title="نسخة ثانية"))


def test_article_url_unique_when_present_and_optional():
    make_article(content_hash="a" * 64, url=None)
    make_article(content_hash="b" * 64, url=None)
    make_article(content_hash="c" * 64, url="https://example.ma/1")
    assert_rejected(lambda: make_article(content_hash="d" * 64, url="https://example.ma/1"))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("الإتحاد العام لمقاولات المغرب", "الاتحاد العام لمقاولات المغرب"),
        ("الشبكة المغربية للاقتصاد الاجتماعي", "الشبكة المغربيه للإقتصاد الإجتماعي"),
        ("جمعية أمل", "جمعيّة امل"),
    ],
)
def test_organization_spelling_variants_share_a_key_and_collide(first, second):
    org = Organization.objects.create(name=first, kind=Organization.Kind.NETWORK)
    assert Organization(name=second).name_key or True
    assert_rejected(lambda: Organization.objects.create(name=second, kind=Organization.Kind.NETWORK))
    # The same name under another kind is a different record.
    Organization.objects.create(name=second, kind=Organization.Kind.OTHER)
    assert org.name_key


def test_distinct_organizations_sharing_words_are_kept_apart():
    Organization.objects.create(name="وزارة السياحة", kind=Organization.Kind.MINISTRY)
    Organization.objects.create(name="وزارة الصحة", kind=Organization.Kind.MINISTRY)
    assert Organization.objects.count() == 2


def test_person_normalized_name_is_unique():
    Person.objects.create(name="جميلة المصلي")
    assert_rejected(lambda: Person.objects.create(name="جميلة المصلّي"))


def test_event_end_cannot_precede_start():
    assert_rejected(lambda: make_event(start_date=datetime.date(2024, 5, 8), end_date=datetime.date(2024, 5, 6)))
    event = make_event(slug="ok", start_date=datetime.date(2024, 5, 6), end_date=datetime.date(2024, 5, 8))
    assert event.pk


def test_event_slug_is_unique():
    make_event()
    assert_rejected(lambda: make_event(title="آخر"))


def test_links_are_unique_per_event():
    event = make_event()
    org = Organization.objects.create(name="جمعية البيئة والإنسان", kind=Organization.Kind.ASSOCIATION)
    person = Person.objects.create(name="طارق المعروفي")
    EventOrganization.objects.create(event=event, organization=org, role=EventOrganization.Role.ORGANIZER)
    EventOrganization.objects.create(event=event, organization=org, role=EventOrganization.Role.PARTNER)
    assert_rejected(
        lambda: EventOrganization.objects.create(event=event, organization=org, role=EventOrganization.Role.ORGANIZER)
    )
    EventPerson.objects.create(event=event, person=person, role="المدير العام")
    assert_rejected(lambda: EventPerson.objects.create(event=event, person=person))


def test_place_unique_per_country_and_kind():
    morocco = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")
    Place.objects.create(name_ar="أكادير", kind=Place.Kind.CITY, country=morocco)
    assert_rejected(lambda: Place.objects.create(name_ar="اكادير", kind=Place.Kind.CITY, country=morocco))


def test_country_code_is_unique():
    Country.objects.create(code="FR", name_ar="فرنسا", name_fr="France", name_en="France")
    assert_rejected(lambda: Country.objects.create(code="FR", name_ar="فرنسا", name_fr="France", name_en="France"))


def test_figure_keeps_value_unit_and_provenance():
    article = make_article()
    figure = Figure.objects.create(
        value=Decimal("5000000"), unit="درهم", article=article, sentence="رصد غلاف مالي بقيمة 5 ملايين درهم",
    )
    figure.refresh_from_db()
    assert figure.value == Decimal("5000000")
    assert figure.unit_key == "درهم"
    assert str(figure) == "5000000 درهم"
    assert Figure.objects.create(value=6, unit="%", article=article).unit_key == "%"


def test_every_table_has_timestamps():
    from django.apps import apps

    for model in apps.get_app_config("events").get_models():
        if not model._meta.managed:  # EventVector: the database's own copy of each event's tsvector
            continue
        names = {f.name for f in model._meta.get_fields()}
        assert {"created_at", "updated_at"} <= names, model.__name__
