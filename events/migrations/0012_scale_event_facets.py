"""The facet table (issue 15): one (dimension, event, value) row per facet option an event counts in, kept by triggers.

Facet counts over a filtered list become one index-only count over the filtered events' rows of this narrow table
(events/facets.py) instead of joins of events, places, links and organizations, so a first visit is fast without the
cache. Database triggers keep it right whatever writes the catalogue (the loader's plain SQL, curation edits and
merges, the admin, bulk deletes), on PostgreSQL and SQLite alike; nothing in Python has to remember it.

The SQL is frozen here on purpose (a migration must not change when application code does). The codes of kinds and
organization kinds are the positions in Event.Kind and Organization.Kind; tests/scale/test_facet_table.py fails if the
models gain a kind this migration does not know (then a new migration must replace the triggers).
"""
from django.db import migrations

EVENT_KINDS = ["summit", "forum", "conference", "meeting", "workshop", "fair", "award", "training", "other"]
ORG_KINDS = ["ministry", "public_agency", "association", "cooperative", "foundation", "network", "international",
             "company", "university", "local_authority", "political_group", "other"]
# Dimensions (events/facets.py has the same numbers).
KIND, YEAR, MONTH, REGION, CITY, COUNTRY, ORGANIZER_KIND, ORGANIZATION, PERSON = range(1, 10)
ALL_DIMS = "1, 2, 3, 4, 5, 6, 7, 8, 9"
COMPACT_EVERY = 20000
EVENT_DIMS = "1, 2, 3, 4, 5, 6"


def code(column: str, names: list[str]) -> str:
    whens = " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(names, 1))
    return f"(CASE {column} {whens} ELSE 0 END)"


ENGINES = {
    "postgresql": {
        "year": "EXTRACT(YEAR FROM {d})::bigint",
        "month": "(EXTRACT(YEAR FROM {d}) * 100 + EXTRACT(MONTH FROM {d}))::bigint",
        "insert": "INSERT INTO events_eventfacet (dim, event_id, value)",
        "ignore": " ON CONFLICT DO NOTHING",
        "distinct": "IS DISTINCT FROM",
        # DELETE ... RETURNING: a concurrent compaction's rows are either moved by this one or by the other, never both.
        "compact": ["WITH moved AS (DELETE FROM events_facettotal WHERE id <= NEW.id RETURNING dim, value, n)"
                    " INSERT INTO events_facettotal (dim, value, n, merged) SELECT dim, value, SUM(n), true FROM moved"
                    " GROUP BY dim, value HAVING SUM(n) <> 0"],
    },
    "sqlite": {
        "year": "CAST(strftime('%Y', {d}) AS INTEGER)",
        "month": "CAST(strftime('%Y%m', {d}) AS INTEGER)",
        "insert": "INSERT OR IGNORE INTO events_eventfacet (dim, event_id, value)",
        "ignore": "",
        "distinct": "IS NOT",
        # One writer at a time on SQLite: sum, then delete what was summed.
        "compact": ["INSERT INTO events_facettotal (dim, value, n, merged) SELECT dim, value, SUM(n), 1"
                    " FROM events_facettotal WHERE id <= NEW.id GROUP BY dim, value HAVING SUM(n) <> 0",
                    "DELETE FROM events_facettotal WHERE id <= NEW.id"],
    },
}


