"""Admin for curation: it shows and asks; every change goes through events.curation (merges, undo, review, audit).

Every edit marks the record curated and is recorded in the audit trail; deletions of links are remembered;
merges are confirmed on a page that shows the records side by side, and can be undone from the kept record.
"""
from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count, OuterRef, Subquery, TextField
from django.db.models.functions import Cast
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events import curation
from events.models import (
    Affiliation,
    Article,
    AuditEntry,
    Country,
    DuplicateCandidate,
    Event,
    EventAlias,
    EventCountry,
    EventOrganization,
    EventPerson,
    EventReport,
    EventToReview,
    Figure,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)

admin.site.site_header = _("Marsad")
admin.site.site_title = _("Marsad")
admin.site.index_title = _("Curating the catalogue")
# Change pages need the width for their inlines (source sentences); the index lists every model anyway.
admin.site.enable_nav_sidebar = False
if apps.is_installed("axes"):
    # django-axes has no Arabic name: its section of the admin index would read "Axes".
    apps.get_app_config("axes").verbose_name = _("Login security")


def article_link(obj):
    if not obj.article_id:
        return "—"
    url = reverse("admin:events_article_change", args=[obj.article_id])
    return format_html('<a href="{}">{}</a>', url, obj.article)


article_link.short_description = _("article")


def change_url(obj) -> str:
    return reverse(f"admin:events_{obj._meta.model_name}_change", args=[obj.pk])


class CountriesWithRecords(admin.RelatedOnlyFieldListFilter):
    """The country filter lists the countries that appear in the list, not all 249 of the gazetteer."""


