"""The catalogue: articles, the entities extracted from them, and links that keep their provenance."""
from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.extract.figure_about import comparison_key
from events.extract.latin import latin_names
from events.extract.normalize import name_key
from events.links import object_url
from events.search import TSV_TABLE, AnyOf, IndexedContains


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Curatable(TimeStamped):
    """A record the loader writes; once a person edits it in the admin, reloads leave it alone."""

    curated = models.BooleanField(
        _("curated"), default=False, db_index=True,
        help_text=_("Set when a person edits this record; loading articles never changes a curated record."),
    )

    class Meta:
        abstract = True


class Provenance(Curatable):
    """A link that remembers which article and which sentence it was extracted from."""

    article = models.ForeignKey("Article", verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True)
    sentence = models.TextField(_("sentence"), blank=True)

    class Meta:
        abstract = True


class Article(TimeStamped):
    title = models.CharField(_("title"), max_length=500, blank=True)
    body = models.TextField(_("body"))
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, null=True, blank=True, unique=True)
    published = models.DateField(_("published"), null=True, blank=True)
    content_hash = models.CharField(
        _("content hash"), max_length=64, unique=True,
        help_text=_("SHA-256 of the normalized text without boilerplate: the same article twice has the same hash."),
    )
    extractor_version = models.CharField(_("extractor version"), max_length=20)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["published"]), models.Index(fields=["extractor_version"])]

    def __str__(self):
        return self.title or f"#{self.pk}"


class Country(TimeStamped):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=200)
    name_fr = models.CharField(_("French name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    aliases = models.JSONField(_("Arabic aliases"), default=list, blank=True)

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name_ar

    def get_absolute_url(self):
        return object_url("events:country", self.code)


class Place(TimeStamped):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        PROVINCE = "province", _("province or prefecture")
        CITY = "city", _("city")
        COMMUNE = "commune", _("commune")

    name_ar = models.CharField(_("Arabic name"), max_length=200)
    name_fr = models.CharField(_("French name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    # Every Latin form without accents ("fes" for Fès), for searching in Latin (events/extract/latin.py).
    latin_key = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "self", verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="places", limit_choices_to={"kind": "region"},
    )
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="places")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["country", "kind", "name_key"], name="place_unique_name_per_kind"),
        ]

    def __str__(self):
        return self.name_ar

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name_ar)
        self.latin_key = latin_names(self.name_ar, self.aliases, latin=self.name_fr)[1][:300]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("events:place", self.pk)


