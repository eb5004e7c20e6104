"""Curation: what a person does to the catalogue, and what keeps it done.

The admin only calls these. Merges (events, organizations, persons) keep a journal of every row they moved,
created or deleted, so that a merge can be undone from the record; every merge, undo, review and edit is an
AuditEntry (who, when, what changed). The doubt score of an event ranks the review queue; it is computed from
what the extractor said about the event in each article (EventReport), never from a guess of our own.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Exists, Model, OuterRef, Q, Subquery
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.ingest.resolve import event_keys, index_rows_for, remember_event_keys
from events.models import (
    Affiliation,
    AuditEntry,
    DuplicateCandidate,
    Event,
    EventAlias,
    EventCountry,
    EventOrganization,
    EventPerson,
    EventReport,
    Figure,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)

# --- the doubt score ------------------------------------------------------------------------------------------------

# Why an event may be wrong, each with its weight in the score (a sum, capped at 1). The codes are stored on the
# event (Event.doubt_reasons) so the queue filters by reason with an indexed score and no recomputation.
REASONS = {
    "date_conflict": (_("sources give different dates"), 0.35),
    "place_conflict": (_("sources give different cities"), 0.35),
    "no_date": (_("no date"), 0.3),
    "partial_date": (_("date without the day"), 0.15),
    "no_city": (_("no city"), 0.2),
    "low_title": (_("uncertain title"), 0.15),
    "low_kind": (_("uncertain kind"), 0.1),
    "low_date": (_("uncertain date"), 0.15),
    "low_place": (_("uncertain place"), 0.15),
    "one_source": (_("one source only"), 0.1),
    "no_organizer": (_("no organizer found"), 0.05),
}
LOW_CONFIDENCE = 0.7
_REPORTS_READ = 20
_CITY_KINDS = (Place.Kind.CITY, Place.Kind.COMMUNE)


def reason_label(code: str):
    return REASONS.get(code, (code, 0))[0]


def doubt_of(event: Event, reports: list[EventReport], *, has_organizer: bool,
             sources: int | None = None) -> tuple[float, list[str]]:
    """Return (score 0..1, reason codes, most serious first) for an event and its articles' reports."""
    reasons: list[str] = []
    if len({r.start_date for r in reports if r.start_date}) > 1:
        reasons.append("date_conflict")
    cities = {r.place_id for r in reports if r.place_id and r.place.kind in _CITY_KINDS}
    if len(cities) > 1:
        reasons.append("place_conflict")
    if event.start_date is None:
        reasons.append("no_date")
    elif event.date_precision in (Event.Precision.MONTH, Event.Precision.YEAR):
        reasons.append("partial_date")
    if event.place_id is None:
        reasons.append("no_city")
    for name in ("title", "kind", "date", "place"):
        values = [r.field_confidence.get(name, r.confidence) for r in reports if isinstance(r.field_confidence, dict)]
        if values and max(values) < LOW_CONFIDENCE:
            reasons.append(f"low_{name}")
    if (sources if sources is not None else len({r.article_id for r in reports})) <= 1:
        reasons.append("one_source")
    if not has_organizer:
        reasons.append("no_organizer")
    score = min(1.0, sum(REASONS[code][1] for code in reasons))
    return round(score, 3), reasons


def reports_of(event: Event) -> list[EventReport]:
    """What each article said about the event (the admin's provenance table), without the articles' texts."""
    return list(EventReport.objects.filter(event=event).select_related("place", "article").defer(
        "article__body", "article__search_text").order_by("article_id"))


def refresh_doubt(event: Event) -> tuple[float, list[str]]:
    """Recompute and store an event's doubt score and reasons (three small indexed queries; the loader runs it
    once per article)."""
    # The first reports only: an event reported a thousand times must not make each new report read them all
    # (conflicts and confidences show in the first ones; the count of sources below is exact).
    reports = list(EventReport.objects.filter(event=event).select_related("place").only(
        "article_id", "start_date", "end_date", "place_id", "place__kind", "confidence", "field_confidence",
    ).order_by("pk")[:_REPORTS_READ])
    facts = Event.objects.filter(pk=event.pk).annotate(
        sources=Subquery(Event.articles.through.objects.filter(event_id=OuterRef("pk")).order_by().values(
            "event_id").annotate(n=Count("pk")).values("n")[:1]),
        has_organizer=Exists(EventOrganization.objects.filter(event_id=OuterRef("pk"),
                                                              role=EventOrganization.Role.ORGANIZER)),
    ).values("sources", "has_organizer", "start_date", "date_precision", "place_id").first()
    if facts is None:
        return 0.0, []
    # The stored values, not the caller's copy: the loader may have completed the event in SQL meanwhile.
    event.start_date, event.date_precision, event.place_id = (facts["start_date"], facts["date_precision"],
                                                              facts["place_id"])
    score, reasons = doubt_of(event, reports, has_organizer=facts["has_organizer"], sources=facts["sources"] or 0)
    Event.objects.filter(pk=event.pk).update(doubt=score, doubt_reasons=reasons)
    event.doubt, event.doubt_reasons = score, reasons
    return score, reasons


