"""PostgreSQL search indexes (issue 5): full-text over Event.search_text with the 'arabic' configuration and
trigram indexes on normalized names. SQLite has neither, and searches there with LIKE over the same columns."""
from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The expression must match events.search.ArabicVector exactly for the planner to use the index.
    "CREATE INDEX IF NOT EXISTS event_search_fts ON events_event USING gin (to_tsvector('arabic'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS organization_name_key_trgm ON events_organization USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_name_key_trgm ON events_person USING gin (name_key gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_name_key_trgm",
    "DROP INDEX IF EXISTS organization_name_key_trgm",
    "DROP INDEX IF EXISTS event_search_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("events", "0002_name_alias_event_title_key")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