class Organization(Curatable):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        PUBLIC_AGENCY = "public_agency", _("public agency")
        ASSOCIATION = "association", _("association")
        COOPERATIVE = "cooperative", _("cooperative")
        FOUNDATION = "foundation", _("foundation")
        NETWORK = "network", _("network")
        INTERNATIONAL = "international", _("international organization")
        COMPANY = "company", _("company")
        UNIVERSITY = "university", _("university")
        LOCAL_AUTHORITY = "local_authority", _("local authority")
        POLITICAL_GROUP = "political_group", _("political group")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("normalized name"), max_length=300, editable=False)
    name_latin = models.CharField(_("Latin name"), max_length=300, blank=True)
    latin_key = models.CharField(max_length=600, editable=False, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["name_key", "kind"], name="organization_unique_name_per_kind"),
        ]
        # updated_at: the newest edit is part of the page cache's key (events/page_cache.py), read from the index.
        indexes = [models.Index(fields=["name_key"]), models.Index(fields=["acronym"]),
                   models.Index(fields=["updated_at"], name="organization_updated")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.name_latin, latin_key = latin_names(self.name, self.aliases, self.acronym, self.name_latin)
        self.name_latin, self.latin_key = self.name_latin[:300], latin_key[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("events:organization", self.pk)


class Person(Curatable):
    name = models.CharField(_("name"), max_length=200)
    # Unique: two articles naming the same person resolve to one row even when loads run concurrently.
    name_key = models.CharField(_("normalized name"), max_length=200, editable=False, unique=True)
    name_latin = models.CharField(_("Latin name"), max_length=200, blank=True)
    latin_key = models.CharField(max_length=400, editable=False, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["updated_at"], name="person_updated")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.name_latin, latin_key = latin_names(self.name, self.aliases, latin=self.name_latin, person=True)
        self.name_latin, self.latin_key = self.name_latin[:200], latin_key[:400]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("events:person", self.pk)


class Affiliation(Provenance):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(_("role"), max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="affiliations",
    )

    class Meta:
        ordering = ["person", "role"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.person} — {self.role}" if self.role else str(self.person)


class EventQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("place", "place__region", "country")

    def in_year(self, year: int):
        return self.filter(start_date__year=year)

    def in_month(self, year: int, month: int):
        return self.filter(start_date__year=year, start_date__month=month)

    def search(self, q):  # a query string or an events.search.Search
        """Events whose text or actors' names match q, tolerant of Arabic spelling (see events/search.py)."""
        from events.search import search_events

        return search_events(self, q)

    def by_relevance(self, q):  # a query string or an events.search.Search
        from events.search import order_by_relevance

        return order_by_relevance(self, q)

    def in_region(self, region):
        """Events held in a region: at the region itself or at a place that belongs to it."""
        return self.filter(models.Q(place=region) | models.Q(place__region=region))

    def held_in(self, country):
        return self.filter(country=country)

    def with_country(self, country):
        """Events a country took part in (not necessarily held there)."""
        return self.filter(pk__in=EventCountry.objects.filter(country=country).values("event_id"))

    def with_organization(self, organization, role: str | None = None):
        links = EventOrganization.objects.filter(organization=organization)
        if role:
            links = links.filter(role=role)
        return self.filter(pk__in=links.values("event_id"))

    def with_organizer_kind(self, kind: str):
        """Events with an organization of this kind among the organizers (e.g. a ministry)."""
        links = EventOrganization.objects.filter(role=EventOrganization.Role.ORGANIZER, organization__kind=kind)
        # Inside COALESCE the test cannot become a semi-join: the events of a kind are hashed once and a page walks
        # the date index, testing each. As a semi-join, PostgreSQL read all 11,000 events of ministries by primary
        # key to sort them (100 ms for a page of 25 at 100,000 events; this: 12).
        listed = models.ExpressionWrapper(models.Q(pk__in=links.values("event_id")), output_field=models.BooleanField())
        return self.filter(Coalesce(listed, models.Value(False)))

    def with_person(self, person):
        return self.filter(pk__in=EventPerson.objects.filter(person=person).values("event_id"))

    # The columns an event card prints (includes/event_item.html, includes/event_table.html), the summary for the
    # search snippets, and updated_at for the card's cache key; the place's region and the host country by name.
    CARD_FIELDS = ("title", "slug", "kind", "start_date", "end_date", "date_precision", "updated_at", "summary",
                   "place__name_ar", "place__name_fr", "place__region__name_ar", "place__region__name_fr",
                   "country__code", "country__name_ar", "country__name_fr", "country__name_en")

    def for_listing(self):
        """Related rows a list page prints, in a constant number of queries, with only the columns it prints: whole
        rows of 25 events, their places, countries, 75 links and organizations (JSON aliases, source sentences)
        took 23 ms to read and build at 100,000 events; these took about half."""
        return self.with_related().only(*self.CARD_FIELDS).prefetch_related(
            models.Prefetch(
                "organization_links",
                queryset=EventOrganization.objects.select_related("organization")
                .only("event", "role", "organization__name", "organization__name_latin").order_by("role", "id"),
            )
        )


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", _("not reviewed")
    REVIEWED = "reviewed", _("reviewed")
    ATTENTION = "attention", _("needs attention")


class Event(Curatable):
    ReviewState = ReviewState

    class Kind(models.TextChoices):
        SUMMIT = "summit", _("summit")
        FORUM = "forum", _("forum")
        CONFERENCE = "conference", _("conference")
        MEETING = "meeting", _("meeting")
        WORKSHOP = "workshop", _("workshop")
        FAIR = "fair", _("fair")
        AWARD = "award", _("award")
        TRAINING = "training", _("training")
        OTHER = "other", _("other")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("unknown")

    title = models.CharField(_("title"), max_length=500)
    # name_key of the title: the loader finds the same event reported by another article with an indexed lookup.
    title_key = models.CharField(max_length=500, editable=False, blank=True, db_index=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.UNKNOWN,
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="events")
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="hosted_events")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    articles = models.ManyToManyField(Article, verbose_name=_("source articles"), related_name="events", blank=True)
    # The review queue (issue 11): a curator's verdict, and a doubt score (0..1) with its reasons, computed by
    # events.curation from the per-article reports; "reviewed" events are curated, reloads never change them.
    review_state = models.CharField(_("review"), max_length=12, choices=ReviewState.choices,
                                    default=ReviewState.UNREVIEWED, db_index=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True,
                                   help_text=_("Why the event needs attention."))
    doubt = models.FloatField(_("doubt"), default=0.0, db_index=True)
    doubt_reasons = models.JSONField(_("doubt reasons"), default=list, blank=True, editable=False)
    # Folded text of the event and its articles (events/search.py). Its indexes are kept by database triggers:
    # PostgreSQL's tsvector in events_event_tsv (migration 0017), SQLite's trigram index events_event_fts (0014).
    search_text = models.TextField(editable=False, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Issue 6: the list's orders and its equality filters read from an index; ending in id lets facet counts run as
        # index-only scans. On PostgreSQL migration 0007 keeps these newest-first with undated events last (DESC NULLS
        # LAST, the list's default order), which SQLite cannot declare in an index but gets from a backward scan.
        indexes = [
            models.Index(fields=["end_date"]),
            models.Index(fields=["start_date", "id"], name="event_date_id"),
            models.Index(fields=["kind", "start_date", "id"], name="event_kind_date"),
            models.Index(fields=["place", "start_date", "id"], name="event_place_date"),
            models.Index(fields=["country", "start_date", "id"], name="event_country_date"),
            models.Index(fields=["updated_at"], name="event_updated"),  # the page cache's key
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="event_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = name_key(self.title)[:500]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("events:event", self.slug)


# search_text__indexed_contains: SQLite's trigram index of this column (migration 0013), for the admin's search box.
Event._meta.get_field("search_text").register_lookup(IndexedContains)


class EventVector(models.Model):
    """PostgreSQL: an event's tsvector, in the narrow table events_event_tsv that a trigger keeps (migration 0017).

    Not managed by Django: the database writes it, and nothing in Python does. The model lets a search test it per
    event (events.search), with the alias of whatever query it is part of."""

    event = models.OneToOneField(Event, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    vector = SearchVectorField()

    class Meta:
        managed = False
        db_table = TSV_TABLE

    def __str__(self) -> str:
        return f"tsvector of event {self.event_id}"


EventVector._meta.get_field("event").register_lookup(AnyOf)  # event__any_of=ids: one array parameter
Event._meta.get_field("id").register_lookup(AnyOf)  # pk__any_of=ids (search.order_by_relevance)


class EventToReview(Event):
    """The review queue: the same events, listed by doubt in an admin of their own ("To review")."""

    class Meta:
        proxy = True
        verbose_name = _("event to review")
        verbose_name_plural = _("to review")


class EventReport(TimeStamped):
    """What one article says about its event: the values the extractor read, their sentence and confidences.

    The event holds one value per field; its reports keep every article's own, so a date or city two articles
    disagree on stays visible, each fact links to its sentence, and the doubt score reads the confidences.
    """

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="reports")
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="event_reports")
    title = models.CharField(_("title"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=10, default=Event.Precision.UNKNOWN)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    sentence = models.TextField(_("sentence"), blank=True)
    confidence = models.FloatField(_("confidence"), default=1.0)
    field_confidence = models.JSONField(_("confidence per field"), default=dict, blank=True)
    reasons = models.JSONField(_("extractor's reasons"), default=dict, blank=True)

    class Meta:
        ordering = ["event", "article"]
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")
        constraints = [models.UniqueConstraint(fields=["event", "article"], name="event_report_unique")]

    def __str__(self):
        return f"{self.event_id} ← {self.article_id}"


class EventAlias(TimeStamped):
    """A title key an event was ever known by (extracted, curated or merged): later reports find it under any."""

    class Source(models.TextChoices):
        EXTRACTED = "extracted", _("extracted")
        CURATED = "curated", _("set by a curator")
        MERGED = "merged", _("from a merged event")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(_("key"), max_length=500, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.EXTRACTED)

    class Meta:
        verbose_name = _("event alias")
        verbose_name_plural = _("event aliases")
        constraints = [models.UniqueConstraint(fields=["key", "event"], name="event_alias_unique")]

    def __str__(self):
        return self.title


class EventOrganization(Provenance):
    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("organizer")
        PARTNER = "partner", _("partner")
        PARTICIPANT = "participant", _("participant")
        FUNDER = "funder", _("funder")
        MENTIONED = "mentioned", _("mentioned")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organization_links")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="event_links")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MENTIONED)

    class Meta:
        verbose_name = _("event organization")
        verbose_name_plural = _("event organizations")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization", "role"], name="event_organization_unique"),
        ]
        # With event last, "events of this organization" and its facet counts are index-only scans (issue 6).
        indexes = [models.Index(fields=["organization", "role", "event"], name="eventorg_org_role_event")]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class EventPerson(Provenance):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="event_links")
    role = models.CharField(_("role"), max_length=500, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="person_event_links")

    class Meta:
        verbose_name = _("event person")
        verbose_name_plural = _("event persons")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="event_person_unique")]
        indexes = [models.Index(fields=["person", "event"], name="eventperson_person_event")]

    def __str__(self):
        return f"{self.person} — {self.role}" if self.role else str(self.person)