class CuratingAdmin(admin.ModelAdmin):
    """Marks what a person saves as curated, records it in the audit trail, remembers links deleted from inlines."""

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "curated"):
            obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        curation.reject_links(formset.deleted_objects)
        for instance in instances:
            if hasattr(instance, "curated"):
                instance.curated = True
            instance.save()
        formset.save_m2m()
        links = getattr(request, "_curated_links", {})
        for verb, objs in (("added", formset.new_objects), ("changed", [o for o, _fields in formset.changed_objects]),
                           ("removed", formset.deleted_objects)):
            if objs:
                links.setdefault(verb, []).extend(str(o) for o in objs)
        request._curated_links = links

    def delete_model(self, request, obj):
        curation.record(AuditEntry.Action.DELETE, obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            curation.record(AuditEntry.Action.DELETE, obj, user=request.user)
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, Event):
            curation.refresh_doubt(form.instance)  # a date or city the curator filled in is no longer a doubt
        entry = curation.record_edit(form.instance, form, user=request.user, change=change)
        links = getattr(request, "_curated_links", None)
        if links:
            if entry is None:
                entry = curation.record(AuditEntry.Action.EDIT, form.instance, user=request.user)
            entry.changes = {**entry.changes, **{f"links {verb}": [None, names] for verb, names in links.items()}}
            entry.save(update_fields=["changes"])

    # --- merge with a confirmation page, and undo, for the records that can merge -----------------------------

    merge_kind: str | None = None

    def get_urls(self):
        urls = super().get_urls()
        if not self.merge_kind:
            return urls
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("merge/", self.admin_site.admin_view(self.merge_view), name=f"{name}_merge"),
            path("undo/<int:entry_id>/", self.admin_site.admin_view(self.undo_view), name=f"{name}_undo"),
            *urls,
        ]

    def merge_view(self, request):
        """GET: the selected records side by side, choose the one to keep; POST: merge them."""
        if not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        source = request.POST if request.method == "POST" else request.GET
        try:
            ids = [int(i) for i in source.getlist("ids") if i]
        except ValueError:
            return HttpResponseBadRequest(gettext("Bad record ids."))
        records = list(self.model.objects.filter(pk__in=ids).order_by("pk"))
        changelist = reverse(f"admin:events_{self.opts.model_name}_changelist")
        if len(records) < 2:
            self.message_user(request, gettext("Select at least two records to merge."), messages.WARNING)
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            keep = next((r for r in records if str(r.pk) == source.get("keep")), None)
            if keep is None:
                return HttpResponseBadRequest(gettext("Choose the record to keep."))
            others = [r for r in records if r.pk != keep.pk]
            curation.merge(self.merge_kind, keep, others, user=request.user)
            self.message_user(request, gettext("Merged %(count)d records into “%(name)s”. The merge can be undone "
                                               "from its history below.") % {"count": len(others), "name": keep},
                              messages.SUCCESS)
            return HttpResponseRedirect(change_url(keep))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "records": self.merge_rows(records),
            "title": gettext("Merge records: choose the one to keep"), "ids": [r.pk for r in records],
            "keep_default": records[0].pk,
        }
        return TemplateResponse(request, "admin/events/merge_confirm.html", context)

    def merge_rows(self, records):
        """[(record, [(label, value)])]: what the confirmation page shows of each record."""
        return [(r, self.describe(r)) for r in records]

    def describe(self, obj) -> list[tuple[str, object]]:
        return []

    def undo_view(self, request, entry_id):
        entry = get_object_or_404(AuditEntry, pk=entry_id, target_type=self.opts.concrete_model._meta.model_name,
                                  action=AuditEntry.Action.MERGE)
        if not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        if request.method == "POST":
            try:
                curation.undo_merge(entry, user=request.user)
            except curation.UndoError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, gettext("The merge is undone: the merged records are back."),
                                  messages.SUCCESS)
            return HttpResponseRedirect(reverse(f"admin:events_{self.opts.model_name}_change", args=[entry.target_id]))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "entry": entry,
                   "title": gettext("Undo this merge?")}
        return TemplateResponse(request, "admin/events/undo_confirm.html", context)

    @admin.display(description=_("history"))
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        for entry in curation.history(obj)[:50]:
            undo = ""
            if entry.action == AuditEntry.Action.MERGE and entry.undone_at is None and self.merge_kind:
                undo = format_html(' <a class="button" href="{}">{}</a>',
                                   reverse(f"admin:events_{self.opts.model_name}_undo", args=[entry.pk]),
                                   gettext("Undo this merge"))
            elif entry.undone_at is not None:
                undo = format_html(' <span class="quiet">({})</span>', gettext("undone"))
            changes = format_html_join(
                mark_safe("; "), "{}: {} → {}",
                ((name, _short(v[0]) if isinstance(v, list) and len(v) == 2 else "",
                  _short(v[1]) if isinstance(v, list) and len(v) == 2 else _short(v))
                 for name, v in entry.changes.items()))
            rows.append(format_html('<li><time>{}</time> · {} · <strong>{}</strong> {}{}</li>',
                                    entry.created_at.strftime("%Y-%m-%d %H:%M"), entry.user or "—",
                                    entry.get_action_display(), changes, undo))
        return format_html('<ul class="audit">{}</ul>', mark_safe("".join(rows))) if rows else "—"


