"""Facet counts of a one-option filter without counting its events (issue 15): co-occurrence counts kept by triggers.

The slowest first visits of a large catalogue are lists filtered by one broad option (a kind, an organizer type, a
host country: 20,000 to 70,000 of 100,000 events; the most active organizations, in thousands). Their facet counts read every facet row of every selected event,
one index probe per event (80–150 ms on PostgreSQL whatever the plan). events_facetpair keeps, for each option of the
broad dimensions (kind, year, region, host country, organizer type), how many events have it together with each other
option: the facet counts of "kind = meeting" are the rows of one (dimension, value) prefix of an index, a few
thousand rows instead of a few hundred thousand. (Organizations are a broad dimension too.)

Like events_facettotal, the table holds delta rows (+n, -n) appended by triggers on events_eventfacet, so concurrent
loads never update the same row, and they are folded every COMPACT_EVERY rows: only the options that changed since the
last fold are rewritten, not the whole table. The SQL is frozen here (a migration must not change when application code
does); events/facets.py has the same dimension numbers.
"""
from django.db import migrations

KIND, YEAR, MONTH, REGION, CITY, COUNTRY, ORGANIZER_KIND, ORGANIZATION, PERSON = range(1, 10)
# The dimensions whose single options select large parts of the catalogue: the pairs' first member. Organizations
# too: the most active ones are in thousands of events (a Zipf curve), and an organization's page links its events.
BROAD = f"{KIND}, {YEAR}, {REGION}, {COUNTRY}, {ORGANIZER_KIND}, {ORGANIZATION}"
COMPACT_EVERY = 50000
OPTION = "fdim, fvalue, dim, value"

TABLE = {
    "postgresql": "CREATE TABLE events_facetpair (id bigserial PRIMARY KEY, fdim smallint NOT NULL,"
                  " fvalue bigint NOT NULL, dim smallint NOT NULL, value bigint NOT NULL, n integer NOT NULL,"
                  " merged boolean NOT NULL DEFAULT false)",
    "sqlite": "CREATE TABLE events_facetpair (id integer PRIMARY KEY, fdim integer NOT NULL, fvalue integer NOT NULL,"
              " dim integer NOT NULL, value integer NOT NULL, n integer NOT NULL, merged bool NOT NULL DEFAULT 0)",
}
INDEXES = {
    # The counts of one broad option: an index-only range scan (n is carried in the index).
    "postgresql": ["CREATE INDEX facetpair_option ON events_facetpair (fdim, fvalue, dim, value) INCLUDE (n)",
                   # The rows a fold must rewrite: the deltas since the last one, found without reading the table.
                   "CREATE INDEX facetpair_fresh ON events_facetpair (id) WHERE NOT merged"],
    "sqlite": ["CREATE INDEX facetpair_option ON events_facetpair (fdim, fvalue, dim, value, n)",
               "CREATE INDEX facetpair_fresh ON events_facetpair (id) WHERE NOT merged"],
}
BACKFILL = (f"INSERT INTO events_facetpair ({OPTION}, n, merged) SELECT f.dim, f.value, c.dim, c.value, COUNT(*), {{true}}"
            " FROM events_eventfacet f JOIN events_eventfacet c ON c.event_id = f.event_id"
            f" AND (c.dim <> f.dim OR c.value <> f.value) WHERE f.dim IN ({BROAD}) GROUP BY 1, 2, 3, 4")