def statements(sql: dict) -> dict[str, tuple[str, str, str, list[str]]]:
    """Return trigger name → (table, event, WHEN condition or "", statements), for one engine."""
    ins, ign, ne = sql["insert"], sql["ignore"], sql["distinct"]
    year, month = sql["year"].format(d="NEW.start_date"), sql["month"].format(d="NEW.start_date")
    event_rows = [
        f"{ins} SELECT {KIND}, NEW.id, {code('NEW.kind', EVENT_KINDS)}"
        f" UNION ALL SELECT {YEAR}, NEW.id, {year} WHERE NEW.start_date IS NOT NULL"
        f" UNION ALL SELECT {MONTH}, NEW.id, {month} WHERE NEW.start_date IS NOT NULL"
        f" UNION ALL SELECT {REGION}, NEW.id, COALESCE(p.region_id, CASE WHEN p.kind = 'region' THEN p.id END)"
        f" FROM events_place p WHERE p.id = NEW.place_id AND (p.region_id IS NOT NULL OR p.kind = 'region')"
        f" UNION ALL SELECT {CITY}, NEW.id, p.id FROM events_place p WHERE p.id = NEW.place_id AND p.kind <> 'region'"
        f" UNION ALL SELECT {COUNTRY}, NEW.id, NEW.country_id WHERE NEW.country_id IS NOT NULL{ign}"
    ]
    org_kind = code("o.kind", ORG_KINDS)

    def org_link_added(r: str) -> list[str]:
        return [
            f"{ins} SELECT {ORGANIZATION}, {r}.event_id, {r}.organization_id{ign}",
            f"{ins} SELECT {ORGANIZER_KIND}, {r}.event_id, {org_kind} FROM events_organization o"
            f" WHERE o.id = {r}.organization_id AND {r}.role = 'organizer'{ign}",
        ]

    def org_link_removed(r: str) -> list[str]:
        return [
            f"DELETE FROM events_eventfacet WHERE dim = {ORGANIZATION} AND event_id = {r}.event_id"
            f" AND value = {r}.organization_id AND NOT EXISTS (SELECT 1 FROM events_eventorganization l"
            f" WHERE l.event_id = {r}.event_id AND l.organization_id = {r}.organization_id)",
            f"DELETE FROM events_eventfacet WHERE dim = {ORGANIZER_KIND} AND event_id = {r}.event_id"
            f" AND value NOT IN (SELECT {org_kind} FROM events_eventorganization l JOIN events_organization o"
            f" ON o.id = l.organization_id WHERE l.event_id = {r}.event_id AND l.role = 'organizer')",
        ]

    def person_link_added(r: str) -> list[str]:
        return [f"{ins} SELECT {PERSON}, {r}.event_id, {r}.person_id{ign}"]

    def person_link_removed(r: str) -> list[str]:
        return [
            f"DELETE FROM events_eventfacet WHERE dim = {PERSON} AND event_id = {r}.event_id"
            f" AND value = {r}.person_id AND NOT EXISTS (SELECT 1 FROM events_eventperson l"
            f" WHERE l.event_id = {r}.event_id AND l.person_id = {r}.person_id)"
        ]

    totals = [  # one delta row per change: no row is updated in place, so concurrent loads never wait on each other
        ("marsad_facets_total_insert", "INSERT", "INSERT INTO events_facettotal (dim, value, n) VALUES (NEW.dim, NEW.value, 1)"),
        ("marsad_facets_total_delete", "DELETE", "INSERT INTO events_facettotal (dim, value, n) VALUES (OLD.dim, OLD.value, -1)"),
    ]
    organizer_events = ("SELECT event_id FROM events_eventorganization WHERE organization_id = NEW.id"
                        " AND role = 'organizer'")
    place_events = "SELECT id FROM events_event WHERE place_id = NEW.id"
    return {
        **{name: ("events_eventfacet", event, "", [body]) for name, event, body in totals},
        # Every COMPACT_EVERY delta rows, the rows so far become one row per option (sums), in the same transaction.
        "marsad_facets_total_compact": ("events_facettotal", "INSERT", f"NOT NEW.merged AND NEW.id % {COMPACT_EVERY} = 0",
                                        sql["compact"]),
        "marsad_facets_event_insert": ("events_event", "INSERT", "", event_rows),
        "marsad_facets_event_update": (
            "events_event", "UPDATE",
            f"OLD.kind {ne} NEW.kind OR OLD.start_date {ne} NEW.start_date OR OLD.place_id {ne} NEW.place_id"
            f" OR OLD.country_id {ne} NEW.country_id",
            [f"DELETE FROM events_eventfacet WHERE dim IN ({EVENT_DIMS}) AND event_id = OLD.id", *event_rows],
        ),
        "marsad_facets_event_delete": (
            "events_event", "DELETE", "",
            [f"DELETE FROM events_eventfacet WHERE dim IN ({ALL_DIMS}) AND event_id = OLD.id"],
        ),
        "marsad_facets_eventorg_insert": ("events_eventorganization", "INSERT", "", org_link_added("NEW")),
        "marsad_facets_eventorg_update": (
            "events_eventorganization", "UPDATE",
            f"OLD.event_id {ne} NEW.event_id OR OLD.organization_id {ne} NEW.organization_id OR OLD.role {ne} NEW.role",
            org_link_removed("OLD") + org_link_added("NEW"),
        ),
        "marsad_facets_eventorg_delete": ("events_eventorganization", "DELETE", "", org_link_removed("OLD")),
        "marsad_facets_eventperson_insert": ("events_eventperson", "INSERT", "", person_link_added("NEW")),
        "marsad_facets_eventperson_update": (
            "events_eventperson", "UPDATE", f"OLD.event_id {ne} NEW.event_id OR OLD.person_id {ne} NEW.person_id",
            person_link_removed("OLD") + person_link_added("NEW"),
        ),
        "marsad_facets_eventperson_delete": ("events_eventperson", "DELETE", "", person_link_removed("OLD")),
        # An organization's kind changes the organizer-type facet of every event it organizes.
        "marsad_facets_organization_kind": (
            "events_organization", "UPDATE", f"OLD.kind {ne} NEW.kind",
            [f"DELETE FROM events_eventfacet WHERE dim = {ORGANIZER_KIND} AND event_id IN ({organizer_events})",
             f"{ins} SELECT DISTINCT {ORGANIZER_KIND}, l.event_id, {org_kind} FROM events_eventorganization l"
             f" JOIN events_organization o ON o.id = l.organization_id WHERE l.role = 'organizer'"
             f" AND l.event_id IN ({organizer_events}){ign}"],
        ),
        # A place's region or kind changes the region and city facets of every event held there.
        "marsad_facets_place_region": (
            "events_place", "UPDATE", f"OLD.region_id {ne} NEW.region_id OR OLD.kind {ne} NEW.kind",
            [f"DELETE FROM events_eventfacet WHERE dim IN ({REGION}, {CITY}) AND event_id IN ({place_events})",
             f"{ins} SELECT {REGION}, e.id, COALESCE(NEW.region_id, CASE WHEN NEW.kind = 'region' THEN NEW.id END)"
             f" FROM events_event e WHERE e.place_id = NEW.id AND (NEW.region_id IS NOT NULL OR NEW.kind = 'region')"
             f" UNION ALL SELECT {CITY}, e.id, NEW.id FROM events_event e WHERE e.place_id = NEW.id"
             f" AND NEW.kind <> 'region'{ign}"],
        ),
    }