def refresh_all_doubts(batch: int = 2000) -> int:
    """Recompute every event's doubt score (after a migration, a restore or a seed); returns the number of events."""
    n = 0
    for event in Event.objects.only("pk", "start_date", "date_precision", "place_id").iterator(chunk_size=batch):
        refresh_doubt(event)
        n += 1
    return n


@dataclass
class Conflict:
    """Two or more values the sources give for one field, each with the reports that say it."""

    field: str
    values: list[tuple[object, list[EventReport]]] = field(default_factory=list)


def conflicts(reports: list[EventReport]) -> list[Conflict]:
    """The fields (date, place) on which an event's articles disagree, each value with its reports."""
    out = []
    for name, value_of in (("date", lambda r: r.start_date), ("place", lambda r: r.place)):
        by_value: dict[object, list[EventReport]] = {}
        for r in reports:
            value = value_of(r)
            if value is not None:
                by_value.setdefault(value, []).append(r)
        if len(by_value) > 1:
            out.append(Conflict(name, list(by_value.items())))
    return out


# --- audit trail ------------------------------------------------------------------------------------------------------

def _user(user) -> str:
    if isinstance(user, str):
        return user[:150]
    return user.get_username()[:150] if user is not None and getattr(user, "is_authenticated", False) else ""


def _type(obj: Model) -> str:
    return obj._meta.concrete_model._meta.model_name  # an event seen through "To review" is an event


def record(action: str, obj: Model, *, user=None, changes: dict | None = None, undo: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action, user=_user(user), target_type=_type(obj), target_id=obj.pk,
        target_repr=str(obj)[:500], changes=changes or {}, undo=undo)


def history(obj: Model):
    """Every audit entry about a record, newest first (an indexed lookup)."""
    return AuditEntry.objects.filter(target_type=_type(obj), target_id=obj.pk)


def _plain(value) -> object:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") and not isinstance(value, (str, dict)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def form_changes(form) -> dict:
    """{field: [before, after]} of what an admin form changed, as text (the audit trail shows it)."""
    changes = {}
    for name in form.changed_data:
        before = form.initial.get(name)
        if isinstance(before, Model):
            before = str(before)
        elif name in form.fields and hasattr(form.fields[name], "queryset") and before is not None:
            model = form.fields[name].queryset.model
            ids = before if isinstance(before, (list, tuple)) else [before]
            ids = [getattr(i, "pk", i) for i in ids]
            names = [str(o) for o in model.objects.filter(pk__in=ids)]
            before = names if isinstance(form.initial.get(name), (list, tuple)) else (names[0] if names else None)
        changes[name] = [_plain(before), _plain(form.cleaned_data.get(name))]
    return changes


def record_edit(obj: Model, form, *, user=None, change: bool = True) -> AuditEntry | None:
    """Record a curator's save of a record; a renamed record keeps its old name as a key the loader finds it by."""
    changes = form_changes(form)
    if not changes and change:
        return None
    if isinstance(obj, Event) and "title" in changes:
        old = changes["title"][0]
        if old:
            remember_event_keys(obj, old, EventAlias.Source.EXTRACTED)
        remember_event_keys(obj, obj.title, EventAlias.Source.CURATED)
    if isinstance(obj, (Organization, Person)) and "name" in changes and change:
        old = " ".join(str(changes["name"][0] or "").split())
        if old and old != obj.name and old not in obj.aliases:
            obj.aliases = [*obj.aliases, old]
            obj.save(update_fields=["aliases", "updated_at"])
        NameAlias.objects.bulk_create(index_rows_for(obj), ignore_conflicts=True)
    return record(AuditEntry.Action.EDIT, obj, user=user, changes=changes)