class EventCountry(Provenance):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="country_links")
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="event_links")

    class Meta:
        verbose_name = _("event country")
        verbose_name_plural = _("event countries")
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="event_country_unique")]
        indexes = [models.Index(fields=["country", "event"], name="eventcountry_country_event")]

    def __str__(self):
        return str(self.country)


class Figure(Provenance):
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=100)
    unit_key = models.CharField(max_length=100, editable=False, db_index=True)
    about = models.CharField(_("about"), max_length=500, blank=True)
    # Groups figures about the same quantity (e.g. "share of SSE in GDP") so they can be compared over time.
    quantity = models.CharField(_("quantity"), max_length=200, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    # What is measured without its place ("التعاونيات") and the place ("جهة سوس ماسة"): with the unit they make
    # the comparison key (quantity), see events/extract/figure_about.py.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    scope = models.CharField(_("place scope"), max_length=100, blank=True)
    horizon = models.PositiveSmallIntegerField(_("horizon year"), null=True, blank=True,
                                               help_text=_("The target year of a goal, e.g. 2035 in “4% by 2035”."))
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="figures")
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.value.normalize():f} {self.unit}"

    def save(self, *args, **kwargs):
        self.unit_key = name_key(self.unit) if self.unit != "%" else "%"
        if self.subject:  # a curator's edit of the unit, subject or place moves the figure to its group
            self.quantity = comparison_key(self.unit_key, self.subject, self.scope)
        super().save(*args, **kwargs)

    @property
    def unit_shown(self) -> str:
        """The unit in the form the value needs ("8 مبادرات", "15 مشروعا"); unit itself stays singular."""
        from events.extract.agreement import counted_form

        return counted_form(self.value, self.unit)


