"""The facet table (events/facets.py, migration 0009) stays equal to what the records say, whoever writes them.

Two kinds of checks, on whichever engine DATABASE_URL names (CI runs both):
- after a real load, admin edits, inline deletes, merges and deletes, the table's rows equal rows derived here from
  the records with the ORM (no trigger involved in the expectation);
- facet counts read from the table equal the former ORM aggregate queries over the records, for every filter.
"""
from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Case, Count, IntegerField, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.urls import reverse

from events import facets
from events.filters import EventFilter, event_facets
from events.models import Event, EventOrganization, EventPerson, Organization, Person, Place
from events.search import materialized

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def facet_migration():
    """The migration that creates the facet tables, under whatever number the merge gives it."""
    path = next((ROOT / "events" / "migrations").glob("*_event_facets.py"))
    return importlib.import_module(f"events.migrations.{path.stem}")


def expected_rows() -> set[tuple[int, int, int]]:
    """(event, dimension, value) of every facet option, derived from the records."""
    rows = set()
    for e in Event.objects.select_related("place"):
        rows.add((e.pk, facets.KIND, facets.EVENT_KINDS.index(e.kind) + 1))
        if e.start_date:
            rows.add((e.pk, facets.YEAR, e.start_date.year))
            rows.add((e.pk, facets.MONTH, e.start_date.year * 100 + e.start_date.month))
        if e.place:
            region = e.place.region_id or (e.place.pk if e.place.kind == Place.Kind.REGION else None)
            if region:
                rows.add((e.pk, facets.REGION, region))
            if e.place.kind != Place.Kind.REGION:
                rows.add((e.pk, facets.CITY, e.place.pk))
        if e.country_id:
            rows.add((e.pk, facets.COUNTRY, e.country_id))
    for link in EventOrganization.objects.select_related("organization"):
        rows.add((link.event_id, facets.ORGANIZATION, link.organization_id))
        if link.role == EventOrganization.Role.ORGANIZER:
            rows.add((link.event_id, facets.ORGANIZER_KIND, facets.ORG_KINDS.index(link.organization.kind) + 1))
    rows.update((p.event_id, facets.PERSON, p.person_id) for p in EventPerson.objects.all())
    return rows