def backfill(sql: dict) -> list[str]:
    """Rows for the events already stored (set-based, once)."""
    ins, ign = sql["insert"], sql["ignore"]
    year, month = sql["year"].format(d="e.start_date"), sql["month"].format(d="e.start_date")
    return [
        f"{ins} SELECT {KIND}, e.id, {code('e.kind', EVENT_KINDS)} FROM events_event e{ign}",
        f"{ins} SELECT {YEAR}, e.id, {year} FROM events_event e WHERE e.start_date IS NOT NULL{ign}",
        f"{ins} SELECT {MONTH}, e.id, {month} FROM events_event e WHERE e.start_date IS NOT NULL{ign}",
        f"{ins} SELECT {REGION}, e.id, COALESCE(p.region_id, CASE WHEN p.kind = 'region' THEN p.id END)"
        f" FROM events_event e JOIN events_place p ON p.id = e.place_id"
        f" WHERE p.region_id IS NOT NULL OR p.kind = 'region'{ign}",
        f"{ins} SELECT {CITY}, e.id, p.id FROM events_event e JOIN events_place p ON p.id = e.place_id"
        f" WHERE p.kind <> 'region'{ign}",
        f"{ins} SELECT {COUNTRY}, e.id, e.country_id FROM events_event e WHERE e.country_id IS NOT NULL{ign}",
        f"{ins} SELECT DISTINCT {ORGANIZATION}, l.event_id, l.organization_id FROM events_eventorganization l{ign}",
        f"{ins} SELECT DISTINCT {ORGANIZER_KIND}, l.event_id, {code('o.kind', ORG_KINDS)}"
        f" FROM events_eventorganization l JOIN events_organization o ON o.id = l.organization_id"
        f" WHERE l.role = 'organizer'{ign}",
        f"{ins} SELECT DISTINCT {PERSON}, l.event_id, l.person_id FROM events_eventperson l{ign}",
    ]


