"""Nothing lost: export_catalogue then import_catalogue gives back every record, field for field."""
import datetime
import gzip
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

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

pytestmark = pytest.mark.django_db


def build_catalogue():
    """Create at least one row of every model, with curated flags, rejections and open/dismissed duplicates."""
    ma = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco", aliases=["المملكة"])
    es = Country.objects.create(code="ES", name_ar="إسبانيا", name_fr="Espagne", name_en="Spain")
    region = Place.objects.create(name_ar="جهة الشرق", kind=Place.Kind.REGION, country=ma)
    oujda = Place.objects.create(name_ar="وجدة", name_fr="Oujda", kind=Place.Kind.CITY, country=ma, region=region,
                                 latitude=34.6814, longitude=-1.9086, aliases=["مدينة وجدة"])
    a1 = Article.objects.create(
        title="منتدى <b>وجدة</b>", body="نص المقال\n<script>alert(1)</script> \u200f\u200d", source_name="هسبريس",
        url="https://example.ma/a/1", published=datetime.date(2024, 7, 11), content_hash="1" * 64,
        extractor_version="0.1", file_name="001.txt", search_text="منتدي وجده",
    )
    a2 = Article.objects.create(body="مقال ثان", content_hash="2" * 64, extractor_version="0.1", url=None)
    network = Organization.objects.create(name="الشبكة المغربية للاقتصاد الاجتماعي والتضامني", acronym="REMESS",
                                          kind=Organization.Kind.NETWORK, country=ma, curated=True,
                                          aliases=["ريمس"], name_latin="Réseau marocain")
    ministry = Organization.objects.create(name="وزارة السياحة والصناعة التقليدية", kind=Organization.Kind.MINISTRY)
    near = Organization.objects.create(name="الشبكة المغربية للاقتصاد التضامني", kind=Organization.Kind.NETWORK)
    person = Person.objects.create(name="طارق المعروفي", curated=True, aliases=["المعروفي"])
    NameAlias.objects.create(key="ريمس", head="ريمس", kind=NameAlias.Kind.ACRONYM, organization=network)
    NameAlias.objects.create(key="المعروفي", head="المعروفي", kind=NameAlias.Kind.SURNAME, person=person)
    other = Person.objects.create(name="فاطمة الزهراء عمور")
    Affiliation.objects.create(person=person, role="رئيس", organization=network, article=a1, sentence="قال رئيس")
    event = Event.objects.create(
        title="المنتدى الجهوي للاقتصاد الاجتماعي", slug="المنتدى-الجهوي", kind=Event.Kind.FORUM,
        start_date=datetime.date(2024, 7, 10), end_date=datetime.date(2024, 7, 12),
        date_precision=Event.Precision.DAY, place=oujda, country=ma, venue="قصر المؤتمرات", edition=4,
        summary="ملخص", participant_count=400, curated=True,
    )
    event.articles.set([a1, a2])
    plain = Event.objects.create(title="لقاء", slug="meeting", kind=Event.Kind.MEETING)
    EventOrganization.objects.create(event=event, organization=network, role=EventOrganization.Role.ORGANIZER,
                                     article=a1, sentence="نظمت الشبكة", curated=True)
    EventOrganization.objects.create(event=event, organization=ministry, role=EventOrganization.Role.PARTNER)
    EventPerson.objects.create(event=event, person=person, role="المدير العام", organization=network, article=a1)
    EventCountry.objects.create(event=event, country=es, article=a1, sentence="الإسبانية")
    Figure.objects.create(value=Decimal("6000"), unit="تعاونية", about="عدد التعاونيات", quantity="cooperatives",
                          year=2024, event=event, article=a1, span_start=10, span_end=22, curated=True)
    Figure.objects.create(value=Decimal("12.5"), unit="%", event=None, article=a2)
    RejectedLink.objects.create(kind=RejectedLink.Kind.PERSON, event=event, target_key=str(other.pk))
    RejectedLink.objects.create(kind=RejectedLink.Kind.AFFILIATION, event=None, target_key="1:2:رئيس")
    DuplicateCandidate.objects.create(entity_type="organization", first_id=network.pk, second_id=near.pk,
                                      first_name=network.name, second_name=near.name, similarity=0.83)
    DuplicateCandidate.objects.create(entity_type="person", first_id=person.pk, second_id=other.pk,
                                      first_name=person.name, second_name=other.name, similarity=0.41,
                                      status=DuplicateCandidate.Status.DISMISSED)
    # An odd timestamp: microseconds must survive (Django's own JSON encoder would cut them to milliseconds).
    Article.objects.filter(pk=a2.pk).update(loaded_at=timezone.now().replace(microsecond=123457))
    assert plain.pk


