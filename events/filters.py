"""The event list's one FilterSet, the figures' FilterSet, and the facet counts computed over filtered results.

Every smart filter calls an EventQuerySet method, so the list, the exports, the feed, the timeline and the map
all select events the same way. Facets are counted over the filtered set from the facet table (events/facets.py):
a constant number of queries whatever the number of results.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Count, F, Min, Q
from django.utils.translation import gettext_lazy as _

from events import facets
from events.facets import FACET_LIMIT
from events.models import Country, Event, EventOrganization, Figure, Organization, Person, Place
from events.search import MATCHES_SQL, Search, materialized, rank_limit, uses_postgres


class ValidatedFilterSet(django_filters.FilterSet):
    def cleaned(self, name: str):
        """Return the validated value of one parameter (None when absent or invalid)."""
        if not self.is_bound:
            return None
        self.is_valid()  # runs validation once; invalid values are left out of cleaned_data
        return self.form.cleaned_data.get(name)


class EventFilter(ValidatedFilterSet):
    SORT_CHOICES = [("newest", _("Newest first")), ("oldest", _("Oldest first")), ("relevance", _("Relevance"))]

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words, names, places…")}),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="start_date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="start_date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"}),
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", min_value=1900, max_value=2100,
        widget=forms.NumberInput(attrs={"min": 1900, "max": 2100, "inputmode": "numeric"}),
    )
    month = django_filters.NumberFilter(label=_("Month"), method="filter_noop", min_value=1, max_value=12,
                                        widget=forms.HiddenInput)
    # The "date unknown" bucket of the year facet and the timeline: events whose date no article gives.
    undated = django_filters.ChoiceFilter(label=_("Date"), choices=[("1", _("Date unknown"))], method="filter_undated",
                                          widget=forms.HiddenInput)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("Any kind"))
    organizer_kind = django_filters.ChoiceFilter(
        label=_("Organizer type"), choices=Organization.Kind.choices, method="filter_organizer_kind",
        empty_label=_("Any organizer"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Place.objects.filter(kind=Place.Kind.REGION), method="filter_region",
        widget=forms.HiddenInput,
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=Place.objects.exclude(kind=Place.Kind.REGION), field_name="place",
        widget=forms.HiddenInput,
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Held in"), queryset=Country.objects.all(), to_field_name="code", field_name="country",
        widget=forms.HiddenInput,
    )
    took_part = django_filters.ModelChoiceFilter(
        label=_("Country taking part"), queryset=Country.objects.all(), to_field_name="code",
        method="filter_took_part", widget=forms.HiddenInput,
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.all(), method="filter_organization",
        widget=forms.HiddenInput,
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Person"), queryset=Person.objects.all(), method="filter_person", widget=forms.HiddenInput,
    )
    # The empty choice keeps the default: relevance when searching, newest first otherwise.
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=SORT_CHOICES, method="filter_noop",
                                       empty_label=_("Default order"))

    class Meta:
        model = Event
        fields = ["q", "date_from", "date_to", "year", "month", "undated", "kind", "organizer_kind", "region", "city",
                  "country", "took_part", "organization", "person", "sort"]

    # Parameters that are not filters but must survive in shareable URLs.
    CHIP_EXCLUDE = {"sort"}

    @property
    def search(self) -> Search:
        """The request's query, parsed once: the filter, the ordering and the snippets share what it names."""
        q = self.cleaned("q") or ""
        if getattr(self, "_search", None) is None or self._search.q != q:
            self._search = Search(q)
        return self._search

    def filter_q(self, queryset, name, value):
        return queryset.search(self.search if self.search.q == value else value)

    def filter_year(self, queryset, name, value):
        month = self.form.cleaned_data.get("month")
        return queryset.in_month(int(value), int(month)) if month else queryset.in_year(int(value))

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_undated(self, queryset, name, value):
        return queryset.filter(start_date__isnull=True)

    def filter_organizer_kind(self, queryset, name, value):
        return queryset.with_organizer_kind(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_took_part(self, queryset, name, value):
        return queryset.with_country(value)

    def filter_organization(self, queryset, name, value):
        return queryset.with_organization(value)

    def filter_person(self, queryset, name, value):
        return queryset.with_person(value)

    @property
    def sort_order(self) -> str:
        q = self.cleaned("q")
        sort = self.cleaned("sort") or ("relevance" if q else "newest")
        return sort if sort != "relevance" or q else "newest"

    # True when relevance was asked for but the search matched too many events to rank (search.rank_limit()).
    relevance_skipped = False

    def ordered(self, queryset, *, matches: int | None = None):
        """Return queryset in the order the user chose (relevance only means something with a search).

        matches: the number of results when known; above search.rank_limit() relevance falls back to newest first.
        """
        sort = self.sort_order
        if sort == "relevance":
            if matches is not None and matches > rank_limit():
                self.relevance_skipped = True
                return queryset.order_by(F("start_date").desc(nulls_last=True), "-id")
            return queryset.by_relevance(self.search)
        if sort == "oldest":
            return queryset.order_by(F("start_date").asc(nulls_last=True), "id")
        return queryset.order_by(F("start_date").desc(nulls_last=True), "-id")

    # Filters whose one value is one option of a dimension with pair counts (facets.BROAD_DIMS), with its code.
    BROAD_OPTIONS = {
        "kind": (facets.KIND, lambda v: facets.EVENT_KINDS.index(v) + 1),
        "year": (facets.YEAR, int),
        "region": (facets.REGION, lambda place: place.pk),
        "country": (facets.COUNTRY, lambda country: country.pk),
        "organizer_kind": (facets.ORGANIZER_KIND, lambda v: facets.ORG_KINDS.index(v) + 1),
        "organization": (facets.ORGANIZATION, lambda organization: organization.pk),
    }

    def _active(self, *, ignore: tuple[str, ...] = ()) -> dict | None:
        """The filters in force (not the sort), but those named in ignore; None when a value is invalid."""
        if not self.is_bound or not self.is_valid():
            return None  # an invalid value is left out of the filters, so the selection is not one option's
        return {name: value for name, value in self.form.cleaned_data.items()
                if name not in self.CHIP_EXCLUDE and name not in ignore and value not in (None, "", [])}

    def single_broad_option(self, *, ignore: tuple[str, ...] = ()) -> tuple[int, int] | None:
        """Return (dimension, value) when the selection is exactly the events with one broad facet option.

        That is when one of BROAD_OPTIONS is the only filter in force (the sort changes no count; a month narrows
        a year, so it rules the year out). Each of these filters selects exactly the events with that facet row:
        tests/scale/test_facet_pairs.py checks it for every option. ignore: filters left out of the question (the
        search, for search_scope).
        """
        active = self._active(ignore=ignore)
        if active is None or len(active) != 1:
            return None
        (name, value), = active.items()
        if name not in self.BROAD_OPTIONS:
            return None
        dim, code = self.BROAD_OPTIONS[name]
        return dim, code(value)

    def search_scope(self):
        """Return the events a search looks within, when their facet counts are cheap: (queryset, option).

        With a search in force and otherwise either no filter (option None: the whole catalogue) or exactly one broad
        option (facets.BROAD_DIMS, counted from its pairs), the results are that scope minus the events the words
        miss; facets.count subtracts those when they are few (a word found in most events). None otherwise.
        """
        active = self._active()
        if not active or "q" not in active:
            return None
        if len(active) == 1:
            return self.queryset.all(), None
        option = self.single_broad_option(ignore=("q",))
        if option is None:
            return None
        return self.without_search(), option

    def without_search(self):
        """The filtered events as if no search were asked for: every other filter in force, applied as qs does."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def counted_events(self):
        """Context manager yielding the filtered events for aggregate queries: with a search, a queryset over a
        temporary table of its matches, found once (search.materialized)."""
        if not self.cleaned("q"):
            return contextlib.nullcontext(self.qs)
        scope = self.search_scope()
        # Within a scope whose size the totals give, a search matching most of it also keeps what it misses
        # (PostgreSQL: search.materialized).
        size = facets.scope_size(scope[1]) if scope is not None and uses_postgres() else None
        return materialized(self.qs, within=self.without_search(), search=self.search, within_size=size)

    def facets(self, matches=None) -> Facets:
        """The facet counts of the filtered events, counted the cheapest way these filters allow (events/facets.py).

        matches: the queryset counted_events() yields, when the caller holds it open already."""
        if matches is None:
            with self.counted_events() as events:
                return self.facets(events)
        year = self.cleaned("year")
        return event_facets(matches, month_of_year=int(year) if year else None, option=self.single_broad_option(),
                            within=self.search_scope(), ids_sql=MATCHES_SQL if self.cleaned("q") else None,
                            misses_sql=getattr(matches, "misses_sql", None))

    def active_filters(self) -> list[tuple[str, str, object]]:
        """Return (parameter, label, value shown) for each filter in force, for the removable chips."""
        if not self.is_bound:
            return []
        self.is_valid()
        chips = []
        for name, value in self.form.cleaned_data.items():
            if name in self.CHIP_EXCLUDE or value in (None, "", []):
                continue
            f = self.filters[name]
            if name == "month" and not self.form.cleaned_data.get("year"):
                continue
            shown = value
            if isinstance(f, django_filters.ChoiceFilter):
                shown = dict(f.extra.get("choices") or []).get(value, value)
            elif name in ("year", "month"):
                shown = int(value)
            chips.append((name, f.label, shown))
        return chips


@dataclass
class Facets:
    kinds: list = field(default_factory=list)
    years: list = field(default_factory=list)
    undated: int = 0  # events without a known date: the "date unknown" bucket of the year facet and the timeline
    months: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    cities: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    organizer_kinds: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    persons: list = field(default_factory=list)


def event_facets(queryset, *, month_of_year: int | None = None, option: tuple[int, int] | None = None,
                 within: tuple | None = None, ids_sql: str | None = None, misses_sql: str | None = None) -> Facets:
    """Return option counts within the filtered events: one index-only count over the facet table (events/facets.py).

    option: EventFilter.single_broad_option() of the filters that made queryset, if any (counted from the pairs);
    within: EventFilter.search_scope(); ids_sql: search.MATCHES_SQL inside search.materialized(), and misses_sql its
    misses when it kept them (facets.count).
    """
    counted = facets.count(queryset, month_of_year=month_of_year, option=option, within=within, ids_sql=ids_sql,
                           misses_sql=misses_sql)
    # Every event has one kind: what the kinds count and the years do not is the undated events (no extra query).
    counted["undated"] = sum(k["count"] for k in counted["kinds"]) - sum(y["count"] for y in counted["years"])
    return Facets(**counted)


class FigureFilter(ValidatedFilterSet):
    SORT_CHOICES = [("-year", _("Newest year first")), ("year", _("Oldest year first")),
                    ("-value", _("Largest value first")), ("value", _("Smallest value first"))]

    unit = django_filters.CharFilter(label=_("Unit"), field_name="unit_key", widget=forms.HiddenInput)
    year = django_filters.NumberFilter(label=_("Year"), field_name="year", min_value=1900, max_value=2100,
                                       widget=forms.NumberInput(attrs={"min": 1900, "max": 2100}))
    event = django_filters.ModelChoiceFilter(
        label=_("Event"), queryset=Event.objects.all(), to_field_name="slug", field_name="event",
        widget=forms.HiddenInput,
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.all(), method="filter_organization",
        widget=forms.HiddenInput,
    )
    quantity = django_filters.CharFilter(label=_("Quantity"), field_name="quantity", widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta:
        model = Figure
        fields = ["unit", "year", "event", "organization", "quantity", "sort"]

    def filter_organization(self, queryset, name, value):
        events = EventOrganization.objects.filter(organization=value).values("event_id")
        return queryset.filter(Q(event__in=events))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(F(value.lstrip("-")).desc(nulls_last=True) if value.startswith("-")
                                 else F(value).asc(nulls_last=True), "id")


def figure_units(queryset) -> list[dict]:
    """Return the units of the filtered figures with their counts (one query)."""
    return list(queryset.order_by().values("unit_key").annotate(n=Count("pk"), label=Min("unit"))
                .order_by("-n", "unit_key")[:FACET_LIMIT])
