"""SQLite full-text index of Event.search_text (issue 15): an FTS5 table with the trigram tokenizer, kept by triggers.

A search must find every query word as a substring of the folded search text ("اقتصاد" in "الاقتصادي"); on SQLite
that was a LIKE '%word%' over every event's text, 1-5 s at 100,000 events. The trigram tokenizer indexes every
three-character sequence, so FTS5 answers a quoted phrase of three or more characters ('"اقتصاد"') from the index
with exactly the substring semantics of LIKE (events/search.py; shorter words still use LIKE, over the rows the
other words matched). The unicode61 tokenizer with prefix indexes would be smaller, but it matches word prefixes
only: "اقتصاد" would miss "الاقتصاد" (the text keeps ال), so it does not keep the semantics.

External content (content='events_event'): the index holds no second copy of the texts, only the trigram lists.
Database triggers keep it right whatever writes events (the loader's plain SQL, curation edits and merges, the
admin, bulk updates and deletes, import_catalogue, seed_synthetic), like the facet table of migration 0012; a
'delete' must be given the row's old text, which the triggers have. The SQL is frozen here on purpose.

PostgreSQL: nothing (its GIN-indexed tsvector, migration 0006, serves search). A later migration that makes Django
rebuild events_event on SQLite (a column change) drops these triggers with the old table, as it drops the facet
triggers: it must create both again (tests/scale/test_search_index.py fails otherwise).
"""
from django.db import migrations

TABLE = "events_event_fts"
CREATE = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='events_event', content_rowid='id',"
          " tokenize='trigram')")
_DELETE = f"INSERT INTO {TABLE} ({TABLE}, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text)"
_INSERT = f"INSERT INTO {TABLE} (rowid, search_text) VALUES (NEW.id, NEW.search_text)"
TRIGGERS = {
    "marsad_search_event_insert": f"AFTER INSERT ON events_event BEGIN {_INSERT}; END",
    "marsad_search_event_delete": f"AFTER DELETE ON events_event BEGIN {_DELETE}; END",
    # Django's save() writes every column: only a changed text is indexed again (a 200,000-character text costs
    # about as much to remove from the index as to add).
    "marsad_search_event_update": ("AFTER UPDATE OF id, search_text ON events_event"
                                   " WHEN OLD.id IS NOT NEW.id OR OLD.search_text IS NOT NEW.search_text"
                                   f" BEGIN {_DELETE}; {_INSERT}; END"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE)
    # The texts already stored, read from events_event in one pass, then the triggers that keep them.
    schema_editor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
    for name, body in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {body}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0013_page_cache_versions"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
