"""The pair trigger tells an event's earlier options from the statement's new ones with a hash (issue 15, the loader).

Migration 0015's trigger counts a pair (broad option f, new option n) when f was there before, and tested that with
NOT EXISTS over the statement's new rows. PostgreSQL estimates a transition table at a handful of rows, so it ran
that test as a nested loop: every earlier option against every new row. That cost nothing for one article's links;
for a batch of 32 articles (events.ingest.batch), 257 new rows, it was 611,217 comparisons and 51 of the
statement's 75 ms (auto_explain). NOT IN over the same three NOT NULL columns means the same thing, and PostgreSQL
runs it as a hashed subplan: one lookup per earlier option.

The SQL is frozen here (a migration must not change when application code does). SQLite's row triggers are unchanged.
"""
from django.db import migrations

BROAD = "1, 2, 4, 6, 7, 8"  # kind, year, region, host country, organizer type, organization (migration 0015)
OPTION = "fdim, fvalue, dim, value"


def _added(new_before_test: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION marsad_facetpair_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "PERFORM 1 FROM events_event WHERE id IN (SELECT DISTINCT event_id FROM new_rows) ORDER BY id"
        " FOR NO KEY UPDATE; "
        f"INSERT INTO events_facetpair ({OPTION}, n) SELECT fd, fv, d, v, COUNT(*) FROM ("
        " SELECT n.dim AS fd, n.value AS fv, c.dim AS d, c.value AS v FROM new_rows n"
        " JOIN events_eventfacet c ON c.event_id = n.event_id AND (c.dim <> n.dim OR c.value <> n.value)"
        f" WHERE n.dim IN ({BROAD})"
        " UNION ALL SELECT f.dim, f.value, n.dim, n.value FROM new_rows n"
        f" JOIN events_eventfacet f ON f.event_id = n.event_id AND f.dim IN ({BROAD})"
        " AND (f.dim <> n.dim OR f.value <> n.value)"
        f" WHERE {new_before_test}) AS pairs GROUP BY fd, fv, d, v; RETURN NULL; END $$"
    )


HASHED = _added("(f.event_id, f.dim, f.value) NOT IN (SELECT o.event_id, o.dim, o.value FROM new_rows o)")
BEFORE = _added("NOT EXISTS (SELECT 1 FROM new_rows o WHERE o.event_id = f.event_id AND o.dim = f.dim"
                " AND o.value = f.value)")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HASHED, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BEFORE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0018_fewer_facet_trigger_runs"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