def snapshot() -> dict[str, list[dict]]:
    """Every row of every catalogue model (and the event↔article table), field for field, in pk order."""
    state = {}
    for model in apps.get_app_config("events").get_models():
        state[model.__name__] = list(model._base_manager.order_by("pk").values())
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            # The auto-created table's own ids mean nothing (loaddata re-adds the pairs): compare the pairs.
            columns = [f.attname for f in through._meta.fields if not f.primary_key]
            state[through.__name__] = sorted(through.objects.values_list(*columns))
    return state


def wipe():
    for model in reversed(list(apps.get_app_config("events").get_models())):
        model._base_manager.all().delete()


@pytest.mark.parametrize("name", ["catalogue.json", "catalogue.json.gz", "catalogue.json.xz"])
def test_round_trip_restores_every_record_exactly(tmp_path, name):
    build_catalogue()
    before = snapshot()
    assert all(before.values()), f"the builder must fill every model: {[k for k, v in before.items() if not v]}"
    backup = tmp_path / name
    call_command("export_catalogue", str(backup), stdout=open(tmp_path / "out", "w"))
    wipe()
    assert not any(snapshot().values())
    call_command("import_catalogue", str(backup), stdout=open(tmp_path / "out", "w"))
    assert snapshot() == before
    assert not list(tmp_path.glob(".partial-*")), "the partial file is renamed, never left behind"


def test_replace_restores_over_a_changed_catalogue_and_new_rows_get_fresh_ids(tmp_path):
    build_catalogue()
    before = snapshot()
    backup = tmp_path / "catalogue.json"
    call_command("export_catalogue", str(backup), indent=2, stdout=open(tmp_path / "out", "w"))
    # Curation after the backup: a flag cleared, a rejection and a person removed, a record added.
    Organization.objects.update(curated=False)
    RejectedLink.objects.all().delete()
    Person.objects.filter(name="فاطمة الزهراء عمور").delete()
    Organization.objects.create(name="تعاونية جديدة", kind=Organization.Kind.COOPERATIVE)
    call_command("import_catalogue", str(backup), replace=True, stdout=open(tmp_path / "out", "w"))
    assert snapshot() == before
    # Sequences follow the restored ids (PostgreSQL needs loaddata's reset): a new row does not collide.
    fresh = Article.objects.create(body="بعد الاستعادة", content_hash="3" * 64, extractor_version="0.1")
    assert fresh.pk > max(row["id"] for row in before["Article"])


def test_import_refuses_a_non_empty_catalogue_without_replace(tmp_path):
    build_catalogue()
    backup = tmp_path / "catalogue.json"
    call_command("export_catalogue", str(backup), stdout=open(tmp_path / "out", "w"))
    Organization.objects.create(name="منظمة بعد النسخ", kind=Organization.Kind.OTHER)
    before = snapshot()
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_catalogue", str(backup))
    assert snapshot() == before


def test_a_broken_backup_changes_nothing_even_with_replace(tmp_path):
    build_catalogue()
    backup = tmp_path / "catalogue.json.gz"
    call_command("export_catalogue", str(backup), stdout=open(tmp_path / "out", "w"))
    records = json.loads(gzip.decompress(backup.read_bytes()))
    # A link that points at an organization the file does not hold: the constraint check at the end must fail.
    link = next(r for r in records if r["model"] == "events.eventorganization")
    link["fields"]["organization"] = 999_999
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(json.dumps(records, ensure_ascii=False)[:5000], encoding="utf-8")
    before = snapshot()
    for bad in (broken, truncated):
        with pytest.raises(Exception):  # noqa: B017 - IntegrityError or DeserializationError, both roll back
            call_command("import_catalogue", str(bad), replace=True)
        assert snapshot() == before


def test_export_refuses_a_name_it_could_not_restore(tmp_path):
    with pytest.raises(CommandError, match=".json"):
        call_command("export_catalogue", str(tmp_path / "catalogue.tar.gz"))
    with pytest.raises(CommandError, match="no such directory"):
        call_command("export_catalogue", str(tmp_path / "missing" / "catalogue.json"))