def table_rows() -> set[tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_id, dim, value FROM events_eventfacet")
        return set(cursor.fetchall())


def expected_pairs(rows: set[tuple[int, int, int]]) -> dict[tuple[int, int, int, int], int]:
    """(broad dimension, value, dimension, value) → number of events having both options, from the facet rows."""
    from collections import Counter, defaultdict

    by_event = defaultdict(list)
    for event, dim, value in rows:
        by_event[event].append((dim, value))
    return dict(Counter((*f, *c) for options in by_event.values() for f in options if f[0] in facets.BROAD_DIMS
                        for c in options if c != f))


def stored_pairs() -> dict[tuple[int, int, int, int], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT fdim, fvalue, dim, value, SUM(n) FROM events_facetpair GROUP BY fdim, fvalue, dim, value"
                       " HAVING SUM(n) <> 0")
        return {tuple(row[:4]): row[4] for row in cursor.fetchall()}


def assert_pairs_right(rows=None):
    expected, stored = expected_pairs(table_rows() if rows is None else rows), stored_pairs()
    wrong = {k: (expected.get(k), stored.get(k)) for k in expected.keys() | stored.keys()
             if expected.get(k) != stored.get(k)}
    assert not wrong, dict(sorted(wrong.items())[:10])


def assert_table_right():  # the rows and the pairs; totals: test_totals_follow_the_table_and_survive_compaction
    expected, stored = expected_rows(), table_rows()
    assert stored == expected, {"missing": sorted(expected - stored)[:10], "extra": sorted(stored - expected)[:10]}
    assert_pairs_right(stored)


def test_kind_codes_are_the_migrations():
    """A kind added to a model needs a migration that replaces the triggers (their codes are frozen)."""
    migration = facet_migration()
    assert facets.EVENT_KINDS == migration.EVENT_KINDS
    assert facets.ORG_KINDS == migration.ORG_KINDS


@pytest.fixture
def loaded():
    call_command("load_articles", str(ROOT / "fixtures" / "articles"), verbosity=0)
    assert Event.objects.count() >= 5
    return Event.objects.order_by("pk")


def change_form_data(client, url) -> dict:
    """The data an admin change page would post unchanged: its form and every inline formset's forms."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for sub in formset.initial_forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None and not isinstance(value, list | tuple):
                    data[sub.add_prefix(name)] = value
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    return {k: ("" if v is None else v) for k, v in data.items() if v is not None}


def test_a_load_fills_the_table(loaded):
    assert_table_right()
    assert table_rows()  # not trivially equal: rows of every kind are there
    assert {dim for _, dim, _ in table_rows()} >= {facets.KIND, facets.CITY, facets.ORGANIZATION, facets.PERSON}


def test_admin_edits_keep_the_table_right(admin_client, loaded):
    event = loaded.filter(place__isnull=False).first()
    other_place = Place.objects.exclude(pk=event.place_id).exclude(kind=Place.Kind.REGION).filter(
        region__isnull=False).first()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(admin_client, url)
    data.update(kind="fair", place=str(other_place.pk), start_date="2019-04-03", date_precision="day")
    # The curator removes the event's first organization link in the inline.
    data["organization_links-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    event.refresh_from_db()
    assert (event.kind, event.place_id, event.start_date) == ("fair", other_place.pk, date(2019, 4, 3))
    assert_table_right()
    assert (event.pk, facets.YEAR, 2019) in table_rows()

    # An organization's kind (organizer-type facet of its events), through its own admin page.
    organizer = EventOrganization.objects.filter(role="organizer").select_related("organization").first().organization
    url = reverse("admin:events_organization_change", args=[organizer.pk])
    data = change_form_data(admin_client, url)
    data["kind"] = "university" if organizer.kind != "university" else "company"
    assert admin_client.post(url, data).status_code == 302
    assert Organization.objects.get(pk=organizer.pk).kind == data["kind"]
    assert_table_right()

    # A place moved to another region (region facet of the events held there).
    place = Place.objects.get(pk=other_place.pk)
    new_region = Place.objects.filter(kind=Place.Kind.REGION).exclude(pk=place.region_id).first()
    url = reverse("admin:events_place_change", args=[place.pk])
    data = change_form_data(admin_client, url)
    data["region"] = str(new_region.pk)
    assert admin_client.post(url, data).status_code == 302
    assert (event.pk, facets.REGION, new_region.pk) in table_rows()
    assert_table_right()


def test_merges_and_deletes_keep_the_table_right(admin_client, loaded):
    orgs = list(Organization.objects.filter(event_links__isnull=False).distinct().order_by("pk")[:3])
    # The merge action leads to the confirmation page; posting it (keep the first) merges.
    admin_client.post(reverse("admin:events_organization_merge"),
                      {"ids": [o.pk for o in orgs], "keep": orgs[0].pk})
    assert Organization.objects.filter(pk__in=[o.pk for o in orgs]).count() == 1
    assert_table_right()
    persons = list(Person.objects.filter(event_links__isnull=False).distinct().order_by("pk")[:2])
    admin_client.post(reverse("admin:events_person_merge"), {"ids": [p.pk for p in persons], "keep": persons[0].pk})
    assert Person.objects.filter(pk__in=[p.pk for p in persons]).count() == 1
    assert_table_right()

    # A role changed on the link's own admin page, then the link deleted there.
    link = EventOrganization.objects.order_by("pk").first()
    url = reverse("admin:events_eventorganization_change", args=[link.pk])
    data = change_form_data(admin_client, url)
    data["role"] = "organizer" if link.role != "organizer" else "partner"
    assert admin_client.post(url, data).status_code == 302
    assert_table_right()
    admin_client.post(reverse("admin:events_eventorganization_delete", args=[link.pk]), {"post": "yes"})
    assert not EventOrganization.objects.filter(pk=link.pk).exists()
    assert_table_right()

    # An event deleted in the admin takes its rows with it; a bulk delete too.
    gone = loaded.first()
    admin_client.post(reverse("admin:events_event_delete", args=[gone.pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=gone.pk).exists()
    assert not [row for row in table_rows() if row[0] == gone.pk]
    assert_table_right()
    Event.objects.filter(pk__in=list(loaded.values_list("pk", flat=True)[:2])).delete()
    assert_table_right()


def test_reloading_with_update_keeps_the_table_right(loaded):
    Event.objects.update(kind="other", start_date=None, end_date=None)  # one UPDATE statement over every row
    assert_table_right()
    call_command("load_articles", "--update", verbosity=0)
    assert_table_right()


# -- counts: the table against the former aggregate queries over the records ----------------------------------

def reference_facets(queryset, month_of_year=None) -> dict:
    """The ORM aggregates the list used before the facet table (issue 6), as (value, count) per facet."""
    base = queryset.order_by()
    in_results = {"event__in": base.values("pk")} if base.query.where else {}
    regions = (base.filter(place__isnull=False)
               .annotate(r=Coalesce("place__region_id", Case(When(place__kind=Place.Kind.REGION, then="place_id"),
                                                             output_field=IntegerField())))
               .filter(r__isnull=False).values("r").annotate(n=Count("pk")))
    out = {
        "kinds": {(r["kind"], r["n"]) for r in base.values("kind").annotate(n=Count("pk"))},
        "years": {(r["y"], r["n"]) for r in base.filter(start_date__isnull=False)
                  .annotate(y=ExtractYear("start_date")).values("y").annotate(n=Count("pk"))},
        "regions": {(r["r"], r["n"]) for r in regions},
        "cities": {(r["place_id"], r["n"]) for r in base.filter(place__isnull=False)
                   .exclude(place__kind=Place.Kind.REGION).values("place_id").annotate(n=Count("pk"))},
        "countries": {(r["country__code"], r["n"]) for r in base.filter(country__isnull=False)
                      .values("country__code").annotate(n=Count("pk"))},
        "organizer_kinds": {(r["organization__kind"], r["n"]) for r in EventOrganization.objects.filter(
            role="organizer", **in_results).values("organization__kind").annotate(n=Count("event_id", distinct=True))},
        "organizations": {(r["organization_id"], r["n"]) for r in EventOrganization.objects.filter(**in_results)
                          .values("organization_id").annotate(n=Count("event_id", distinct=True))},
        "persons": {(r["person_id"], r["n"]) for r in EventPerson.objects.filter(**in_results)
                    .values("person_id").annotate(n=Count("event_id"))},
        "months": {(r["m"], r["n"]) for r in base.filter(start_date__year=month_of_year)
                   .annotate(m=ExtractMonth("start_date")).values("m").annotate(n=Count("pk"))}
        if month_of_year else set(),
    }
    return out


def compare(params: dict):
    filterset = EventFilter(params or None, queryset=Event.objects.all())
    year = filterset.cleaned("year")
    month_of_year = int(year) if year else None
    # As the list page counts them (a single broad filter from the pairs, a search within its scope...).
    got = filterset.facets()
    with materialized(filterset.qs) as events:
        want = reference_facets(events, month_of_year)
    for name, rows in want.items():
        options = getattr(got, name)
        pairs = {(o["value"], o["count"]) for o in options}
        if name in ("cities", "organizations", "persons") and len(rows) > facets.FACET_LIMIT:
            # The top FACET_LIMIT by count: every count shown is right and none left out counts more.
            assert len(options) == facets.FACET_LIMIT and pairs <= rows, name
            assert max((n for v, n in rows - pairs), default=0) <= min(n for _, n in pairs), name
        else:
            assert pairs == rows, name
        counts = [o["count"] for o in options]
        if name not in ("years", "months"):
            assert counts == sorted(counts, reverse=True), name
    return got


def test_counts_equal_the_records_for_every_filter(seeded):
    top = lambda qs, key: qs.values(key).annotate(n=Count("pk")).order_by("-n").first()[key]  # noqa: E731
    events = Event.objects.order_by()
    year = top(events.filter(start_date__isnull=False).annotate(y=ExtractYear("start_date")), "y")
    region = top(events.filter(place__region__isnull=False), "place__region")
    org = top(EventOrganization.objects, "organization")
    cases = [
        {}, {"year": year}, {"year": year, "month": 3}, {"kind": top(events, "kind")}, {"region": region},
        {"city": top(events.filter(place__isnull=False), "place")}, {"country": top(events, "country__code")},
        {"organizer_kind": "ministry"}, {"organization": org}, {"person": top(EventPerson.objects, "person")},
        {"took_part": top(events.filter(country_links__isnull=False), "country_links__country__code")},
        {"date_from": f"{year}-03-01", "date_to": f"{year}-09-30"}, {"q": "الاقتصاد"}, {"q": "الاقتصاد", "year": year},
        {"year": year, "kind": top(events, "kind"), "region": region, "organization": org},
    ]
    # Both ways of counting are exercised: the top country holds most events (totals minus the rest), the others not.
    country = top(events, "country__code")
    assert events.filter(country__code=country).count() > facets.COMPLEMENT_SHARE * events.count()
    for params in cases:
        got = compare({k: str(v) for k, v in params.items()})
        assert got.kinds or params, params
    # The unfiltered counts add up to the catalogue.
    assert sum(k["count"] for k in event_facets(Event.objects.all()).kinds) == Event.objects.count()


def test_totals_follow_the_table_and_survive_compaction(loaded):
    from collections import Counter

    migration = facet_migration()

    def totals() -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT dim, value, SUM(n) FROM events_facettotal GROUP BY dim, value HAVING SUM(n) <> 0")
            return {(d, v): n for d, v, n in cursor.fetchall()}

    def from_table() -> dict:
        return dict(Counter((d, v) for _, d, v in table_rows()))

    assert totals() == from_table()
    # The next delta row gets an id that is a multiple of COMPACT_EVERY: the trigger folds every row so far.
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM events_facettotal")
        top = cursor.fetchone()[0]
        target = (top // migration.COMPACT_EVERY + 1) * migration.COMPACT_EVERY
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('events_facettotal', 'id'), %s)", [target - 1])
        else:
            cursor.execute("INSERT INTO events_facettotal (id, dim, value, n, merged) VALUES (%s, 1, 1, 0, 1)",
                           [target - 1])
    Event.objects.filter(pk=loaded.first().pk).update(kind="award" if loaded.first().kind != "award" else "forum")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT dim * 1000000 + value), MIN(id) FROM events_facettotal")
        rows, options, lowest = cursor.fetchone()
    assert lowest > target  # every row up to the multiple was folded into new rows
    assert rows <= options + 12  # one row per option, and the few deltas of this update after the multiple
    assert totals() == from_table()
    assert_table_right()
