"""Admin for curation: every edit marks the record curated, deletions of links are remembered, duplicates merge."""
from __future__ import annotations

from contextvars import ContextVar

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import (
    Affiliation,
    Article,
    Country,
    DuplicateCandidate,
    Event,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)

# The CSRF token of the changelist being rendered, for the one-click merge forms (per request, thread-safe).
_csrf_token: ContextVar[str] = ContextVar("csrf_token", default="")


def article_link(obj):
    if not obj.article_id:
        return "—"
    url = reverse("admin:events_article_change", args=[obj.article_id])
    return format_html('<a href="{}">{}</a>', url, obj.article)


article_link.short_description = _("article")


class CuratingAdmin(admin.ModelAdmin):
    """Marks what a person saves as curated, and remembers links deleted from inlines."""

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "curated"):
            obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        services.reject_links(formset.deleted_objects)
        for instance in instances:
            if hasattr(instance, "curated"):
                instance.curated = True
            instance.save()
        formset.save_m2m()


class LinkAdmin(CuratingAdmin):
    """Standalone admin of a link model: deleting remembers the rejection."""

    def delete_model(self, request, obj):
        services.reject_links([obj])

    def delete_queryset(self, request, queryset):
        services.reject_links(list(queryset))


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


@admin.register(Event)
class EventAdmin(CuratingAdmin):
    list_display = ("title", "kind", "start_date", "date_precision", "place", "country", "curated", "updated_at")
    list_filter = ("kind", "date_precision", "curated", "country")
    search_fields = ("title", "summary", "venue", "search_text")
    date_hierarchy = "start_date"
    autocomplete_fields = ("place", "country")
    filter_horizontal = ("articles",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [EventOrganizationInline, EventPersonInline, EventCountryInline, FigureInline]
    list_select_related = ("place", "country")
    readonly_fields = ("created_at", "updated_at")


class AffiliationInline(ProvenanceInline):
    model = Affiliation
    fk_name = "organization"
    autocomplete_fields = ("person",)
    fields = ("person", "role", "curated", article_link, "sentence")


@admin.action(description=_("Merge the selected records into the first one"))
def merge_selected(modeladmin, request, queryset):
    records = list(queryset.order_by("pk"))
    if len(records) < 2:
        modeladmin.message_user(request, _("Select at least two records to merge."), messages.WARNING)
        return
    keep, *duplicates = records
    modeladmin.merge(keep, duplicates)
    modeladmin.message_user(
        request, _("Merged %(count)d records into “%(name)s”.") % {"count": len(duplicates), "name": keep},
        messages.SUCCESS,
    )


@admin.register(Organization)
class OrganizationAdmin(CuratingAdmin):
    list_display = ("name", "acronym", "kind", "country", "event_count", "curated")
    list_filter = ("kind", "curated", "country")
    search_fields = ("name", "name_key", "acronym", "name_latin", "aliases")
    autocomplete_fields = ("country",)
    actions = [merge_selected]
    inlines = [AffiliationInline]
    readonly_fields = ("name_key", "created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country").annotate(n_events=Count("event_links"))

    @admin.display(description=_("events"), ordering="n_events")
    def event_count(self, obj):
        return obj.n_events

    def merge(self, keep, duplicates):
        services.merge_organizations(keep, duplicates)


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
    readonly_fields = ("name_key", "created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_events=Count("event_links"))

    @admin.display(description=_("events"), ordering="n_events")
    def event_count(self, obj):
        return obj.n_events

    def merge(self, keep, duplicates):
        services.merge_persons(keep, duplicates)


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
    list_filter = ("curated", "country")
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
    list_filter = ("kind", "country")
    search_fields = ("name_ar", "name_fr", "name_key", "aliases")
    autocomplete_fields = ("region", "country")
    list_select_related = ("region", "country")


@admin.register(RejectedLink)
class RejectedLinkAdmin(admin.ModelAdmin):
    list_display = ("kind", "event", "target_key", "created_at")
    list_filter = ("kind",)
    search_fields = ("target_key", "event__title")
    autocomplete_fields = ("event",)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    """Likely duplicates the loader did not merge on its own: one click merges the pair."""

    list_display = ("first_name", "second_name", "entity_type", "similarity", "status", "merge_button")
    list_filter = ("entity_type", "status")
    search_fields = ("first_name", "second_name")
    readonly_fields = ("entity_type", "first_id", "second_id", "first_name", "second_name", "similarity")

    @admin.display(description=_("merge"))
    def merge_button(self, obj):
        if obj.status != DuplicateCandidate.Status.OPEN:
            return "—"
        url = reverse("admin:events_duplicatecandidate_merge", args=[obj.pk])
        return format_html(
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button">{}</button></form>',
            url, _csrf_token.get(), _("Merge into the first"),
        )

    def changelist_view(self, request, extra_context=None):
        token = _csrf_token.set(get_token(request))
        try:
            return super().changelist_view(request, extra_context)
        finally:
            _csrf_token.reset(token)

    def get_urls(self):
        return [
            path("<int:pk>/merge/", self.admin_site.admin_view(self.merge_view),
                 name="events_duplicatecandidate_merge"),
            *super().get_urls(),
        ]

    def merge_view(self, request, pk):
        candidate = get_object_or_404(DuplicateCandidate, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, candidate):
            return HttpResponseRedirect(reverse("admin:events_duplicatecandidate_changelist"))
        model, merge = (
            (Organization, services.merge_organizations)
            if candidate.entity_type == DuplicateCandidate.EntityType.ORGANIZATION
            else (Person, services.merge_persons)
        )
        keep = model.objects.filter(pk=candidate.first_id).first()
        dup = model.objects.filter(pk=candidate.second_id).first()
        with transaction.atomic():
            if keep and dup:
                merge(keep, [dup])
                self.message_user(request, _("Merged “%(dup)s” into “%(keep)s”.") % {"dup": dup, "keep": keep})
            else:
                self.message_user(request, _("One of the two records no longer exists."), messages.WARNING)
            candidate.status = DuplicateCandidate.Status.MERGED
            candidate.save(update_fields=["status", "updated_at"])
        return HttpResponseRedirect(reverse("admin:events_duplicatecandidate_changelist"))


@admin.register(NameAlias)
class NameAliasAdmin(admin.ModelAdmin):
    """The loader's index of names; read-only, it follows the organizations and persons it points at."""

    list_display = ("key", "kind", "organization", "person")
    list_filter = ("kind",)
    search_fields = ("key",)
    list_select_related = ("organization", "person")
    readonly_fields = ("key", "head", "kind", "organization", "person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
