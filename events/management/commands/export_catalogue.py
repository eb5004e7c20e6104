"""Write the whole catalogue (every model of the events app) to one Django fixture file."""
from __future__ import annotations

import bz2
import datetime
import gzip
import itertools
import lzma
import os
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from events.models import stored_models

OPENERS = {".json": open, ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but keeping microseconds: timestamps come back exactly as they were."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Command(BaseCommand):
    help = (
        "Export every catalogue record (articles, events, entities, links, figures, curated flags, rejected links, "
        "duplicate candidates) to a JSON fixture; .json.gz/.json.bz2/.json.xz compress. "
        "Restore it with import_catalogue (or loaddata)."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="file to write, e.g. marsad-2025-01-31.json.gz")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")

    def handle(self, *args, output, indent, **options):
        target = Path(output)
        suffixes = target.suffixes[-2:]
        if not suffixes or suffixes[0] != ".json" and suffixes[-1] != ".json" or suffixes[-1] not in OPENERS:
            raise CommandError(f"{output}: the file name must end in .json, .json.gz, .json.bz2 or .json.xz.")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent}: no such directory.")
        # Written beside the target and renamed at the end, so a crash never leaves a truncated backup in its place.
        partial = target.with_name(f".partial-{target.name}")
        models = stored_models()
        try:
            outermost = not connection.in_atomic_block
            with transaction.atomic():
                if connection.vendor == "postgresql" and outermost:
                    # One snapshot for every table, so a load running meanwhile cannot leave dangling references.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # On SQLite the transaction takes the write lock (transaction_mode IMMEDIATE): loads wait for it.
                counts = {model.__name__: model._base_manager.count() for model in models}
                # _base_manager: a default manager that filters rows must not make the backup miss them.
                records = itertools.chain.from_iterable(
                    model._base_manager.order_by("pk").iterator(chunk_size=2000) for model in models
                )
                with OPENERS[suffixes[-1]](partial, "wt", encoding="utf-8") as stream:
                    serializers.serialize("json", records, stream=stream, indent=indent, cls=ExactJSONEncoder)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
        self.stdout.write(f"exported {sum(counts.values())} records to {target} ({summary})")
