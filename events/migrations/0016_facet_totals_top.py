"""The unfiltered list's long facets from their top rows (issue 15): one folded row per option, read by count.

The home page counted the catalogue's totals by summing every row of events_facettotal (about 52,000 options at
100,000 events: organizations, persons, cities) to show the top 100 of three facets; that sum was half its first
visit. Two changes make the top readable from an index instead:

- On PostgreSQL, folds of the delta rows now take turns (a transaction advisory lock) and each one folds every
  folded row there is with the deltas it sees. Before, two folds at once could each write a folded row for the same
  option. Now an option has at most one folded (merged) row at any time, plus the deltas written since the last
  fold. SQLite has one writer at a time and its fold already keeps this.
- An index of the folded rows by (dimension, count), one of the deltas by (dimension, value), and one of all rows by
  (dimension, value, count): the top of a facet is the options with deltas plus the folded rows down to the
  (100 + their number)-th count, summed from the last index (events/facets.py explains why nothing above the cut
  can be missed).

The SQL is frozen here (a migration must not change when application code does).
"""
from django.db import migrations

COMPACT_EVERY = 20000  # as in migration 0012
FOLD_LOCK = 7_151_515  # the advisory lock key of folds (any constant other code does not use)

PG_FOLD = (
    "CREATE OR REPLACE FUNCTION marsad_facets_total_compact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" IF (SELECT MAX(id) / {COMPACT_EVERY} > MIN(id - 1) / {COMPACT_EVERY} FROM new_rows WHERE NOT merged) THEN"
    f" PERFORM pg_advisory_xact_lock({FOLD_LOCK});"
    # A new statement, so a new snapshot: it sees what the fold before this one committed, folded rows included
    # (whose ids can be above this statement's deltas: they are folded in by "OR merged").
    " WITH moved AS (DELETE FROM events_facettotal WHERE id <= (SELECT MAX(id) FROM new_rows) OR merged"
    " RETURNING dim, value, n) INSERT INTO events_facettotal (dim, value, n, merged)"
    " SELECT dim, value, SUM(n), true FROM moved GROUP BY dim, value HAVING SUM(n) <> 0; END IF;"
    " RETURN NULL; END $$"
)
PG_FOLD_BEFORE = (
    "CREATE OR REPLACE FUNCTION marsad_facets_total_compact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" IF (SELECT MAX(id) / {COMPACT_EVERY} > MIN(id - 1) / {COMPACT_EVERY} FROM new_rows WHERE NOT merged) THEN"
    " WITH moved AS (DELETE FROM events_facettotal WHERE id <= (SELECT MAX(id) FROM new_rows)"
    " RETURNING dim, value, n) INSERT INTO events_facettotal (dim, value, n, merged)"
    " SELECT dim, value, SUM(n), true FROM moved GROUP BY dim, value HAVING SUM(n) <> 0; END IF;"
    " RETURN NULL; END $$"
)
# Fold what is there once, so that every option starts with one folded row.
FOLD_NOW = {
    "postgresql": ["WITH moved AS (DELETE FROM events_facettotal RETURNING dim, value, n)"
                   " INSERT INTO events_facettotal (dim, value, n, merged) SELECT dim, value, SUM(n), true FROM moved"
                   " GROUP BY dim, value HAVING SUM(n) <> 0"],
    "sqlite": ["CREATE TEMP TABLE marsad_folded AS SELECT dim, value, SUM(n) AS n FROM events_facettotal"
               " GROUP BY dim, value HAVING SUM(n) <> 0",
               "DELETE FROM events_facettotal",
               "INSERT INTO events_facettotal (dim, value, n, merged) SELECT dim, value, n, 1 FROM marsad_folded",
               "DROP TABLE marsad_folded"],
}
INDEXES = [
    "CREATE INDEX facettotal_top ON events_facettotal (dim, n) WHERE merged",
    "CREATE INDEX facettotal_delta ON events_facettotal (dim, value) WHERE NOT merged",
    # The rows of the chosen options (and of one option, for the pair counts' own count), index-only on PostgreSQL.
    "CREATE INDEX facettotal_option ON events_facettotal (dim, value, n)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = (FOLD_NOW[vendor] + INDEXES + ([PG_FOLD] if vendor == "postgresql" else []))
    for statement in statements:
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute("ANALYZE events_facettotal")


def backwards(apps, schema_editor):
    for statement in ["DROP INDEX IF EXISTS facettotal_top", "DROP INDEX IF EXISTS facettotal_delta",
                      "DROP INDEX IF EXISTS facettotal_option"]:
        schema_editor.execute(statement, params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FOLD_BEFORE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0015_facet_pairs"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
