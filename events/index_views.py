"""Index pages of organizations, persons and places: a sortable, searchable, paginated table with CSV and JSON.

The views read and validate the query string; what is listed and in which order is events/indexes.py.
"""
from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from events import index_exports, indexes
from events.models import Affiliation
from events.templatetags.marsad import reading_latin
from events.views import base_url

PAGE_SIZE = 50
TITLES = {"organizations": gettext_lazy("Organizations"), "persons": gettext_lazy("Persons"),
          "places": gettext_lazy("Places")}


def index_params(request, index: indexes.Index) -> tuple[dict, list[str]]:
    """Return the valid parameters (q, letter, kind, sort) and a notice for each invalid one."""
    get = request.GET
    notices = []
    params = {"q": get.get("q", "").strip()[:200], "letter": get.get("letter", "").strip(), "kind": "", "sort": "name"}
    letter = params["letter"]
    if letter and letter not in indexes.ARABIC_LETTERS and letter.upper() not in indexes.LATIN_LETTERS:
        notices.append(_("“%(value)s” is not a letter of the alphabet; all names are listed.") % {"value": letter[:20]})
        params["letter"] = ""
    kind = get.get("kind", "")
    if kind:
        if index.kinds and kind in dict(index.kinds):
            params["kind"] = kind
        else:
            notices.append(_("“%(value)s” is not a kind of this list; all kinds are listed.") % {"value": kind[:40]})
    sort = get.get("sort", "")
    if sort:
        if sort in indexes.SORTS:
            params["sort"] = sort
        else:
            notices.append(_("“%(value)s” is not a sort order; the list is sorted by name.") % {"value": sort[:40]})
    return params, notices


def index_records(request, slug: str):
    index = indexes.INDEXES.get(slug)
    if index is None:
        raise Http404
    params, notices = index_params(request, index)
    records = indexes.narrow(index.records(), q=params["q"], letter=params["letter"], kind=params["kind"])
    return index, params, notices, indexes.sorted_by(records, params["sort"], index.name_field)


class IndexView(TemplateView):
    template_name = "events/index.html"
    slug = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index, params, notices, records = index_records(self.request, self.slug)
        if self.slug == "persons":
            # One query for the page's roles: the kind column of a person is where they speak from.
            records = records.prefetch_related(Prefetch(
                "affiliations", queryset=Affiliation.objects.select_related("organization").order_by("id")))
        page = Paginator(records, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        indexes.attach_date_precisions(page.object_list, self.slug)
        latin = reading_latin()
        query = {k: v for k, v in params.items() if v and not (k == "sort" and v == "name")}
        context.update(
            index=index, slug=self.slug, title=TITLES[self.slug], params=params, notices=notices,
            page_obj=page, paginator=page.paginator, is_paginated=page.has_other_pages(), records=page.object_list,
            # Both alphabets: Arabic names by their first Arabic letter, Latin names (fewer) by theirs; the
            # reader's own script first.
            letters=[indexes.LATIN_LETTERS, indexes.ARABIC_LETTERS] if latin else [indexes.ARABIC_LETTERS,
                                                                                  indexes.LATIN_LETTERS],
            kinds=index.kinds, sorts=self.sort_links(params), query=query,
        )
        return context

    def sort_links(self, params) -> dict:
        """For each column: the sort its header link asks for (toggling the current one) and its state."""
        out = {}
        for column in ("name", "events", "first", "last"):
            current = params["sort"].lstrip("-") == column
            descending = params["sort"].startswith("-")
            default_desc = column == "events"
            asked = (f"{'' if descending else '-'}{column}" if current
                     else f"{'-' if default_desc else ''}{column}")
            out[column] = {"sort": asked, "current": current,
                           "aria": ("descending" if descending else "ascending") if current else "none"}
        return out


def _file_name(slug: str, params: dict, extension: str) -> str:
    parts = [f"marsad-{slug}"] + [f"{k}-{v}" for k, v in params.items()
                                  if v and k in ("letter", "kind") and v.isascii()]
    return "-".join(parts) + f"-{timezone.localdate():%Y-%m-%d}.{extension}"


def index_csv(request, slug: str):
    _index, params, _notices, records = index_records(request, slug)
    response = StreamingHttpResponse(index_exports.csv_lines(records, base_url(request)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(slug, params, "csv")}"'
    return response


def index_json(request, slug: str):
    _index, params, _notices, records = index_records(request, slug)
    query = {k: v for k, v in params.items() if v}
    response = StreamingHttpResponse(index_exports.json_chunks(records, base_url(request), index=slug, query=query),
                                     content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
