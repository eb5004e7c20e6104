"""seed_synthetic at small N: a consistent catalogue with the requested sizes and a Zipf-like skew of actors."""
from statistics import median

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from events.extract.normalize import search_text
from events.models import Article, Event, EventOrganization, EventPerson, Figure, NameAlias, Organization, Person, Place
from tests.scale.conftest import SIZES


def link_counts(model, field):
    return sorted(model.objects.values(field).annotate(n=Count("pk")).values_list("n", flat=True))


def test_sizes(seeded, db):
    assert Event.objects.count() == 500
    assert Organization.objects.count() == 100
    assert Person.objects.count() == 150
    assert EventOrganization.objects.count() + EventPerson.objects.count() == 1500
    assert Figure.objects.count() == 250
    assert Place.objects.count() >= 500  # the gazetteer, topped up with synthetic communes if it has fewer
    assert Article.objects.filter(extractor_version="synthetic").count() == 500  # one source article per event


def test_every_actor_takes_part_and_popularity_is_skewed(seeded, db):
    orgs = link_counts(EventOrganization, "organization")
    persons = link_counts(EventPerson, "person")
    assert len(orgs) == 100 and len(persons) == 150  # nobody is left without an event
    # A few actors in many events, most in one or two.
    assert orgs[-1] >= 8 * median(orgs)
    assert persons[-1] >= 8 * median(persons)
    assert sum(n <= 2 for n in persons) > len(persons) / 2
    # The most linked organizations are the national actors (ministries, agencies), as in real coverage.
    top = EventOrganization.objects.values("organization__kind").annotate(n=Count("pk")).order_by("-n")
    assert Organization.objects.get(name__startswith="وزارة السياحة").event_links.count() == max(orgs)
    assert top[0]["organization__kind"] in {"ministry", "public_agency", "association", "cooperative"}


def test_rows_are_consistent(seeded, db):
    assert not Event.objects.filter(end_date__lt=F("start_date")).exists()
    assert not Event.objects.filter(Q(start_date__isnull=True) & ~Q(date_precision="unknown")).exists()
    assert not EventOrganization.objects.values("event").annotate(
        organizers=Count("pk", filter=Q(role="organizer"))).filter(organizers=0).exists()
    assert Event.objects.filter(articles__isnull=True).count() == 0
    event = Event.objects.prefetch_related("organization_links__organization", "person_links__person",
                                           "articles").first()
    # Indexed as the loader indexes: the event's words and actors' names, then its article's text.
    assert search_text(event.title) in event.search_text
    for link in [*event.organization_links.all(), *event.person_links.all()]:
        name = link.organization.name if hasattr(link, "organization_id") and link.organization_id else link.person.name
        assert search_text(name) in event.search_text
    assert event.articles.get().search_text in event.search_text
    assert event.title_key
    # The loader finds every seeded actor by an indexed name key.
    assert NameAlias.objects.filter(organization__isnull=False).values("organization").distinct().count() == 100
    assert NameAlias.objects.filter(person__isnull=False).values("person").distinct().count() == 150
    years = Event.objects.filter(start_date__isnull=False).dates("start_date", "year")
    assert 10 <= len(years) <= 20
    assert Figure.objects.filter(event__isnull=False).count() > 150


def test_refuses_to_seed_twice_and_reset_rebuilds(seeded, db):
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_synthetic", verbosity=0, **SIZES)
    call_command("seed_synthetic", verbosity=0, reset=True, **{**SIZES, "events": 200})
    assert Event.objects.count() == 200
    assert Organization.objects.count() == 100
    assert Article.objects.count() == 200