def statement_level() -> dict[str, list[str]]:
    """PostgreSQL: set-based bodies over the statement's transition tables (new_rows, old_rows) for the writes that
    come in bulk (the loader inserts links many rows a statement; a merge or a delete removes many). One call of
    PL/pgSQL per statement instead of one per row, and one delta row per option instead of one per row: measured
    on 4,000 links, the row-level version cost about 14 times the insert itself."""
    ins, ign = ENGINES["postgresql"]["insert"], ENGINES["postgresql"]["ignore"]
    year = ENGINES["postgresql"]["year"].format(d="n.start_date")
    month = ENGINES["postgresql"]["month"].format(d="n.start_date")
    org_kind = code("o.kind", ORG_KINDS)
    return {
        "marsad_facets_event_insert": [
            f"{ins} SELECT {KIND}, n.id, {code('n.kind', EVENT_KINDS)} FROM new_rows n"
            f" UNION ALL SELECT {YEAR}, n.id, {year} FROM new_rows n WHERE n.start_date IS NOT NULL"
            f" UNION ALL SELECT {MONTH}, n.id, {month} FROM new_rows n WHERE n.start_date IS NOT NULL"
            f" UNION ALL SELECT {REGION}, n.id, COALESCE(p.region_id, CASE WHEN p.kind = 'region' THEN p.id END)"
            f" FROM new_rows n JOIN events_place p ON p.id = n.place_id WHERE p.region_id IS NOT NULL"
            f" OR p.kind = 'region'"
            f" UNION ALL SELECT {CITY}, n.id, p.id FROM new_rows n JOIN events_place p ON p.id = n.place_id"
            f" WHERE p.kind <> 'region'"
            f" UNION ALL SELECT {COUNTRY}, n.id, n.country_id FROM new_rows n WHERE n.country_id IS NOT NULL{ign}",
        ],
        "marsad_facets_event_delete": [
            "DELETE FROM events_eventfacet WHERE event_id IN (SELECT id FROM old_rows)",
        ],
        "marsad_facets_eventorg_insert": [
            f"{ins} SELECT DISTINCT {ORGANIZATION}, n.event_id, n.organization_id FROM new_rows n{ign}",
            f"{ins} SELECT DISTINCT {ORGANIZER_KIND}, n.event_id, {org_kind} FROM new_rows n"
            f" JOIN events_organization o ON o.id = n.organization_id WHERE n.role = 'organizer'{ign}",
        ],
        "marsad_facets_eventorg_delete": [
            f"DELETE FROM events_eventfacet f USING (SELECT DISTINCT event_id, organization_id FROM old_rows) r"
            f" WHERE f.dim = {ORGANIZATION} AND f.event_id = r.event_id AND f.value = r.organization_id"
            f" AND NOT EXISTS (SELECT 1 FROM events_eventorganization l WHERE l.event_id = r.event_id"
            f" AND l.organization_id = r.organization_id)",
            f"DELETE FROM events_eventfacet f WHERE f.dim = {ORGANIZER_KIND}"
            f" AND f.event_id IN (SELECT event_id FROM old_rows WHERE role = 'organizer')"
            f" AND f.value NOT IN (SELECT {org_kind} FROM events_eventorganization l JOIN events_organization o"
            f" ON o.id = l.organization_id WHERE l.event_id = f.event_id AND l.role = 'organizer')",
        ],
        "marsad_facets_eventperson_insert": [
            f"{ins} SELECT DISTINCT {PERSON}, n.event_id, n.person_id FROM new_rows n{ign}",
        ],
        "marsad_facets_eventperson_delete": [
            f"DELETE FROM events_eventfacet f USING (SELECT DISTINCT event_id, person_id FROM old_rows) r"
            f" WHERE f.dim = {PERSON} AND f.event_id = r.event_id AND f.value = r.person_id"
            f" AND NOT EXISTS (SELECT 1 FROM events_eventperson l WHERE l.event_id = r.event_id"
            f" AND l.person_id = r.person_id)",
        ],
        "marsad_facets_total_insert": [
            "INSERT INTO events_facettotal (dim, value, n) SELECT dim, value, COUNT(*) FROM new_rows GROUP BY dim, value",
        ],
        "marsad_facets_total_delete": [
            "INSERT INTO events_facettotal (dim, value, n) SELECT dim, value, -COUNT(*) FROM old_rows GROUP BY dim, value",
        ],
        # Compacts when the statement's delta rows pass a multiple of COMPACT_EVERY (its own merged rows never do).
        "marsad_facets_total_compact": [
            f"IF (SELECT MAX(id) / {COMPACT_EVERY} > MIN(id - 1) / {COMPACT_EVERY} FROM new_rows WHERE NOT merged) THEN"
            " WITH moved AS (DELETE FROM events_facettotal WHERE id <= (SELECT MAX(id) FROM new_rows)"
            " RETURNING dim, value, n) INSERT INTO events_facettotal (dim, value, n, merged)"
            " SELECT dim, value, SUM(n), true FROM moved GROUP BY dim, value HAVING SUM(n) <> 0; END IF",
        ],
    }