# --- review state -----------------------------------------------------------------------------------------------------

def mark_reviewed(events: Iterable[Event], *, user=None) -> int:
    """A curator checked these events: they become curated, and reloads never change them."""
    n = 0
    with transaction.atomic():
        for event in events:
            before = event.review_state
            event.review_state, event.review_note, event.curated = Event.ReviewState.REVIEWED, "", True
            event.save(update_fields=["review_state", "review_note", "curated", "updated_at"])
            record(AuditEntry.Action.REVIEW, event, user=user, changes={"review_state": [before, event.review_state]})
            n += 1
    return n


def mark_attention(events: Iterable[Event], note: str = "", *, user=None) -> int:
    n = 0
    with transaction.atomic():
        for event in events:
            before = event.review_state
            event.review_state, event.review_note = Event.ReviewState.ATTENTION, (note or "")[:300]
            event.save(update_fields=["review_state", "review_note", "updated_at"])
            record(AuditEntry.Action.REVIEW, event, user=user,
                   changes={"review_state": [before, event.review_state], "review_note": ["", event.review_note]})
            n += 1
    return n


# --- rejected links ---------------------------------------------------------------------------------------------------

def rejection_for(link: Model) -> tuple[str, object, str] | None:
    """Return (kind, event, target_key) identifying a link, so a deleted link can be remembered."""
    if isinstance(link, EventOrganization):
        return RejectedLink.Kind.ORGANIZATION, link.event, f"{link.organization_id}:{link.role}"
    if isinstance(link, EventPerson):
        return RejectedLink.Kind.PERSON, link.event, str(link.person_id)
    if isinstance(link, EventCountry):
        return RejectedLink.Kind.COUNTRY, link.event, link.country.code
    if isinstance(link, Figure):
        return RejectedLink.Kind.FIGURE, link.event, f"{link.article_id}:{link.value.normalize():f}:{link.unit_key}"
    if isinstance(link, Affiliation):
        return RejectedLink.Kind.AFFILIATION, None, f"{link.person_id}:{link.organization_id}:{link.role}"
    return None


def reject_links(links: Iterable[Model], *, user=None) -> None:
    """Delete links a curator removed and remember them, so that no later load creates them again.

    The rejection names the event and the article the link came from: it holds on the event, and on any event
    the article's facts reach later (after a merge, an --update, or a new event).
    """
    with transaction.atomic():
        for link in links:
            key = rejection_for(link)
            if key:
                kind, event, target = key
                RejectedLink.objects.get_or_create(kind=kind, event=event, target_key=target[:300],
                                                   defaults={"article_id": getattr(link, "article_id", None)})
                if event is not None and user is not None:
                    record(AuditEntry.Action.REJECT, event, user=user, changes={str(kind): [str(link), None]})
            link.delete()


# --- merges, with a journal that undoes them --------------------------------------------------------------------------

def _label(model) -> str:
    return model._meta.label_lower


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


class Journal:
    """What a merge did, in a JSON-able form: rows moved (old values), rows created, rows deleted (serialized)."""

    def __init__(self):
        self.moved: list[list] = []  # [model label, pk, attname, old value]
        self.created: list[list] = []  # [model label, pk]
        self.deleted: list[dict] = []  # serialized rows, in the order they must be restored

    def set(self, obj: Model, **values) -> None:
        for attname, value in values.items():
            old = getattr(obj, attname)
            if old != value:
                self.moved.append([_label(type(obj)), obj.pk, attname, _json(old)])
                setattr(obj, attname, value)
        if values:
            type(obj).objects.filter(pk=obj.pk).update(**{k: getattr(obj, k) for k in values})

    def move(self, queryset, attname: str, value) -> None:
        model = queryset.model
        rows = list(queryset.values_list("pk", attname))
        self.moved += [[_label(model), pk, attname, _json(old)] for pk, old in rows]
        if rows:
            model.objects.filter(pk__in=[pk for pk, _ in rows]).update(**{attname: value})

    def create(self, objs: list[Model]) -> None:
        self.created += [[_label(type(o)), o.pk] for o in objs if o.pk is not None]

    def delete(self, obj: Model) -> None:
        """Delete obj and everything that goes with it, keeping them all to be restored by an undo."""
        collector = Collector(using="default")
        collector.collect([obj])
        collector.sort()
        groups = []
        for model, instances in collector.data.items():
            groups.append((model, list(instances)))
        for qs in collector.fast_deletes:
            groups.append((qs.model, list(qs)))
        # Restore parents before their children: the reverse of the deletion order, fast deletes (children) last.
        ordered = [g for g in reversed(groups[:len(collector.data)])] + groups[len(collector.data):]
        for model, instances in ordered:
            if model._meta.auto_created:
                continue  # many-to-many rows come back with their owner's serialized m2m field
            self.deleted += serializers.serialize("python", instances)
        obj.delete()

    def as_json(self) -> dict:
        return {"moved": self.moved, "created": self.created, "deleted": _json_rows(self.deleted)}