class RejectedLink(TimeStamped):
    """A link a curator deleted: the loader must not create it again."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("event organization")
        PERSON = "person", _("event person")
        COUNTRY = "country", _("event country")
        FIGURE = "figure", _("figure")
        AFFILIATION = "affiliation", _("affiliation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # SET_NULL: a rejection outlives a deleted event, and still holds for its article's facts (below).
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="rejections")
    # The article the rejected link came from: the rejection follows that article's facts to any event they reach.
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    target_key = models.CharField(
        _("target"), max_length=300,
        help_text=_("What was rejected: an organization, person or country id, or a figure's value and unit."),
    )

    class Meta:
        verbose_name = _("rejected link")
        verbose_name_plural = _("rejected links")
        constraints = [
            models.UniqueConstraint(fields=["kind", "event", "target_key"], name="rejected_link_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_key}"


class NameAlias(TimeStamped):
    """A name key (name, alias, acronym or surname) under which the loader finds an organization or person again.

    Rows rather than a scan of the JSON aliases, so that resolving a name is an indexed lookup at any catalogue size.
    """

    class Kind(models.TextChoices):
        NAME = "name", _("name")
        ALIAS = "alias", _("alias")
        ACRONYM = "acronym", _("acronym")
        SURNAME = "surname", _("surname")

    key = models.CharField(max_length=300, db_index=True)
    # First token of the key: the cheap prefilter for likely duplicates (same head word).
    head = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="name_aliases")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="name_aliases")

    class Meta:
        verbose_name = _("name alias")
        verbose_name_plural = _("name aliases")
        indexes = [models.Index(fields=["kind", "head"])]
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "organization"], name="name_alias_unique_organization"),
            models.UniqueConstraint(fields=["key", "kind", "person"], name="name_alias_unique_person"),
        ]

    def __str__(self):
        return f"{self.key} ({self.kind})"


class DuplicateCandidate(TimeStamped):
    """Two records that look alike but were not merged automatically; a curator decides."""

    class EntityType(models.TextChoices):
        ORGANIZATION = "organization", _("organization")
        PERSON = "person", _("person")
        EVENT = "event", _("event")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    entity_type = models.CharField(_("type"), max_length=20, choices=EntityType.choices)
    first_id = models.PositiveBigIntegerField()
    second_id = models.PositiveBigIntegerField()
    first_name = models.CharField(_("first"), max_length=300)
    second_name = models.CharField(_("second"), max_length=300)
    similarity = models.FloatField(_("similarity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-similarity"]
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        constraints = [
            models.UniqueConstraint(fields=["entity_type", "first_id", "second_id"], name="duplicate_pair_unique"),
        ]

    def __str__(self):
        return f"{self.first_name} ≈ {self.second_name} ({self.similarity:.2f})"


class AuditEntry(TimeStamped):
    """One curator action: who, when, on which record, what changed; a merge keeps what its undo needs."""

    class Action(models.TextChoices):
        EDIT = "edit", _("edit")
        MERGE = "merge", _("merge")
        UNDO = "undo", _("undo")
        REVIEW = "review", _("review")
        DISMISS = "dismiss", _("not a duplicate")
        REJECT = "reject", _("rejected link")
        DELETE = "delete", _("deletion")

    # The curator's user name as text, not a key: the trail outlives the account and travels in a catalogue backup.
    user = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=40)
    target_id = models.BigIntegerField(_("record id"))
    target_repr = models.CharField(_("record"), max_length=500)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    undo = models.JSONField(null=True, blank=True, editable=False)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target"),
                   models.Index(fields=["created_at"], name="audit_created")]

    def __str__(self):
        return f"{self.get_action_display()} {self.target_repr}"


def stored_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds, in the app's order: not proxies (the admin's "To review" list is a view
    of the events), nor unmanaged models (EventVector: PostgreSQL's tsvectors, which triggers rebuild from the
    restored events)."""
    from django.apps import apps

    return [m for m in apps.get_app_config("events").get_models() if not m._meta.proxy and m._meta.managed]
