"""Writes that span several models: merging duplicates, remembering rejected links, syncing gazetteers."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model

from events.extract.normalize import name_key
from events.models import (
    Affiliation,
    Country,
    DuplicateCandidate,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
    Place,
    RejectedLink,
)


def _merge_aliases(keep: Model, others: Iterable[Model]) -> None:
    """Union the names and aliases of others into keep.aliases, without repeating keep's own name."""
    seen = {keep.name_key}
    aliases: list[str] = []
    for candidate in [*keep.aliases, *(o.name for o in others), *(a for o in others for a in o.aliases)]:
        key = " ".join(candidate.split())
        if key and key != keep.name and key not in aliases:
            aliases.append(key)
    keep.aliases = [a for a in aliases if a not in seen]


@transaction.atomic
def merge_organizations(keep: Organization, duplicates: Iterable[Organization]) -> Organization:
    """Move every link, affiliation and alias of the duplicates onto keep, then delete the duplicates."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    for dup in duplicates:
        for link in EventOrganization.objects.filter(organization=dup):
            clash = EventOrganization.objects.filter(event=link.event, organization=keep, role=link.role).first()
            if clash:
                clash.curated = clash.curated or link.curated
                clash.sentence = clash.sentence or link.sentence
                clash.save(update_fields=["curated", "sentence", "updated_at"])
                link.delete()
            else:
                link.organization = keep
                link.save(update_fields=["organization", "updated_at"])
        Affiliation.objects.filter(organization=dup).update(organization=keep)
        EventPerson.objects.filter(organization=dup).update(organization=keep)
        if not keep.acronym and dup.acronym:
            keep.acronym = dup.acronym
        if not keep.name_latin and dup.name_latin:
            keep.name_latin = dup.name_latin
    _merge_aliases(keep, duplicates)
    keep.curated = True
    keep.save()
    _close_duplicate_candidates(DuplicateCandidate.EntityType.ORGANIZATION, keep, duplicates)
    for dup in duplicates:
        dup.delete()
    return keep


@transaction.atomic
def merge_persons(keep: Person, duplicates: Iterable[Person]) -> Person:
    """Move every event link, affiliation and alias of the duplicates onto keep, then delete the duplicates."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    for dup in duplicates:
        for link in EventPerson.objects.filter(person=dup):
            clash = EventPerson.objects.filter(event=link.event, person=keep).first()
            if clash:
                clash.role = clash.role or link.role
                clash.organization = clash.organization or link.organization
                clash.curated = clash.curated or link.curated
                clash.save()
                link.delete()
            else:
                link.person = keep
                link.save(update_fields=["person", "updated_at"])
        Affiliation.objects.filter(person=dup).update(person=keep)
        if not keep.name_latin and dup.name_latin:
            keep.name_latin = dup.name_latin
    _merge_aliases(keep, duplicates)
    keep.curated = True
    keep.save()
    _close_duplicate_candidates(DuplicateCandidate.EntityType.PERSON, keep, duplicates)
    for dup in duplicates:
        dup.delete()
    return keep


def _close_duplicate_candidates(entity_type: str, keep: Model, duplicates: list[Model]) -> None:
    ids = [d.pk for d in duplicates]
    DuplicateCandidate.objects.filter(entity_type=entity_type, first_id__in=ids).update(
        status=DuplicateCandidate.Status.MERGED)
    DuplicateCandidate.objects.filter(entity_type=entity_type, second_id__in=ids).update(
        status=DuplicateCandidate.Status.MERGED)


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


def reject_links(links: Iterable[Model]) -> None:
    """Delete links a curator removed and remember them, so that the next load does not recreate them."""
    with transaction.atomic():
        for link in links:
            key = rejection_for(link)
            if key:
                kind, event, target = key
                RejectedLink.objects.get_or_create(kind=kind, event=event, target_key=target[:300])
            link.delete()


@dataclass
class GazetteerCounts:
    countries: int = 0
    places: int = 0


@transaction.atomic
def sync_gazetteers() -> GazetteerCounts:
    """Create or refresh Country and Place rows from the extraction package's data files.

    Rows a curator changed are refreshed too: gazetteer rows are reference data, not extracted records.
    """
    from events.extract import gazetteers  # the gazetteer data is only read when syncing

    counts = GazetteerCounts()
    by_code = {c.code: c for c in Country.objects.all()}
    for row in gazetteers.countries():
        aliases = sorted(set(row.get("aliases_ar", [])) | set(row.get("nisba_ar", [])))
        values = {"name_ar": row["name_ar"], "name_fr": row["name_fr"], "name_en": row["name_en"], "aliases": aliases}
        country = by_code.get(row["code"])
        if country is None:
            by_code[row["code"]] = Country.objects.create(code=row["code"], **values)
            counts.countries += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(country, k, v)
            country.save()
    existing = {(p.country_id, p.kind, p.name_key): p for p in Place.objects.all()}
    rows = sorted(gazetteers.places(), key=lambda r: r["kind"] != "region")  # regions first: others point at them
    regions: dict[str, Place] = {p.name_ar: p for p in existing.values() if p.kind == Place.Kind.REGION}
    for row in rows:
        country = by_code.get(row["country"])
        if country is None:
            continue
        place = Place(
            name_ar=row["name_ar"], name_fr=row.get("name_fr") or "", kind=row["kind"], country=country,
            aliases=row.get("aliases_ar", []), latitude=row.get("lat"), longitude=row.get("lon"),
            region=regions.get(row.get("region") or ""),
        )
        key = (country.pk, place.kind, name_key(place.name_ar))
        if key in existing:
            continue
        place.save()
        existing[key] = place
        counts.places += 1
        if place.kind == Place.Kind.REGION:
            regions[place.name_ar] = place
    return counts