def _json(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, dict)):
        return value
    return str(value)


def _json_rows(rows: list[dict]) -> list[dict]:
    """Serialized rows made JSON-able (dates, decimals as text; the deserializer reads them back)."""
    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder))


class UndoError(Exception):
    pass


def _move_links(journal: Journal, model, owner: str, dup: Model, keep: Model, unique: tuple[str, ...],
                merge_fields: tuple[str, ...] = ("curated", "sentence")) -> None:
    """Move model rows from dup to keep; a row keep already has (same unique fields) absorbs dup's and goes."""
    for link in model.objects.filter(**{owner: dup}):
        clash = model.objects.filter(**{owner: keep}, **{f: getattr(link, f) for f in unique}).first()
        if clash is None:
            journal.set(link, **{f"{owner}_id": keep.pk})
            continue
        fill = {}
        for name in merge_fields:
            mine, theirs = getattr(clash, name), getattr(link, name)
            if name == "curated":
                if theirs and not mine:
                    fill[name] = True
            elif not mine and theirs:
                fill[name] = theirs
        journal.set(clash, **fill)
        journal.delete(link)


def _merged_aliases(keep: Model, others: Iterable[Model]) -> list[str]:
    """The names and aliases of others added to keep's aliases, without repeating keep's own name."""
    aliases: list[str] = []
    for candidate in [*keep.aliases, *(o.name for o in others), *(a for o in others for a in o.aliases)]:
        alias = " ".join(candidate.split())
        if alias and alias != keep.name and alias not in aliases:
            aliases.append(alias)
    return aliases


def _close_candidates(journal: Journal, entity_type: str, ids: list[int]) -> None:
    journal.move(DuplicateCandidate.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids),
                                                   entity_type=entity_type, status=DuplicateCandidate.Status.OPEN),
                 "status", DuplicateCandidate.Status.MERGED)


def _snapshot(obj: Model) -> dict:
    return _json_rows(serializers.serialize("python", [type(obj).objects.get(pk=obj.pk)]))[0]


def _finish(keep: Model, duplicates: list[Model], journal: Journal, before: dict, user) -> AuditEntry:
    changes = {"merged": [[d.pk, str(d)] for d in duplicates], "kept": [keep.pk, str(keep)]}
    undo = {"keep": before, **journal.as_json()}
    return record(AuditEntry.Action.MERGE, keep, user=user, changes=changes, undo=undo)


@transaction.atomic
def merge_organizations(keep: Organization, duplicates: Iterable[Organization], *, user=None) -> AuditEntry | None:
    """Move every link, affiliation and alias of the duplicates onto keep, then delete the duplicates."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        return None
    journal, before = Journal(), _snapshot(keep)
    for dup in duplicates:
        _move_links(journal, EventOrganization, "organization", dup, keep, ("event", "role"))
        journal.move(Affiliation.objects.filter(organization=dup), "organization_id", keep.pk)
        journal.move(EventPerson.objects.filter(organization=dup), "organization_id", keep.pk)
    fill = {"aliases": _merged_aliases(keep, duplicates), "curated": True}
    for name in ("acronym", "name_latin", "country_id"):
        if not getattr(keep, name):
            fill[name] = next((getattr(d, name) for d in duplicates if getattr(d, name)), getattr(keep, name))
    journal.set(keep, **fill)
    _move_name_aliases(journal, "organization", keep, duplicates)
    _close_candidates(journal, DuplicateCandidate.EntityType.ORGANIZATION, [d.pk for d in duplicates])
    for dup in duplicates:
        journal.delete(dup)
    return _finish(keep, duplicates, journal, before, user)


@transaction.atomic
def merge_persons(keep: Person, duplicates: Iterable[Person], *, user=None) -> AuditEntry | None:
    """Move every event link, affiliation and alias of the duplicates onto keep, then delete the duplicates."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        return None
    journal, before = Journal(), _snapshot(keep)
    for dup in duplicates:
        _move_links(journal, EventPerson, "person", dup, keep, ("event",),
                    merge_fields=("curated", "sentence", "role", "organization_id"))
        journal.move(Affiliation.objects.filter(person=dup), "person_id", keep.pk)
    fill = {"aliases": _merged_aliases(keep, duplicates), "curated": True}
    if not keep.name_latin:
        fill["name_latin"] = next((d.name_latin for d in duplicates if d.name_latin), "")
    journal.set(keep, **fill)
    _move_name_aliases(journal, "person", keep, duplicates)
    _close_candidates(journal, DuplicateCandidate.EntityType.PERSON, [d.pk for d in duplicates])
    for dup in duplicates:
        journal.delete(dup)
    return _finish(keep, duplicates, journal, before, user)


