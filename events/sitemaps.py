"""Sitemaps of every public page; Django splits sections over 50,000 URLs into pages of a sitemap index.

Every page is listed in each language (/ar/, /fr/, /en/) with its hreflang alternates.
"""
from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from events.models import Country, Event, EventCountry, EventOrganization, EventPerson, Organization, Person, Place


class Sitemap(BaseSitemap):
    i18n = True
    alternates = True


class EventSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Event.objects.order_by("id").only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class OrganizationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        linked = EventOrganization.objects.filter(organization=OuterRef("pk"))
        return Organization.objects.filter(Exists(linked)).order_by("id").only("id", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.filter(Exists(EventPerson.objects.filter(person=OuterRef("pk")))).order_by("id").only(
            "id", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class PlaceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Place.objects.filter(Exists(Event.objects.filter(place=OuterRef("pk")))).order_by("id").only("id")


class CountrySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        held = Event.objects.filter(country=OuterRef("pk"))
        took_part = EventCountry.objects.filter(country=OuterRef("pk"))
        return Country.objects.filter(Exists(held) | Exists(took_part)).order_by("code").only("code")


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["events:event_list", "events:figures", "events:timeline", "events:map", "events:organizations",
                "events:persons", "events:places", "events:about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap, "events": EventSitemap, "organizations": OrganizationSitemap, "persons": PersonSitemap,
    "places": PlaceSitemap, "countries": CountrySitemap,
}
