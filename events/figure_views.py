"""The figures page (every figure with its source, and figures of the same quantity compared over time) and the
figures exports (CSV, JSON).

Grouping lives in events/figure_groups.py, the streamed exports in events/exports.py; this module configures.
"""
from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.http import StreamingHttpResponse
from django.utils.functional import SimpleLazyObject
from django_filters.views import FilterView

from events import exports
from events.figure_groups import SHOWN, figure_groups
from events.filters import FigureFilter, figure_units
from events.models import Figure
from events.page_cache import cache_key
from events.views import base_url, query_string


class FigureListView(FilterView):
    """Every figure with its source sentence, and figures about the same quantity compared over time."""

    filterset_class = FigureFilter
    template_name = "events/figure_list.html"
    paginate_by = 50
    strict = False
    COMPARE_SHOWN = SHOWN

    def get_queryset(self):
        return (Figure.objects.select_related("event", "article")
                .defer("article__body", "article__search_text", "event__search_text", "event__summary")
                .order_by(F("year").desc(nulls_last=True), "id"))

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = self.filterset.qs
        context.update(
            # Lazy: the template caches the sections that print them for a minute (a hit reads neither).
            units=SimpleLazyObject(lambda: figure_units(figures)),
            comparisons=SimpleLazyObject(lambda: figure_groups(figures, shown=self.COMPARE_SHOWN)),
            panels_key=cache_key("figure-panels", self.request),
            query=query_string(self.request.GET),
            chips=[(name, self.filterset.filters[name].label, self.chip_value(name, value),
                     query_string(self.request.GET, **{name: None}))
                   for name in self.filterset.filters
                   if name != "sort" and (value := self.filterset.cleaned(name)) not in (None, "")],
        )
        return context

    @staticmethod
    def chip_value(name: str, value):
        """A comparison key reads as what it measures ("التعاونيات بجهة سوس ماسة"), not as the key itself."""
        if name != "quantity":
            return value
        return Figure.objects.filter(quantity=value).exclude(about="").values_list("about", flat=True).first() or value


def _figure_export(request):
    filterset = FigureFilter(request.GET or None, queryset=Figure.objects.order_by(F("year").desc(nulls_last=True),
                                                                                     "id"), request=request)
    return filterset, filterset.qs


def export_figures_csv(request):
    filterset, figures = _figure_export(request)
    response = StreamingHttpResponse(exports.figure_csv_lines(figures, base_url(request)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename("figures", filterset, "csv")}"'
    return response


def export_figures_json(request):
    filterset, figures = _figure_export(request)
    query = {k: v for k, v in request.GET.items() if k != "page"}
    response = StreamingHttpResponse(exports.figure_json_chunks(figures, base_url(request), query=query),
                                     content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Disposition"] = f'inline; filename="{exports.export_filename("figures", filterset, "json")}"'
    return response
