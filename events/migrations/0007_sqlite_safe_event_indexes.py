"""Event indexes SQLite can rebuild (issue 6).

0005 declared DESC NULLS LAST indexes, which SQLite rejects: 0005 skipped them there, so SQLite had no date, kind,
place or country index on events, and any later table rebuild on SQLite would have failed on them. The model now
declares plain (column, start_date, id) indexes. On SQLite they are created here; on PostgreSQL the 0005 indexes are
kept under the new names (same leading columns, stored newest first with undated events last, which the list's
default order reads directly), and event_newest stays as a PostgreSQL-only index outside the model, like the search
indexes of 0003 and 0006.
"""
from django.db import migrations, models

RENAMES = [  # PostgreSQL: 0005 name -> model name
    ("event_oldest", "event_date_id"),
    ("event_kind_newest", "event_kind_date"),
    ("event_place_newest", "event_place_date"),
    ("event_country_newest", "event_country_date"),
]
SQLITE = {
    "event_date_id": '"start_date", "id"',
    "event_kind_date": '"kind", "start_date", "id"',
    "event_place_date": '"place_id", "start_date", "id"',
    "event_country_date": '"country_id", "start_date", "id"',
}


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for old, new in RENAMES:
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{new}"')
    else:
        for name, columns in SQLITE.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "events_event" ({columns})')


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for old, new in RENAMES:
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{new}" RENAME TO "{old}"')
    else:
        for name in SQLITE:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0006_event_search_vector"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="event", name="event_newest"),
                migrations.RemoveIndex(model_name="event", name="event_oldest"),
                migrations.RemoveIndex(model_name="event", name="event_kind_newest"),
                migrations.RemoveIndex(model_name="event", name="event_place_newest"),
                migrations.RemoveIndex(model_name="event", name="event_country_newest"),
                migrations.AddIndex(model_name="event", index=models.Index(
                    fields=["start_date", "id"], name="event_date_id")),
                migrations.AddIndex(model_name="event", index=models.Index(
                    fields=["kind", "start_date", "id"], name="event_kind_date")),
                migrations.AddIndex(model_name="event", index=models.Index(
                    fields=["place", "start_date", "id"], name="event_place_date")),
                migrations.AddIndex(model_name="event", index=models.Index(
                    fields=["country", "start_date", "id"], name="event_country_date")),
            ],
        ),
    ]