def _short(value) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, list):
        return ", ".join(_short(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@admin.action(description=_("Merge the selected records (choose the one to keep)"))
def merge_selected(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True)[:50])
    if len(ids) < 2:
        modeladmin.message_user(request, gettext("Select at least two records to merge."), messages.WARNING)
        return None
    query = "&".join(f"ids={i}" for i in ids)
    return HttpResponseRedirect(f"{reverse(f'admin:events_{modeladmin.opts.model_name}_merge')}?{query}")


class LinkAdmin(CuratingAdmin):
    """Standalone admin of a link model: deleting remembers the rejection."""

    def delete_model(self, request, obj):
        curation.reject_links([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        curation.reject_links(list(queryset), user=request.user)


class ProvenanceInline(admin.TabularInline):
    extra = 0
    readonly_fields = (article_link, "sentence", "curated")
    show_change_link = False


class EventOrganizationInline(ProvenanceInline):
    model = EventOrganization
    autocomplete_fields = ("organization",)
    fields = ("organization", "role", "curated", article_link, "sentence")


class EventPersonInline(ProvenanceInline):
    model = EventPerson
    autocomplete_fields = ("person", "organization")
    fields = ("person", "role", "organization", "curated", article_link, "sentence")


class EventCountryInline(ProvenanceInline):
    model = EventCountry
    autocomplete_fields = ("country",)
    fields = ("country", "curated", article_link, "sentence")


class FigureInline(ProvenanceInline):
    model = Figure
    fields = ("value", "unit", "about", "year", "horizon", "curated", article_link, "sentence")


class ReviewActionForm(ActionForm):
    note = forms.CharField(label=_("reason (for “needs attention”)"), required=False, max_length=300)


@admin.action(description=_("Mark reviewed (checked by a curator)"))
def mark_reviewed(modeladmin, request, queryset):
    n = curation.mark_reviewed(list(queryset), user=request.user)
    modeladmin.message_user(request, ngettext("%(n)d event marked reviewed.", "%(n)d events marked reviewed.", n)
                            % {"n": n}, messages.SUCCESS)


@admin.action(description=_("Mark as needing attention"))
def mark_attention(modeladmin, request, queryset):
    note = request.POST.get("note", "")
    n = curation.mark_attention(list(queryset), note, user=request.user)
    modeladmin.message_user(request, ngettext("%(n)d event needs attention.", "%(n)d events need attention.", n)
                            % {"n": n}, messages.SUCCESS)


def _reasons_html(obj):
    codes = obj.doubt_reasons or []
    if not codes:
        return "—"
    return format_html('<ul class="reasons">{}</ul>',
                       format_html_join("", '<li class="reason-{}">{}</li>',
                                        ((c, curation.reason_label(c)) for c in codes)))


class EventAdminBase(CuratingAdmin):
    merge_kind = "event"
    action_form = ReviewActionForm
    actions = [merge_selected, mark_reviewed, mark_attention]

    def describe(self, obj):
        places = ", ".join(filter(None, [str(obj.place or ""), str(obj.country or "")]))
        organizers = ", ".join(str(link.organization) for link in obj.organization_links.select_related(
            "organization").filter(role=EventOrganization.Role.ORGANIZER)[:10])
        return [
            (_("title"), obj.title), (_("kind"), obj.get_kind_display()),
            (_("start date"), obj.start_date or "—"), (_("end date"), obj.end_date or "—"),
            (_("place"), places or "—"), (_("organizers"), organizers or "—"),
            (_("source articles"), ", ".join(a.title or f"#{a.pk}" for a in obj.articles.all()[:10]) or "—"),
            (_("review"), obj.get_review_state_display()), (_("curated"), gettext("yes") if obj.curated else "—"),
        ]

    @admin.display(description=_("doubt"), ordering="doubt")
    def doubt_score(self, obj):
        return f"{obj.doubt:.2f}"

    @admin.display(description=_("why"))
    def reasons(self, obj):
        return _reasons_html(obj)

    @admin.display(description=_("what each article says"))
    def reports(self, obj):
        """Each source article's own values for the event, with its sentence: the provenance of the fields."""
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        for r in curation.reports_of(obj):
            confidences = ", ".join(f"{k} {v:.2f}" for k, v in sorted((r.field_confidence or {}).items()))
            why = "; ".join(f"{k}: {v}" for k, v in sorted((r.reasons or {}).items()))
            rows.append(format_html(
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td>"
                "<td class=\"sentence\">{}</td></tr>",
                reverse("admin:events_article_change", args=[r.article_id]), r.article.title or f"#{r.article_id}",
                r.title, r.start_date or "—", f" – {r.end_date}" if r.end_date else "", r.place or "—",
                confidences or f"{r.confidence:.2f}", format_html("{}<br><small>{}</small>", r.sentence, why)))
        if not rows:
            return "—"
        head = format_html("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                           gettext("article"), gettext("title"), gettext("date"), gettext("place"),
                           gettext("confidence"), gettext("sentence"))
        return format_html('<table class="reports"><thead>{}</thead><tbody>{}</tbody></table>', head,
                           mark_safe("".join(rows)))


@admin.register(Event)
class EventAdmin(EventAdminBase):
    list_display = ("title", "kind", "start_date", "date_precision", "place", "country", "review_state", "doubt_score",
                    "curated", "updated_at")
    list_filter = ("review_state", "kind", "date_precision", "curated", ("country", CountriesWithRecords))
    # search_text through the trigram index on SQLite (events.search.IndexedContains), not a LIKE over every text.
    search_fields = ("title", "summary", "venue", "search_text__indexed_contains")
    date_hierarchy = "start_date"
    autocomplete_fields = ("place", "country", "articles")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [EventOrganizationInline, EventPersonInline, EventCountryInline, FigureInline]
    list_select_related = ("place", "country")
    readonly_fields = ("doubt_score", "reasons", "reports", "history", "created_at", "updated_at")
    fieldsets = [
        (None, {"fields": ("title", "slug", "kind", ("start_date", "end_date", "date_precision"),
                           ("place", "country"), "venue", ("edition", "participant_count"), "summary", "articles")}),
        (_("review"), {"fields": (("review_state", "review_note"), ("doubt_score", "reasons"), "curated")}),
        (_("provenance"), {"fields": ("reports",)}),
        (_("history"), {"fields": ("history", ("created_at", "updated_at"))}),
    ]


class ReviewStateFilter(admin.SimpleListFilter):
    """To review by default: events not reviewed yet and those flagged; "all" shows the reviewed ones too."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("todo", _("to review")), *Event.ReviewState.choices, ("all", _("all"))]

    def choices(self, changelist):
        value = self.value() or "todo"
        for lookup, title in self.lookup_choices:
            yield {"selected": value == str(lookup), "query_string": changelist.get_query_string(
                {self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        value = self.value() or "todo"
        if value == "todo":
            return queryset.exclude(review_state=Event.ReviewState.REVIEWED)
        if value in Event.ReviewState.values:
            return queryset.filter(review_state=value)
        return queryset


class DoubtReasonFilter(admin.SimpleListFilter):
    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return [(code, label) for code, (label, _weight) in curation.REASONS.items()]

    def queryset(self, request, queryset):
        if self.value() in curation.REASONS:
            # The JSON list as text contains "code": the same on SQLite and PostgreSQL, no JSON operator needed.
            return queryset.annotate(reason_text=Cast("doubt_reasons", TextField())).filter(
                reason_text__contains=f'"{self.value()}"')
        return queryset


@admin.register(EventToReview)
class EventToReviewAdmin(EventAdmin):
    """"To review": the events most likely wrong first, each with the reasons the score gives."""

    list_display = ("title_link", "doubt_score", "reasons", "start_date", "place", "source_count", "review_state")
    list_display_links = None
    list_filter = (ReviewStateFilter, DoubtReasonFilter, "kind")
    search_fields = ("title",)
    ordering = ("-doubt", "-id")
    list_select_related = ("place",)
    list_per_page = 50
    date_hierarchy = None

    def get_queryset(self, request):
        # A correlated count, not a GROUP BY over the catalogue: only the listed page's rows are counted.
        articles = Event.articles.through.objects.filter(event_id=OuterRef("pk")).order_by().values("event_id")
        return super().get_queryset(request).defer("search_text", "summary").annotate(
            n_sources=Subquery(articles.annotate(n=Count("pk")).values("n")[:1]))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("title"), ordering="title")
    def title_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:events_event_change", args=[obj.pk]), obj.title)

    @admin.display(description=_("sources"), ordering="n_sources")
    def source_count(self, obj):
        return obj.n_sources or 0


class AffiliationInline(ProvenanceInline):
    model = Affiliation
    fk_name = "organization"
    autocomplete_fields = ("person",)
    fields = ("person", "role", "curated", article_link, "sentence")


@admin.register(Organization)
class OrganizationAdmin(CuratingAdmin):
    list_display = ("name", "acronym", "kind", "country", "event_count", "curated")
    list_filter = ("kind", "curated", ("country", CountriesWithRecords))
    search_fields = ("name", "name_key", "acronym", "name_latin", "aliases")
    autocomplete_fields = ("country",)
    actions = [merge_selected]
    inlines = [AffiliationInline]
    readonly_fields = ("name_key", "history", "created_at", "updated_at")
    merge_kind = "organization"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country").annotate(n_events=Count("event_links"))

    @admin.display(description=_("events"), ordering="n_events")
    def event_count(self, obj):
        return obj.n_events

    def describe(self, obj):
        return [(_("name"), obj.name), (_("acronym"), obj.acronym or "—"), (_("kind"), obj.get_kind_display()),
                (_("aliases"), ", ".join(obj.aliases) or "—"),
                (_("events"), obj.event_links.values("event").distinct().count()),
                (_("persons"), obj.affiliations.count()), (_("curated"), gettext("yes") if obj.curated else "—")]


class PersonAffiliationInline(ProvenanceInline):
    model = Affiliation
    fk_name = "person"
    autocomplete_fields = ("organization",)
    fields = ("role", "organization", "curated", article_link, "sentence")


@admin.register(Person)
class PersonAdmin(CuratingAdmin):
    list_display = ("name", "name_latin", "event_count", "curated", "updated_at")
    list_filter = ("curated",)
    search_fields = ("name", "name_key", "name_latin", "aliases")
    actions = [merge_selected]
    inlines = [PersonAffiliationInline]
    readonly_fields = ("name_key", "history", "created_at", "updated_at")
    merge_kind = "person"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_events=Count("event_links"))

    @admin.display(description=_("events"), ordering="n_events")
    def event_count(self, obj):
        return obj.n_events

    def describe(self, obj):
        roles = ", ".join(f"{a.role} ({a.organization or '—'})" for a in obj.affiliations.select_related(
            "organization")[:10])
        return [(_("name"), obj.name), (_("aliases"), ", ".join(obj.aliases) or "—"), (_("roles"), roles or "—"),
                (_("events"), obj.event_links.count()), (_("curated"), gettext("yes") if obj.curated else "—")]


@admin.register(Affiliation)
class AffiliationAdmin(LinkAdmin):
    list_display = ("person", "role", "organization", article_link, "curated")
    list_filter = ("curated",)
    search_fields = ("person__name", "role", "organization__name")
    autocomplete_fields = ("person", "organization", "article")
    list_select_related = ("person", "organization", "article")
    readonly_fields = ("sentence",)


@admin.register(EventOrganization)
class EventOrganizationAdmin(LinkAdmin):
    list_display = ("event", "organization", "role", article_link, "curated")
    list_filter = ("role", "curated")
    search_fields = ("event__title", "organization__name", "sentence")
    autocomplete_fields = ("event", "organization", "article")
    list_select_related = ("event", "organization", "article")
    readonly_fields = ("sentence",)


@admin.register(EventPerson)
class EventPersonAdmin(LinkAdmin):
    list_display = ("event", "person", "role", article_link, "curated")
    list_filter = ("curated",)
    search_fields = ("event__title", "person__name", "role")
    autocomplete_fields = ("event", "person", "organization", "article")
    list_select_related = ("event", "person", "article")
    readonly_fields = ("sentence",)


@admin.register(EventCountry)
class EventCountryAdmin(LinkAdmin):
    list_display = ("event", "country", article_link, "curated")
    list_filter = ("curated", ("country", CountriesWithRecords))
    search_fields = ("event__title", "country__name_ar", "country__code")
    autocomplete_fields = ("event", "country", "article")
    list_select_related = ("event", "country", "article")
    readonly_fields = ("sentence",)


@admin.register(Figure)
class FigureAdmin(LinkAdmin):
    list_display = ("value", "unit", "about", "year", "event", article_link, "curated")
    list_filter = ("curated", "year", "unit_key")
    search_fields = ("unit", "about", "sentence", "quantity")
    autocomplete_fields = ("event", "article")
    list_select_related = ("event", "article")
    readonly_fields = ("sentence", "span_start", "span_end")


class ArticleEventOrganizationInline(EventOrganizationInline):
    autocomplete_fields = ("event", "organization")
    fields = ("event", "organization", "role", "curated", "sentence")
    readonly_fields = ("sentence", "curated")


class ArticleEventPersonInline(EventPersonInline):
    autocomplete_fields = ("event", "person", "organization")
    fields = ("event", "person", "role", "curated", "sentence")
    readonly_fields = ("sentence", "curated")


class ArticleEventCountryInline(EventCountryInline):
    autocomplete_fields = ("event", "country")
    fields = ("event", "country", "curated", "sentence")
    readonly_fields = ("sentence", "curated")


class ArticleFigureInline(FigureInline):
    fields = ("value", "unit", "about", "year", "event", "curated", "sentence")
    readonly_fields = ("sentence", "curated")
    autocomplete_fields = ("event",)


class ArticleAffiliationInline(ProvenanceInline):
    model = Affiliation
    fk_name = "article"
    autocomplete_fields = ("person", "organization")
    fields = ("person", "role", "organization", "curated", "sentence")
    readonly_fields = ("sentence", "curated")


@admin.register(Article)
class ArticleAdmin(CuratingAdmin):
    """An article shows everything extracted from it; links edited in its inlines become curated."""

    list_display = ("title", "source_name", "published", "extractor_version", "loaded_at")
    list_filter = ("source_name", "extractor_version")
    search_fields = ("title", "url", "search_text", "file_name")
    date_hierarchy = "loaded_at"
    readonly_fields = ("content_hash", "extractor_version", "loaded_at", "file_name", "extracted_events")
    inlines = [
        ArticleEventOrganizationInline, ArticleEventPersonInline, ArticleEventCountryInline,
        ArticleFigureInline, ArticleAffiliationInline,
    ]

    @admin.display(description=_("events"))
    def extracted_events(self, obj):
        events = [(reverse("admin:events_event_change", args=[e.pk]), e.title) for e in obj.events.all()]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', events) if events else "—"


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en")
    search_fields = ("code", "name_ar", "name_fr", "name_en", "aliases")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name_ar", "name_fr", "kind", "region", "country", "latitude", "longitude")
    list_filter = ("kind", ("country", CountriesWithRecords))
    search_fields = ("name_ar", "name_fr", "name_key", "aliases")
    autocomplete_fields = ("region", "country")
    list_select_related = ("region", "country")


@admin.register(RejectedLink)
class RejectedLinkAdmin(admin.ModelAdmin):
    list_display = ("kind", "event", "target_key", "article", "created_at")
    list_filter = ("kind",)
    search_fields = ("target_key", "event__title")
    autocomplete_fields = ("event", "article")


class CandidateStatusFilter(admin.SimpleListFilter):
    """Open pairs by default: merged and dismissed ones are answered."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*DuplicateCandidate.Status.choices, ("all", _("all"))]

    def choices(self, changelist):
        value = self.value() or DuplicateCandidate.Status.OPEN
        for lookup, title in self.lookup_choices:
            yield {"selected": value == str(lookup), "query_string": changelist.get_query_string(
                {self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        value = self.value() or DuplicateCandidate.Status.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    """Likely duplicates the loader did not merge on its own: one click merges the pair or dismisses it.

    The buttons belong to one form outside the changelist's form (the HTML form attribute): a form nested in
    another is dropped by the browser, and its merge answered 403.
    """

    list_display = ("first_record", "second_record", "entity_type", "similarity", "status", "answer")
    list_display_links = None
    list_filter = (CandidateStatusFilter, "entity_type")
    search_fields = ("first_name", "second_name")
    readonly_fields = ("entity_type", "first_id", "second_id", "first_name", "second_name", "similarity")
    change_list_template = "admin/events/duplicatecandidate/change_list.html"

    def _record_link(self, candidate, pk, name):
        model = curation.CANDIDATE_MODELS[candidate.entity_type]
        return format_html('<a href="{}">{}</a>', reverse(f"admin:events_{model._meta.model_name}_change", args=[pk]),
                           name)

    @admin.display(description=_("first"), ordering="first_name")
    def first_record(self, obj):
        return self._record_link(obj, obj.first_id, obj.first_name)

    @admin.display(description=_("second"), ordering="second_name")
    def second_record(self, obj):
        return self._record_link(obj, obj.second_id, obj.second_name)

    @admin.display(description=_("answer"))
    def answer(self, obj):
        if obj.status != DuplicateCandidate.Status.OPEN:
            return "—"
        return format_html(
            '<button type="submit" class="button" form="candidate-answer" formaction="{}">{}</button> '
            '<button type="submit" class="button" form="candidate-answer" formaction="{}">{}</button>',
            reverse("admin:events_duplicatecandidate_merge", args=[obj.pk]), gettext("Merge into the first"),
            reverse("admin:events_duplicatecandidate_dismiss", args=[obj.pk]), gettext("Not a duplicate"),
        )

    def get_urls(self):
        return [
            path("<int:pk>/merge/", self.admin_site.admin_view(self.merge_view),
                 name="events_duplicatecandidate_merge"),
            path("<int:pk>/dismiss/", self.admin_site.admin_view(self.dismiss_view),
                 name="events_duplicatecandidate_dismiss"),
            *super().get_urls(),
        ]

    def _back(self, request):
        back = request.POST.get("next", "")
        changelist = reverse("admin:events_duplicatecandidate_changelist")
        return HttpResponseRedirect(back if back.startswith(changelist) else changelist)

    def merge_view(self, request, pk):
        candidate = get_object_or_404(DuplicateCandidate, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, candidate):
            return self._back(request)
        first, second = curation.candidate_records(candidate)
        curation.merge_candidate(candidate, user=request.user)
        if first is not None and second is not None:
            self.message_user(request, gettext("Merged “%(dup)s” into “%(keep)s”.") % {"dup": second, "keep": first})
        else:
            self.message_user(request, gettext("One of the two records no longer exists."), messages.WARNING)
        return self._back(request)

    def dismiss_view(self, request, pk):
        candidate = get_object_or_404(DuplicateCandidate, pk=pk)
        if request.method == "POST" and self.has_change_permission(request, candidate):
            curation.dismiss_candidate(candidate, user=request.user)
            self.message_user(request, gettext("“%(a)s” and “%(b)s” are not duplicates: the pair will not be "
                                               "proposed again.") % {"a": candidate.first_name,
                                                                     "b": candidate.second_name})
        return self._back(request)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NameAlias)
class NameAliasAdmin(ReadOnlyAdmin):
    """The loader's index of names; read-only, it follows the organizations and persons it points at."""

    list_display = ("key", "kind", "organization", "person")
    list_filter = ("kind",)
    search_fields = ("key",)
    list_select_related = ("organization", "person")
    readonly_fields = ("key", "head", "kind", "organization", "person")


@admin.register(EventAlias)
class EventAliasAdmin(ReadOnlyAdmin):
    """The titles each event is found under by the loader (extracted, curated, merged)."""

    list_display = ("title", "key", "source", "event")
    list_filter = ("source",)
    search_fields = ("key", "title")
    list_select_related = ("event",)


@admin.register(EventReport)
class EventReportAdmin(ReadOnlyAdmin):
    list_display = ("event", article_link, "start_date", "place", "confidence")
    search_fields = ("event__title", "title", "sentence")
    list_select_related = ("event", "article", "place")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: who did what to which record, when."""

    list_display = ("created_at", "user", "action", "target_type", "target", "undone_at")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr",)
    readonly_fields = ("created_at", "user", "action", "target_type", "target_id", "target_repr", "changes",
                       "undone_at")
    exclude = ("undo",)

    @admin.display(description=_("record"))
    def target(self, obj):
        try:
            url = reverse(f"admin:events_{obj.target_type}_change", args=[obj.target_id])
        except Exception:  # noqa: BLE001 - a record type without an admin page: its name only
            return obj.target_repr
        return format_html('<a href="{}">{}</a>', url, obj.target_repr)
