"""Small row builders for Django tests: make_event(**overrides) and friends. Each returns a saved row.

Search text is filled the way the loader fills it (see events/search.py): normalize.search_text over the event's
title, summary, venue, place, actors' names and source articles.
"""
from __future__ import annotations

import datetime
import hashlib
import itertools
from decimal import Decimal

from events.extract.normalize import search_text
from events.models import (
    Article,
    Country,
    Event,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
    Place,
)

_seq = itertools.count(1)


def make_country(code="MA", **overrides) -> Country:
    names = {"MA": ("المغرب", "Maroc", "Morocco"), "FR": ("فرنسا", "France", "France"),
             "SN": ("السنغال", "Sénégal", "Senegal"), "ES": ("إسبانيا", "Espagne", "Spain")}
    ar, fr, en = names.get(code, (f"بلد {code}", f"Pays {code}", f"Country {code}"))
    defaults = {"name_ar": ar, "name_fr": fr, "name_en": en}
    defaults.update(overrides)
    country, _ = Country.objects.get_or_create(code=code, defaults=defaults)
    return country


def make_region(name_ar="جهة سوس ماسة", name_fr="Souss-Massa", **overrides) -> Place:
    values = {"name_ar": name_ar, "name_fr": name_fr, "kind": Place.Kind.REGION, "latitude": 30.0, "longitude": -8.5}
    values.update(overrides)
    values.setdefault("country", make_country("MA"))
    return Place.objects.create(**values)


def make_place(name_ar="أكادير", name_fr="Agadir", *, region=None, kind=Place.Kind.CITY, **overrides) -> Place:
    values = {"name_ar": name_ar, "name_fr": name_fr, "kind": kind, "region": region,
              "latitude": 30.42, "longitude": -9.6}
    values.update(overrides)
    values.setdefault("country", region.country if region else make_country("MA"))
    return Place.objects.create(**values)


def make_organization(name="وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني", **overrides) -> Organization:
    values = {"name": name, "kind": Organization.Kind.MINISTRY}
    values.update(overrides)
    return Organization.objects.create(**values)


def make_person(name="فاطمة الزهراء عمور", **overrides) -> Person:
    return Person.objects.create(name=name, **overrides)


def make_article(body="نظمت الوزارة المنتدى الوطني للاقتصاد الاجتماعي والتضامني بمدينة أكادير.", **overrides) -> Article:
    n = next(_seq)
    values = {"title": f"مقال {n}", "body": body, "source_name": "هسبريس", "url": f"https://example.ma/article/{n}",
              "published": datetime.date(2024, 10, 6), "extractor_version": "test",
              "content_hash": hashlib.sha256(f"{n}:{body}".encode()).hexdigest()}
    values.update(overrides)
    values["search_text"] = search_text(f"{values['title']} {values['body']}")
    return Article.objects.create(**values)


def make_event(title="المنتدى الوطني للاقتصاد الاجتماعي والتضامني", *, organizations=(), persons=(), countries=(),
               articles=(), **overrides) -> Event:
    """Return a saved event; organizations are Organization or (Organization, role), persons Person or (Person, role)."""
    n = next(_seq)
    values = {"title": title, "slug": f"event-{n}", "kind": Event.Kind.FORUM, "start_date": datetime.date(2024, 10, 5),
              "date_precision": Event.Precision.DAY}
    values.update(overrides)
    event = Event.objects.create(**values)
    org_links = [o if isinstance(o, tuple) else (o, EventOrganization.Role.ORGANIZER) for o in organizations]
    person_links = [p if isinstance(p, tuple) else (p, "") for p in persons]
    article = articles[0] if articles else None
    for org, role in org_links:
        EventOrganization.objects.create(event=event, organization=org, role=role, article=article,
                                         sentence=f"{org.name} {role}" if article else "")
    for person, role in person_links:
        EventPerson.objects.create(event=event, person=person, role=role, article=article)
    for country in countries:
        EventCountry.objects.create(event=event, country=country, article=article)
    if articles:
        event.articles.set(articles)
    reindex_event(event)
    return event


def reindex_event(event: Event) -> None:
    """Fill Event.search_text from the event, its place and actors and its articles, as the loader does."""
    parts = [event.title, event.summary, event.venue]
    if event.place:
        parts += [event.place.name_ar, event.place.name_fr]
    for link in event.organization_links.select_related("organization"):
        parts += [link.organization.name, link.organization.name_latin, link.organization.acronym]
    for link in event.person_links.select_related("person"):
        parts += [link.person.name, link.role]
    for article in event.articles.all():
        parts += [article.title, article.body]
    Event.objects.filter(pk=event.pk).update(search_text=search_text(" ".join(p for p in parts if p)))
    event.refresh_from_db(fields=["search_text"])


def make_figure(value="2", unit="%", *, event=None, article=None, **overrides) -> Figure:
    values = {"value": Decimal(str(value)), "unit": unit, "about": "حصة الاقتصاد الاجتماعي في الناتج الداخلي الخام",
              "quantity": "sse_gdp_share", "year": 2024, "event": event, "article": article,
              "sentence": f"يمثل الاقتصاد الاجتماعي والتضامني {value}{unit} من الناتج الداخلي الخام"}
    values.update(overrides)
    return Figure.objects.create(**values)