def pg_added() -> list[str]:
    """Statement level, over the rows just inserted (new_rows): every new pair counted once.

    A pair (broad option f, option c) of an event is new when f is new (whatever c), or when c is new and f was
    there before. The events are locked first: two transactions adding options to the same event at once would each
    miss the other's half of their pairs (each reads the event's rows from its own snapshot); the lock makes the
    second wait and then read the first's rows. FOR NO KEY UPDATE does not wait on the key-share locks of foreign-key
    checks, so loads adding links to different events never wait on each other.
    """
    return [
        "PERFORM 1 FROM events_event WHERE id IN (SELECT DISTINCT event_id FROM new_rows) ORDER BY id"
        " FOR NO KEY UPDATE",
        f"INSERT INTO events_facetpair ({OPTION}, n) SELECT fd, fv, d, v, COUNT(*) FROM ("
        " SELECT n.dim AS fd, n.value AS fv, c.dim AS d, c.value AS v FROM new_rows n"
        " JOIN events_eventfacet c ON c.event_id = n.event_id AND (c.dim <> n.dim OR c.value <> n.value)"
        f" WHERE n.dim IN ({BROAD})"
        " UNION ALL SELECT f.dim, f.value, n.dim, n.value FROM new_rows n"
        f" JOIN events_eventfacet f ON f.event_id = n.event_id AND f.dim IN ({BROAD})"
        " AND (f.dim <> n.dim OR f.value <> n.value)"
        " WHERE NOT EXISTS (SELECT 1 FROM new_rows o WHERE o.event_id = f.event_id AND o.dim = f.dim"
        " AND o.value = f.value)) AS pairs GROUP BY fd, fv, d, v",
    ]


def pg_removed() -> list[str]:
    """Statement level, over the rows just deleted (old_rows): the pairs they were part of, each once.

    Before the delete an event's options were what remains (the table now) plus old_rows; a pair is gone when either
    member is deleted."""
    return [
        "PERFORM 1 FROM events_event WHERE id IN (SELECT DISTINCT event_id FROM old_rows) ORDER BY id"
        " FOR NO KEY UPDATE",
        f"INSERT INTO events_facetpair ({OPTION}, n) SELECT fd, fv, d, v, -COUNT(*) FROM ("
        " SELECT o.dim AS fd, o.value AS fv, c.dim AS d, c.value AS v FROM old_rows o"  # deleted broad, kept other
        f" JOIN events_eventfacet c ON c.event_id = o.event_id WHERE o.dim IN ({BROAD})"
        " UNION ALL SELECT o.dim, o.value, c.dim, c.value FROM old_rows o"  # both deleted
        " JOIN old_rows c ON c.event_id = o.event_id AND (c.dim <> o.dim OR c.value <> o.value)"
        f" WHERE o.dim IN ({BROAD})"
        " UNION ALL SELECT f.dim, f.value, o.dim, o.value FROM old_rows o"  # kept broad, deleted other
        f" JOIN events_eventfacet f ON f.event_id = o.event_id AND f.dim IN ({BROAD})) AS pairs"
        " GROUP BY fd, fv, d, v",
    ]


def pg_compact() -> list[str]:
    """Fold the deltas when this statement's rows pass a multiple of COMPACT_EVERY (the fold's own rows never do).

    Only options with a delta since the last fold are rewritten. DELETE ... RETURNING: a concurrent fold's rows are
    moved by one of the two, never by both."""
    return [
        f"IF (SELECT MAX(id) / {COMPACT_EVERY} > MIN(id - 1) / {COMPACT_EVERY} FROM new_rows WHERE NOT merged) THEN"
        f" WITH fresh AS (SELECT DISTINCT {OPTION} FROM events_facetpair WHERE NOT merged"
        " AND id <= (SELECT MAX(id) FROM new_rows)),"
        " moved AS (DELETE FROM events_facetpair p USING fresh f WHERE p.fdim = f.fdim AND p.fvalue = f.fvalue"
        " AND p.dim = f.dim AND p.value = f.value AND p.id <= (SELECT MAX(id) FROM new_rows)"
        " RETURNING p.fdim, p.fvalue, p.dim, p.value, p.n)"
        f" INSERT INTO events_facetpair ({OPTION}, n, merged) SELECT {OPTION}, SUM(n), true FROM moved"
        f" GROUP BY {OPTION} HAVING SUM(n) <> 0; END IF",
    ]


