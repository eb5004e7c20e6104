"""Restore a catalogue written by export_catalogue: all or nothing, into an empty catalogue or replacing it."""
from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import stored_models


class Command(BaseCommand):
    help = (
        "Load a file written by export_catalogue. The catalogue must be empty unless --replace is given, which "
        "deletes the current catalogue first; either way it happens in one transaction, so a failure changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="file written by export_catalogue (.json, .json.gz, ...)")
        parser.add_argument("--replace", action="store_true", help="delete the current catalogue before loading")

    def handle(self, *args, input, replace, **options):
        source = Path(input)
        if not source.is_file():
            raise CommandError(f"{input}: no such file.")
        models = stored_models()
        with transaction.atomic():
            existing = sum(model._base_manager.count() for model in models)
            if existing and not replace:
                raise CommandError(
                    f"The catalogue already holds {existing} records. Restore into an empty database "
                    "(manage.py migrate on a new one), or pass --replace to delete the current catalogue first."
                )
            # Links before the records they point to: Place.country is PROTECT.
            for model in reversed(models):
                model._base_manager.all().delete()
            # loaddata keeps primary keys and timestamps as written, defers constraint checks to the end and
            # resets PostgreSQL sequences, so new rows after a restore get fresh ids.
            call_command("loaddata", str(source), verbosity=0)
            counts = {model.__name__: model._base_manager.count() for model in models}
        summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
        self.stdout.write(f"imported {sum(counts.values())} records from {source} ({summary})")