def create_triggers(vendor: str) -> list[str]:
    sql = ENGINES[vendor]
    out = []
    bulk = statement_level() if vendor == "postgresql" else {}
    for name, (table, event, when, body) in statements(sql).items():
        condition = f" WHEN ({when})" if when else ""
        if name in bulk:
            transition = "NEW TABLE AS new_rows" if event == "INSERT" else "OLD TABLE AS old_rows"
            out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       + "; ".join(bulk[name]) + "; RETURN NULL; END $$")
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition}"
                       f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
        elif vendor == "postgresql":
            out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       + "; ".join(body) + "; RETURN NULL; END $$")
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{condition}"
                       f" EXECUTE FUNCTION {name}()")
        else:
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{condition} BEGIN "
                       + "; ".join(body) + "; END")
    return out


def drop_triggers(vendor: str) -> list[str]:
    out = []
    for name, (table, *_rest) in statements(ENGINES[vendor]).items():
        if vendor == "postgresql":
            out += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        else:
            out.append(f"DROP TRIGGER IF EXISTS {name}")
    return out


# Not a Django model: derived rows, outside backups, admin and dumpdata. The primary key (event, dimension, value) is the
# covering index of counts over filtered events.
TABLE = {
    "postgresql": "CREATE TABLE events_eventfacet (event_id bigint NOT NULL, dim smallint NOT NULL, value bigint NOT NULL,"
                  " PRIMARY KEY (event_id, dim, value))",
    # WITHOUT ROWID: the table is its primary key's b-tree, one copy of each row instead of a table and an index.
    "sqlite": "CREATE TABLE events_eventfacet (event_id integer NOT NULL, dim integer NOT NULL, value integer NOT NULL,"
              " PRIMARY KEY (event_id, dim, value)) WITHOUT ROWID",
}
# Counts of the whole catalogue, as delta rows (+1, -1) that triggers append and compact: the unfiltered list reads
# about one row per option instead of counting a million, and a filter selecting most events is counted as the
# catalogue minus the events it leaves out (events/facets.py).
TOTALS = {
    "postgresql": "CREATE TABLE events_facettotal (id bigserial PRIMARY KEY, dim smallint NOT NULL, value bigint NOT NULL,"
                  " n integer NOT NULL, merged boolean NOT NULL DEFAULT false)",
    "sqlite": "CREATE TABLE events_facettotal (id integer PRIMARY KEY, dim integer NOT NULL, value integer NOT NULL,"
              " n integer NOT NULL, merged bool NOT NULL DEFAULT 0)",
}
TOTALS_INDEX = "CREATE INDEX facettotal_dim ON events_facettotal (dim)"
TOTALS_BACKFILL = ("INSERT INTO events_facettotal (dim, value, n, merged) SELECT dim, value, COUNT(*), {true}"
                   " FROM events_eventfacet GROUP BY dim, value")
# TRUNCATE (Django's flush on PostgreSQL, between transactional tests) fires no row trigger: empty the rows with it.
# SQLite has no TRUNCATE; its flush deletes rows, which the row triggers follow.
TRUNCATES = {
    "events_event": "TRUNCATE events_eventfacet",
    "events_eventfacet": "TRUNCATE events_facettotal",
    "events_eventorganization": f"DELETE FROM events_eventfacet WHERE dim IN ({ORGANIZER_KIND}, {ORGANIZATION})",
    "events_eventperson": f"DELETE FROM events_eventfacet WHERE dim = {PERSON}",
}


def truncate_triggers() -> list[str]:
    out = []
    for table, body in TRUNCATES.items():
        name = f"marsad_facets_{table.removeprefix('events_')}_truncate"
        out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body};"
                   " RETURN NULL; END $$")
        out.append(f"CREATE TRIGGER {name} AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    return out


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ENGINES:
        raise RuntimeError(f"The facet table's triggers are written for PostgreSQL and SQLite, not {vendor}.")
    extra = truncate_triggers() if vendor == "postgresql" else []
    totals = TOTALS_BACKFILL.format(true="true" if vendor == "postgresql" else "1")
    # Rows for the stored events first, then the triggers that keep them (no delta row per backfilled row).
    for statement in [TABLE[vendor], TOTALS[vendor], TOTALS_INDEX, *backfill(ENGINES[vendor]), totals, *create_triggers(vendor),
                      *extra]:
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute("ANALYZE events_eventfacet")
        schema_editor.execute("ANALYZE events_facettotal")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in drop_triggers(vendor):
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        for table in TRUNCATES:
            name = f"marsad_facets_{table.removeprefix('events_')}_truncate"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)
    schema_editor.execute("DROP TABLE IF EXISTS events_eventfacet", params=None)
    schema_editor.execute("DROP TABLE IF EXISTS events_facettotal", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0011_site_latin_names"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
