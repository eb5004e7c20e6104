"""Nothing lost: export_catalogue then import_catalogue gives back every record, field for field."""
import gzip
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Article, Organization, Person, RejectedLink
from tests.hardening.catalogue import build_catalogue

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[dict]]:
    """Every row of every catalogue model (and the event↔article table), field for field, in pk order."""
    state = {}
    for model in apps.get_app_config("events").get_models():
        if not model._meta.managed and connection.vendor != "postgresql":
            continue  # EventVector: PostgreSQL's tsvectors, rebuilt by its triggers from the restored events
        state[model.__name__] = list(model._base_manager.order_by("pk").values())
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            # The auto-created table's own ids mean nothing (loaddata re-adds the pairs): compare the pairs.
            columns = [f.attname for f in through._meta.fields if not f.primary_key]
            state[through.__name__] = sorted(through.objects.values_list(*columns))
    return state


def wipe():
    for model in reversed(list(apps.get_app_config("events").get_models())):
        if model._meta.managed:  # EventVector's rows go with their events (a trigger)
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


def test_command_line_round_trip_of_a_loaded_catalogue(tmp_path, scratch_template):
    """Through manage.py, as README says: load articles, export, restore into another database, same catalogue."""
    from tests.hardening.scratch import FIXTURES, catalogue_state, manage, scratch_database

    backup = tmp_path / "marsad.json.gz"
    with scratch_database(scratch_template, tmp_path) as source:
        result = manage(source, "load_articles", str(FIXTURES))
        assert result.returncode == 0 and "Failed:" not in result.stdout, result.stdout + result.stderr
        result = manage(source, "export_catalogue", str(backup))
        assert result.returncode == 0, result.stderr
        expected = catalogue_state(source)
    assert expected["articles"] and expected["organizations"] and expected["figures"]
    with scratch_database(scratch_template, tmp_path) as target:
        refused = manage(target, "import_catalogue", str(backup))  # the copy already holds the gazetteers
        assert refused.returncode != 0 and "--replace" in refused.stderr
        result = manage(target, "import_catalogue", "--replace", str(backup))
        assert result.returncode == 0, result.stderr
        assert catalogue_state(target) == expected
        # The restored database goes on working: loading again finds every article a duplicate.
        again = manage(target, "load_articles", str(FIXTURES))
        assert again.returncode == 0 and " 0 new" in again.stdout, again.stdout + again.stderr
