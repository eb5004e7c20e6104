"""The figures page's order (newest year first, figures without a year last, then id) read from an index (issue 6).

Outside the model, like the search indexes of 0003: SQLite cannot declare NULLS LAST in an index, but its DESC order
already puts NULLs last, so each database gets the index that matches the query.
"""
from django.db import migrations

SQL = {
    "postgresql": 'CREATE INDEX IF NOT EXISTS figure_year_newest ON "events_figure" ("year" DESC NULLS LAST, "id")',
    "sqlite": 'CREATE INDEX IF NOT EXISTS figure_year_newest ON "events_figure" ("year" DESC, "id")',
}


def forwards(apps, schema_editor):
    sql = SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in SQL:
        schema_editor.execute("DROP INDEX IF EXISTS figure_year_newest")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_sqlite_safe_event_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