def _move_name_aliases(journal: Journal, owner: str, keep: Model, duplicates: list[Model]) -> None:
    """Let the loader find keep under every name the duplicates were known by (their names become aliases)."""
    rows = NameAlias.objects.filter(**{f"{owner}__in": duplicates})
    taken = set(NameAlias.objects.filter(**{owner: keep}).values_list("key", "kind"))
    moved = []
    for a in rows:
        kind = NameAlias.Kind.ALIAS if a.kind == NameAlias.Kind.NAME else a.kind
        if (a.key, kind) not in taken:
            taken.add((a.key, kind))
            moved.append(NameAlias(key=a.key, head=a.head, kind=kind, **{owner: keep}))
    for row in moved:
        row.save()
    journal.create(moved)


_EVENT_FIELDS_TO_FILL = ("start_date", "end_date", "place_id", "country_id", "venue", "edition", "summary",
                         "participant_count")


@transaction.atomic
def merge_events(keep: Event, duplicates: Iterable[Event], *, user=None) -> AuditEntry | None:
    """Join events that are one happening: articles, links, figures, reports, aliases and rejections move to keep.

    keep's own values stay; a field keep lacks is filled from the first duplicate that has it; the duplicates'
    titles become keep's keys, so their later reports find keep. keep is then curated.
    """
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        return None
    journal, before = Journal(), _snapshot(keep)
    through = Event.articles.through
    have = set(keep.articles.values_list("pk", flat=True))
    for dup in duplicates:
        added = [through(event_id=keep.pk, article_id=a) for a in dup.articles.values_list("pk", flat=True)
                 if a not in have]
        through.objects.bulk_create(added)
        journal.create(list(through.objects.filter(event_id=keep.pk, article_id__in=[r.article_id for r in added])))
        have |= {r.article_id for r in added}
        _move_links(journal, EventOrganization, "event", dup, keep, ("organization", "role"))
        _move_links(journal, EventPerson, "event", dup, keep, ("person",),
                    merge_fields=("curated", "sentence", "role", "organization_id"))
        _move_links(journal, EventCountry, "event", dup, keep, ("country",))
        _move_links(journal, EventReport, "event", dup, keep, ("article",), merge_fields=())
        _move_links(journal, EventAlias, "event", dup, keep, ("key",), merge_fields=())
        _move_links(journal, RejectedLink, "event", dup, keep, ("kind", "target_key"), merge_fields=())
        journal.move(Figure.objects.filter(event=dup), "event_id", keep.pk)
    fill: dict = {"curated": True}
    for name in _EVENT_FIELDS_TO_FILL:
        if not getattr(keep, name):
            value = next((getattr(d, name) for d in duplicates if getattr(d, name)), None)
            if value:
                fill[name] = value
    if "start_date" in fill:
        fill["date_precision"] = next(d.date_precision for d in duplicates if d.start_date == fill["start_date"])
    if keep.end_date is None and "end_date" in fill and (fill.get("start_date") or keep.start_date) and \
            fill["end_date"] < (fill.get("start_date") or keep.start_date):
        fill.pop("end_date")
    extra = "\n".join(d.search_text for d in duplicates if d.search_text)
    if extra:
        fill["search_text"] = f"{keep.search_text}\n{extra}"[:200_000]
    journal.set(keep, **fill)
    known = set(EventAlias.objects.filter(event=keep).values_list("key", flat=True))
    aliases = [EventAlias(event=keep, key=k, title=d.title[:500], source=EventAlias.Source.MERGED)
               for d in duplicates for k in event_keys(d.title) if k not in known]
    aliases = list({a.key: a for a in aliases}.values())
    for alias in aliases:
        alias.save()
    journal.create(aliases)
    _close_candidates(journal, DuplicateCandidate.EntityType.EVENT, [d.pk for d in duplicates])
    for dup in duplicates:
        journal.delete(Event.objects.get(pk=dup.pk))  # fresh: its articles and links as they are now
    entry = _finish(keep, duplicates, journal, before, user)
    refresh_doubt(keep)
    return entry


