"""Public pages: the faceted event list, a page per entity, figures, timeline, map and exports.

Views configure; filtering lives in events/filters.py and EventQuerySet, charts in events/charts.py, exports in
events/exports.py. Every page runs a constant number of queries whatever the number of results.
"""
from __future__ import annotations

import contextlib
import hashlib
from collections import defaultdict
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from events import charts, exports, search
from events.filters import EventFilter
from events.models import (
    Affiliation,
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
from events.page_cache import CACHE_SECONDS, cache_key, newest_event_id
from events.provenance import event_provenance
from events.templatetags.marsad import display_name, local_name, month_name, reading_latin

LIST_PAGE_SIZE = 25
ENTITY_EVENTS = 50  # entity pages list this many events, then link to the filtered list


def query_string(params, **changes) -> str:
    """Return params (a QueryDict) with changes applied (None removes), always without the page number.

    Built from the pairs rather than a copy of the QueryDict: a list page links some 380 facet options, and
    QueryDict.copy() deep-copies every value (a fifth of a first visit's Python time). The order is QueryDict's:
    a changed parameter keeps its place, a new one comes last.
    """
    pairs = []
    for key, values in params.lists():
        if key == "page":
            continue
        if key in changes:
            if changes[key] is not None:
                pairs.append((key, changes[key]))
            continue
        pairs.extend((key, value) for value in values)
    pairs.extend((key, value) for key, value in changes.items() if value is not None and key not in params and key != "page")
    return f"?{urlencode(pairs)}" if pairs else "?"


class FilteredEventsMixin:
    """Builds the EventFilter from the query string, as every event-selecting view does."""

    def get_event_filter(self, queryset=None):
        return EventFilter(self.request.GET or None, queryset=queryset if queryset is not None else Event.objects.all(),
                           request=self.request)


def cached_facets(request, filterset: EventFilter, matches=lambda: None):
    """Return facet counts, cached briefly per query: facets are the costliest queries of a list page.

    matches: returns the search's matches when the caller shares them (EventFilter.counted_events), called only
    when the counts are not in the cache."""
    return cache.get_or_set(cache_key("facets", request), lambda: filterset.facets(matches()), CACHE_SECONDS)


def cached_facet_panel(request, facets) -> dict:
    """Return the list page's facet sidebar and timeline chart as HTML, cached like the counts.

    Rendering some 350 facet links costs more than the (cached) counts themselves: about 70 % of a warm list page.
    The links keep the sort order, so it is part of this key.
    """
    def render() -> dict:
        base = reverse("events:event_list")
        bars = timeline_bars(request, facets, base)
        return {
            "sidebar": str(render_to_string("includes/facets.html", {"facet_groups": facet_groups(request, facets)})),
            "timeline": str(charts.bar_chart(bars, aria_label=_("Events per period"),
                                             width=chart_width(len(bars)), height=150)),
        }

    panel = cache.get_or_set(cache_key("facet-panel", request, ignore=("page",)), render, CACHE_SECONDS)
    # Rendered here from auto-escaped templates and our own SVG builder, never from raw input.
    return {name: mark_safe(html) for name, html in panel.items()}  # noqa: S308


def chart_width(bars: int, *, widest: int = 1000) -> int:
    """Return a bar chart's width for this many bars: about 56 px a bar, so a few years do not make slabs, and a
    chart that fits a phone (up to 6 bars) is drawn at its size there, with 12 px labels."""
    return max(340, min(widest, 56 * bars + 16))


def timeline_bars(request, facets, base_url: str) -> list[charts.Bar]:
    """Return bars per year, or per month of the chosen year; each bar narrows the list to its period."""
    year = request.GET.get("year")
    if facets.months and year:
        counts = {m["value"]: m["count"] for m in facets.months}
        chosen = request.GET.get("month")
        return [charts.Bar(label=month_name(m), count=counts.get(m, 0),
                           href=base_url + query_string(request.GET, year=year, month=m),
                           current=chosen == str(m)) for m in range(1, 13)]
    bars = []
    if facets.years:
        counts = {y["value"]: y["count"] for y in facets.years}
        first, last = min(counts), max(counts)
        if last - first > 60:  # a stray date must not squeeze the chart into hairlines
            years = sorted(counts)
        else:
            years = list(range(first, last + 1))
        bars = [charts.Bar(label=str(y), count=counts.get(y, 0),
                           href=base_url + query_string(request.GET, year=y, month=None, undated=None)) for y in years]
    if facets.undated:
        # Undated events are counted too: otherwise the page says 5 events and the chart shows 2 (issue 14).
        bars.append(charts.Bar(label=_("no date"), count=facets.undated, title=_("Date unknown: %(n)s") % {
            "n": facets.undated}, href=base_url + query_string(request.GET, undated=1, year=None, month=None),
            current=request.GET.get("undated") == "1"))
    return bars


def facet_groups(request, facets) -> list[dict]:
    """Return the facets as (parameter, title, options) with each option's link and whether it is in force."""
    groups = [
        ("kind", _("Kind"), facets.kinds),
        ("year", _("Year"), [dict(o, label=str(o["value"])) for o in reversed(facets.years)]
         + ([{"value": "unknown", "label": _("Date unknown"), "count": facets.undated}] if facets.undated else [])),
        ("region", _("Region"), [dict(o, label=o["place"].name_ar, latin=o["place"].name_fr) for o in facets.regions]),
        ("city", _("City"), facets.cities),
        ("country", _("Held in"), [dict(o, label=local_name(o["country"])) for o in facets.countries]),
        ("organizer_kind", _("Organizer type"), facets.organizer_kinds),
        ("organization", _("Organizations"), facets.organizations),
        ("person", _("Persons"), facets.persons),
    ]
    out = []
    for param, title, options in groups:
        current = request.GET.get(param)
        rows = []
        for option in options:
            if param == "year" and option["value"] == "unknown":  # the bucket is its own parameter, undated=1
                active = request.GET.get("undated") == "1"
                rows.append(dict(option, active=active, href=query_string(
                    request.GET, undated=None if active else 1, year=None, month=None)))
                continue
            active = current == str(option["value"])
            changes = {param: None if active else option["value"]}
            if param == "year":
                changes["month"] = None
                changes["undated"] = None
            rows.append(dict(option, active=active, href=query_string(request.GET, **changes)))
        if rows:
            # The facets list the first FACET_LIMIT; the indexes list them all, sortable and searchable.
            see_all = {"organization": "events:organizations", "person": "events:persons", "city": "events:places",
                       "region": "events:places"}.get(param)
            out.append({"param": param, "title": title, "options": rows,
                        "see_all": reverse(see_all) + ("?kind=region" if param == "region" else "") if see_all else ""})
    return out


def chip_text(name: str, value) -> str:
    """Return a filter's value as a reader reads it (a country or place by its name in the page's language)."""
    if name in ("country", "took_part"):
        return local_name(value)
    if name in ("region", "city", "organization", "person"):
        return display_name(value)
    if name == "month":
        return month_name(value)
    return str(value)


def filter_title(base: str, chips) -> str:
    """Return a page title naming the filters in force: "Events · Search: forum · Year: 2024"."""
    parts = [base, *(f"{label}: {chip_text(name, value)}" for name, label, value, _url in chips)]
    return " · ".join(parts)


def _chips(request, filterset) -> list:
    return [(name, label, value, "") for name, label, value in filterset.active_filters()]


def page_rows(page_queryset) -> list:
    """Return one page of a sorted event list in two steps: the page's ids, then those rows with what they print.

    A filter through a link table (an organization, a person, an organizer type) can select thousands of events
    while PostgreSQL expects a few dozen; in one query it then joins places and countries to every one of them
    before sorting (355 ms for "organizer type: ministry" at 100,000 events). Sorting bare ids first, then
    reading 25 full rows, keeps the page at a few milliseconds whatever the estimate.
    """
    return rows_in_order(list(page_queryset.values_list("pk", flat=True)))


def rows_in_order(ids: list[int]) -> list:
    """Return the listed events in the order of ids, with what a card prints (an event deleted since is skipped)."""
    rows = Event.objects.for_listing().in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


class KnownCountPaginator(Paginator):
    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property


class EventListView(FilteredEventsMixin, FilterView):
    """The home page: filters, facet counts, chips, the timeline and one page of events."""

    filterset_class = EventFilter
    template_name = "events/event_list.html"
    paginate_by = LIST_PAGE_SIZE
    strict = False  # an invalid value is reported on the page and the other filters still apply

    def get_queryset(self):
        return Event.objects.for_listing()

    def get(self, request, *args, **kwargs):
        if any(value == "" for _key, value in request.GET.items()):
            # Clean shareable addresses: a form sent without static/js/clean-forms.js lands on the same page
            # without its empty fields (?q=forum&year= → ?q=forum).
            cleaned = request.GET.copy()
            for key in [k for k, values in request.GET.lists() if all(v == "" for v in values)]:
                del cleaned[key]
            return redirect(request.path + (f"?{cleaned.urlencode()}" if cleaned else ""))
        self.filterset = self.get_filterset(self.get_filterset_class())
        with contextlib.ExitStack() as self.request_scope:
            self.facets = cached_facets(request, self.filterset, self.shared_matches)
            # Pages are numbered over the known total; the rows of the asked page come from page_ids().
            self.object_list = range(self.total)
            return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    _matches = None

    def shared_matches(self):
        """A search's matches, found once for the facets and the page of results when either is computed (neither is
        when both are cached). Matching the words again for the page's ids cost as much as the first time: on SQLite
        170 ms for a word in every event (the trigram index); on PostgreSQL 420 ms, as the planner, blind to the
        cost of reading each tsvector, hashed every match from a sequential scan of them."""
        if not self.filterset.cleaned("q"):
            return None
        if self._matches is None:
            self._matches = self.request_scope.enter_context(self.filterset.counted_events())
        return self._matches

    @property
    def total(self) -> int:
        return sum(k["count"] for k in self.facets.kinds)

    def paginate_queryset(self, queryset, page_size):
        # Every event has exactly one kind, so the kind facet adds up to the total: no second COUNT over a
        # large search. get_page turns a bad or out-of-range page number into the nearest page, not a 404.
        paginator = KnownCountPaginator(queryset, page_size, count=self.total)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = rows_in_order(self.page_ids(page.number, page_size))
        q = self.filterset.cleaned("q")
        if q:
            found = search.snippets(page.object_list, self.filterset.search)
            for event in page.object_list:
                event.snippet = found.get(event.pk, "")
        return paginator, page, page.object_list, page.has_other_pages()

    def page_ids(self, number: int, page_size: int) -> list[int]:
        """Return the ids on this page, cached like the facets: a warm page neither searches nor sorts again."""
        def read() -> tuple[list[int], bool]:
            matches = self.shared_matches()
            many = self.total > search.rank_limit()
            if matches is None:
                events = self.filterset.qs
            elif matches.misses_sql:
                events = search.outside_misses(self.filterset.without_search())  # the few misses, not every match
            else:
                events = search.among_matches(Event.objects.all(), many=many)
            ordered = self.filterset.ordered(events, matches=self.total)
            first = (number - 1) * page_size
            return list(ordered.values_list("pk", flat=True)[first:first + page_size]), self.filterset.relevance_skipped

        key = cache_key("page-ids", self.request, ignore=("page",)) + f":{number}"
        ids, self.relevance_skipped = cache.get_or_set(key, read, CACHE_SECONDS)
        return ids

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panel = cached_facet_panel(self.request, self.facets)
        chips = [(name, label, value, query_string(self.request.GET, **{name: None}))
                 for name, label, value in self.filterset.active_filters()]
        q = self.filterset.cleaned("q")
        context.update(
            facets=self.facets,
            facet_sidebar=panel["sidebar"],
            chips=chips,
            # The title names the filters: every list page had the same <title> (issue 14).
            page_title=filter_title(_("Events"), chips),
            search_key=hashlib.sha256(q.encode()).hexdigest()[:16] if q else "",
            timeline=panel["timeline"],
            sort=self.filterset.sort_order,
            searching=bool(self.filterset.cleaned("q")),
            relevance_skipped=self.relevance_skipped,
            rank_limit=search.rank_limit(),
            query=query_string(self.request.GET),
        )
        return context


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    queryset = Event.objects.with_related().defer("search_text").prefetch_related(
        Prefetch("organization_links",
                 queryset=EventOrganization.objects.select_related("organization").order_by("role", "id")),
        Prefetch("person_links", queryset=EventPerson.objects.select_related("person", "organization").order_by("id")),
        Prefetch("country_links", queryset=EventCountry.objects.select_related("country")),
        Prefetch("figures", queryset=Figure.objects.order_by("span_start", "id")),
        "articles",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        links = list(event.organization_links.all())
        sourced = [*links, *event.person_links.all(), *event.country_links.all(), *event.figures.all()]
        sentences = defaultdict(set)
        for link in sourced:
            if link.article_id and link.sentence:
                sentences[link.article_id].add(link.sentence)
        context["provenance"] = event_provenance(event, sourced)
        context.update(
            organizers=[link for link in links if link.role == EventOrganization.Role.ORGANIZER],
            other_organizations=[link for link in links if link.role != EventOrganization.Role.ORGANIZER],
            sources=[(article, sorted(sentences.get(article.pk, ()))) for article in event.articles.all()],
            region=event.place if event.place and event.place.kind == Place.Kind.REGION else (
                event.place.region if event.place else None),
        )
        return context


def _events_per_year(events_qs, list_url: str) -> list[charts.Bar]:
    rows = (events_qs.order_by().filter(start_date__isnull=False).annotate(y=ExtractYear("start_date"))
            .values("y").annotate(n=Count("pk")).order_by("y"))
    return [charts.Bar(label=str(r["y"]), count=r["n"], href=f"{list_url}&year={r['y']}") for r in rows]


def _with_filter(param: str, value) -> str:
    return f"{reverse('events:event_list')}?{param}={value}"


class OrganizationDetailView(DetailView):
    template_name = "events/organization_detail.html"
    queryset = Organization.objects.select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        events = Event.objects.with_organization(org)
        event_ids = EventOrganization.objects.filter(organization=org).values("event_id")
        list_url = _with_filter("organization", org.pk)
        affiliations = Affiliation.objects.filter(organization=org).select_related("person").order_by("person__name")
        context.update(
            list_url=list_url,
            # Lazy: the template caches the sections that print these, and on a hit they are never read.
            events=SimpleLazyObject(
                lambda: page_rows(events.order_by(F("start_date").desc(nulls_last=True), "-id")[:ENTITY_EVENTS])),
            persons=affiliations[:ENTITY_EVENTS],
            figures=Figure.objects.filter(event__in=event_ids).select_related("event", "article")
            .order_by("-year", "id")[:50],
        )

        def summarize() -> dict:
            """Counts over all its events: an organization can be in thousands (issue 6); cached like facets."""
            return {
                "event_count": events.count(),
                "person_count": affiliations.count(),
                "roles": list(EventOrganization.objects.filter(organization=org).values("role")
                              .annotate(n=Count("pk")).order_by("-n")),
                "timeline": str(charts.bar_chart(_events_per_year(events, list_url),
                                                 aria_label=_("Events per year"), height=140)),
                "partners": list(EventOrganization.objects.filter(event__in=event_ids).exclude(organization=org)
                                 .values("organization_id", "organization__name", "organization__name_latin")
                                 .annotate(n=Count("event_id", distinct=True))
                                 .order_by("-n", "organization__name")[:20]),
            }

        summary = cache.get_or_set(cache_key(f"organization:{org.pk}", self.request, ignore=()), summarize,
                                   CACHE_SECONDS)
        context.update(summary, timeline=mark_safe(summary["timeline"]),  # noqa: S308 - our SVG builder's output
                       newest_event=newest_event_id(self.request))
        return context


class PersonDetailView(DetailView):
    template_name = "events/person_detail.html"
    model = Person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        links = (EventPerson.objects.filter(person=person)
                 .select_related("event", "event__place", "event__country", "organization")
                 .order_by(F("event__start_date").desc(nulls_last=True), "-id"))
        affiliations = Affiliation.objects.filter(person=person).select_related("organization")
        organizations = Organization.objects.filter(
            Q(pk__in=affiliations.values("organization_id")) | Q(pk__in=links.values("organization_id"))
        ).order_by("name")
        # All lazy: the template caches the sections that print them (a hit reads none). A person in thousands of
        # events can be tied to hundreds of organizations: the first 50 and their number.
        context.update(
            list_url=_with_filter("person", person.pk),
            links=links[:ENTITY_EVENTS],
            event_count=SimpleLazyObject(links.count),
            affiliations=affiliations,
            organizations=organizations[:ENTITY_EVENTS],
            organization_count=SimpleLazyObject(organizations.count),
            newest_event=newest_event_id(self.request),
        )
        return context


class CountryDetailView(DetailView):
    template_name = "events/country_detail.html"
    model = Country
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_object(self, queryset=None):
        try:
            return Country.objects.get(code=self.kwargs["code"].upper())
        except Country.DoesNotExist as exc:
            raise Http404(_("No country with this code.")) from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        held = Event.objects.held_in(country)
        took_part = Event.objects.with_country(country)
        order = (F("start_date").desc(nulls_last=True), "-id")
        # Lists and counts are lazy: the template caches the sections that print them (a hit reads none).
        context.update(
            held=held.with_related().order_by(*order)[:ENTITY_EVENTS], held_count=SimpleLazyObject(held.count),
            held_url=_with_filter("country", country.code),
            took_part=took_part.with_related().order_by(*order)[:ENTITY_EVENTS],
            took_part_count=SimpleLazyObject(took_part.count),
            took_part_url=_with_filter("took_part", country.code),
            newest_event=newest_event_id(self.request),
        )
        return context


class PlaceDetailView(DetailView):
    template_name = "events/place_detail.html"
    queryset = Place.objects.select_related("region", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        is_region = place.kind == Place.Kind.REGION
        events = Event.objects.in_region(place) if is_region else Event.objects.filter(place=place)
        list_url = _with_filter("region" if is_region else "city", place.pk)
        point_map = ""
        if place.latitude is not None and place.longitude is not None:
            point = charts.Point(place.name_ar, place.latitude, place.longitude, 1, place.get_absolute_url())
            if place.country.code == "MA":
                point_map = charts.morocco_map(
                    [{"place": None, "count": 0, "href": ""} for _r in charts.region_outlines()], [point],
                    aria_label=_("Position on the map of Morocco"), width=320)
            else:
                point_map = charts.abroad_map([point], aria_label=_("Position"), width=320)
        context.update(
            list_url=list_url,
            event_count=SimpleLazyObject(events.count),  # lazy, as on the country page
            events=events.with_related().order_by(F("start_date").desc(nulls_last=True), "-id")[:ENTITY_EVENTS],
            point_map=point_map,
            newest_event=newest_event_id(self.request),
        )
        return context


class TimelineView(FilteredEventsMixin, TemplateView):
    template_name = "events/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_event_filter()
        facets = cached_facets(self.request, filterset)
        base = reverse("events:timeline")
        bars = timeline_bars(self.request, facets, base)
        context.update(page_title=filter_title(_("Timeline"), _chips(self.request, filterset)),
                       filter=filterset, chart=charts.bar_chart(bars, aria_label=_("Events per period"),
                                                                width=chart_width(len(bars), widest=720)), bars=bars,
                       query=query_string(self.request.GET),
                       year=filterset.cleaned("year"))
        return context


class MapView(FilteredEventsMixin, TemplateView):
    template_name = "events/map.html"

    @staticmethod
    def placed_counts(events) -> tuple[list[dict], int]:
        """Events per place with coordinates, and the number of events without a place."""
        rows = list(events.filter(place__latitude__isnull=False, place__longitude__isnull=False)
                    .values("place_id", "place__name_ar", "place__name_fr", "place__latitude", "place__longitude",
                            "place__country__code")
                    .annotate(n=Count("pk")))
        return rows, events.filter(place__isnull=True).count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_event_filter()
        with filterset.counted_events() as events:
            # One table of a search's matches for the region counts (when not cached) and the places below.
            facets = cached_facets(self.request, filterset, lambda: events)
            rows, unplaced = self.placed_counts(events.order_by())
        region_places = [r["place"] for r in facets.regions]
        counts = {r["value"]: r["count"] for r in facets.regions}
        list_url = reverse("events:event_list")
        regions = []
        for outline in charts.region_outlines():
            place = charts.match_region(outline, region_places)
            regions.append({"place": place, "count": counts.get(place.pk, 0) if place else 0,
                            "href": list_url + query_string(self.request.GET, region=place.pk) if place else ""})
        home, abroad = [], []
        for r in rows:
            label = (r["place__name_fr"] or r["place__name_ar"]) if reading_latin() else r["place__name_ar"]
            point = charts.Point(label, r["place__latitude"], r["place__longitude"], r["n"],
                                 list_url + query_string(self.request.GET, city=r["place_id"]))
            (home if r["place__country__code"] == "MA" else abroad).append(point)
        context.update(
            page_title=filter_title(_("Map"), _chips(self.request, filterset)),
            filter=filterset, query=query_string(self.request.GET),
            morocco=charts.morocco_map(regions, home, aria_label=_("Map of Morocco with event places")),
            abroad=charts.abroad_map(abroad, aria_label=_("Events outside Morocco")),
            countries=[c for c in facets.countries if c["value"] != "MA"],
            regions=[r for r in regions if r["count"]], unplaced=unplaced, home_count=sum(p.count for p in home),
        )
        return context


def _export_filter(request):
    filterset = EventFilter(request.GET or None, queryset=Event.objects.all(), request=request)
    return filterset, filterset.ordered(filterset.qs)


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv(request):
    filterset, events = _export_filter(request)
    response = StreamingHttpResponse(exports.csv_lines(events, base_url(request)), content_type="text/csv; charset=utf-8")
    return _attachment(response, exports.export_filename("events", filterset, "csv"))


def export_json(request):
    filterset, events = _export_filter(request)
    query = {k: v for k, v in request.GET.items() if k != "page"}
    response = StreamingHttpResponse(exports.json_chunks(events, base_url(request), query=query),
                                     content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # a read-only public API
    # inline: the API answers in the browser; a download still gets a file name that says what it holds
    response["Content-Disposition"] = f'inline; filename="{exports.export_filename("events", filterset, "json")}"'
    return response


def export_ics(request):
    filterset, events = _export_filter(request)
    response = StreamingHttpResponse(exports.ics_lines(events, base_url(request)),
                                     content_type="text/calendar; charset=utf-8")
    return _attachment(response, exports.export_filename("events", filterset, "ics"))
