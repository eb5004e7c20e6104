"""The gazetteer data (every ISO country, Morocco's divisions, foreign cities) loads on either database."""
import pytest
from django.core.management import call_command

from events.models import Country, Place

pytestmark = pytest.mark.django_db


def test_gazetteers_load_and_reload_idempotently():
    call_command("load_gazetteers", verbosity=0)
    countries, places = Country.objects.count(), Place.objects.count()
    assert countries >= 249
    assert Place.objects.filter(kind=Place.Kind.REGION, country__code="MA").count() == 12
    assert Place.objects.filter(kind=Place.Kind.CITY).count() >= 40
    call_command("load_gazetteers", verbosity=0)
    assert (Country.objects.count(), Place.objects.count()) == (countries, places)


@pytest.mark.parametrize(
    ("code", "name_ar", "name_fr", "name_en"),
    [("MA", "المغرب", "Maroc", "Morocco"), ("FR", "فرنسا", "France", "France"), ("SN", "السنغال", "Sénégal", "Senegal")],
)
def test_country_names_in_three_languages(code, name_ar, name_fr, name_en):
    call_command("load_gazetteers", verbosity=0)
    country = Country.objects.get(code=code)
    assert (country.name_ar, country.name_fr, country.name_en) == (name_ar, name_fr, name_en)


@pytest.mark.parametrize("city", ["الرباط", "أكادير", "الدار البيضاء", "طنجة", "ورزازات"])
def test_moroccan_cities_have_region_and_coordinates(city):
    call_command("load_gazetteers", verbosity=0)
    from events.extract.normalize import name_key

    place = Place.objects.get(name_key=name_key(city), kind=Place.Kind.CITY)
    assert place.country.code == "MA"
    assert place.region is not None and place.region.kind == Place.Kind.REGION
    assert 27 < place.latitude < 36 and -14 < place.longitude < -1


@pytest.mark.parametrize(("city", "code"), [("باريس", "FR"), ("داكار", "SN"), ("جنيف", "CH")])
def test_foreign_cities_where_sse_events_are_held(city, code):
    call_command("load_gazetteers", verbosity=0)
    from events.extract.normalize import name_key

    assert Place.objects.filter(name_key=name_key(city), country__code=code).exists()