MERGERS = {"event": merge_events, "organization": merge_organizations, "person": merge_persons}


def merge(kind: str, keep: Model, duplicates: Iterable[Model], *, user=None) -> AuditEntry | None:
    return MERGERS[kind](keep, duplicates, user=user)


@transaction.atomic
def undo_merge(entry: AuditEntry, *, user=None) -> AuditEntry:
    """Put the records of a merge back as they were: deleted rows restored with their ids, moved rows moved back.

    What happened to the kept record after the merge (a later edit of its fields) is rolled back with it; rows that
    a later load added stay. Refused for an entry that is not a merge or was already undone.
    """
    entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.action != AuditEntry.Action.MERGE or not entry.undo:
        raise UndoError(_("Only a merge can be undone."))
    if entry.undone_at is not None:
        raise UndoError(_("This merge was already undone."))
    data = entry.undo
    for label, pk in reversed(data.get("created", [])):
        _model(label).objects.filter(pk=pk).delete()
    for obj in serializers.deserialize("python", data.get("deleted", [])):
        obj.save()
    for label, pk, attname, old in reversed(data.get("moved", [])):
        model = _model(label)
        field_ = model._meta.get_field(attname.removesuffix("_id") if attname.endswith("_id") else attname)
        model.objects.filter(pk=pk).update(**{attname: field_.to_python(old) if old is not None else None})
    keep = next(iter(serializers.deserialize("python", [data["keep"]])))
    keep.save()  # its fields as they were before the merge (its many-to-many rows as they were too)
    entry.undone_at = timezone.now()
    entry.save(update_fields=["undone_at"])
    restored = keep.object
    if isinstance(restored, Event):
        for event in Event.objects.filter(pk__in=[pk for pk, _ in entry.changes.get("merged", [])] + [restored.pk]):
            refresh_doubt(event)
    return record(AuditEntry.Action.UNDO, restored, user=user,
                  changes={"undone": [entry.pk, entry.changes.get("merged")]})


# --- likely duplicates ------------------------------------------------------------------------------------------------

CANDIDATE_MODELS = {
    DuplicateCandidate.EntityType.ORGANIZATION: Organization,
    DuplicateCandidate.EntityType.PERSON: Person,
    DuplicateCandidate.EntityType.EVENT: Event,
}


def candidate_records(candidate: DuplicateCandidate) -> tuple[Model | None, Model | None]:
    model = CANDIDATE_MODELS[candidate.entity_type]
    found = model.objects.in_bulk([candidate.first_id, candidate.second_id])
    return found.get(candidate.first_id), found.get(candidate.second_id)


@transaction.atomic
def merge_candidate(candidate: DuplicateCandidate, *, user=None) -> AuditEntry | None:
    """Merge the second record of a likely-duplicate pair into the first; None if one of them is gone."""
    first, second = candidate_records(candidate)
    entry = None
    if first is not None and second is not None:
        entry = merge(candidate.entity_type, first, [second], user=user)
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(status=DuplicateCandidate.Status.MERGED,
                                                              updated_at=timezone.now())
    return entry


def dismiss_candidate(candidate: DuplicateCandidate, *, user=None) -> None:
    """Not a duplicate: the pair stays dismissed, and the loader never proposes it again (the pair is unique)."""
    with transaction.atomic():
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(status=DuplicateCandidate.Status.DISMISSED,
                                                                  updated_at=timezone.now())
        first, _second = candidate_records(candidate)
        if first is not None:
            record(AuditEntry.Action.DISMISS, first, user=user,
                   changes={"not_a_duplicate_of": [candidate.second_id, candidate.second_name]})