def sqlite_triggers() -> list[str]:
    """Row level (SQLite has no statement triggers): one writer at a time, so the table always shows the event's
    other options, and each pair is counted when its second member arrives or its first leaves."""
    def pairs(row: str, sign: str) -> list[str]:
        return [
            f"INSERT INTO events_facetpair ({OPTION}, n) SELECT {row}.dim, {row}.value, c.dim, c.value, {sign}1"
            f" FROM events_eventfacet c WHERE c.event_id = {row}.event_id AND {row}.dim IN ({BROAD})"
            f" AND (c.dim <> {row}.dim OR c.value <> {row}.value)",
            f"INSERT INTO events_facetpair ({OPTION}, n) SELECT f.dim, f.value, {row}.dim, {row}.value, {sign}1"
            f" FROM events_eventfacet f WHERE f.event_id = {row}.event_id AND f.dim IN ({BROAD})"
            f" AND (f.dim <> {row}.dim OR f.value <> {row}.value)",
        ]

    fresh = f"SELECT {OPTION} FROM events_facetpair WHERE NOT merged AND id <= NEW.id"
    fold = [
        f"INSERT INTO events_facetpair ({OPTION}, n, merged) SELECT {OPTION}, SUM(n), 1 FROM events_facetpair"
        f" WHERE id <= NEW.id AND ({OPTION}) IN ({fresh}) GROUP BY {OPTION} HAVING SUM(n) <> 0",
        f"DELETE FROM events_facetpair WHERE id <= NEW.id AND ({OPTION}) IN ({fresh})",
    ]
    return [
        "CREATE TRIGGER marsad_facetpair_insert AFTER INSERT ON events_eventfacet FOR EACH ROW BEGIN "
        + "; ".join(pairs("NEW", "")) + "; END",
        "CREATE TRIGGER marsad_facetpair_delete AFTER DELETE ON events_eventfacet FOR EACH ROW BEGIN "
        + "; ".join(pairs("OLD", "-")) + "; END",
        "CREATE TRIGGER marsad_facetpair_compact AFTER INSERT ON events_facetpair FOR EACH ROW"
        f" WHEN NOT NEW.merged AND NEW.id % {COMPACT_EVERY} = 0 BEGIN " + "; ".join(fold) + "; END",
    ]


def pg_triggers() -> list[str]:
    out = []
    for name, table, event, body in [
        ("marsad_facetpair_insert", "events_eventfacet", "INSERT", pg_added()),
        ("marsad_facetpair_delete", "events_eventfacet", "DELETE", pg_removed()),
        ("marsad_facetpair_compact", "events_facetpair", "INSERT", pg_compact()),
    ]:
        transition = "NEW TABLE AS new_rows" if event == "INSERT" else "OLD TABLE AS old_rows"
        out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   + "; ".join(body) + "; RETURN NULL; END $$")
        out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition}"
                   f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    # TRUNCATE (Django's flush between transactional tests) fires no row trigger.
    out.append("CREATE OR REPLACE FUNCTION marsad_facetpair_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
               " TRUNCATE events_facetpair; RETURN NULL; END $$")
    out.append("CREATE TRIGGER marsad_facetpair_truncate AFTER TRUNCATE ON events_eventfacet FOR EACH STATEMENT"
               " EXECUTE FUNCTION marsad_facetpair_truncate()")
    return out


NAMES = ["marsad_facetpair_insert", "marsad_facetpair_delete", "marsad_facetpair_compact", "marsad_facetpair_truncate"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in TABLE:
        raise RuntimeError(f"The facet pair triggers are written for PostgreSQL and SQLite, not {vendor}.")
    backfill = BACKFILL.format(true="true" if vendor == "postgresql" else "1")
    triggers = pg_triggers() if vendor == "postgresql" else sqlite_triggers()
    # Rows for the stored events first, then the triggers that keep them.
    for statement in [TABLE[vendor], backfill, *INDEXES[vendor], *triggers]:
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute("ANALYZE events_facetpair")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name in NAMES:
        if vendor == "postgresql":
            table = "events_facetpair" if name.endswith("compact") else "events_eventfacet"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
    schema_editor.execute("DROP TABLE IF EXISTS events_facetpair", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0014_sqlite_event_search_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
