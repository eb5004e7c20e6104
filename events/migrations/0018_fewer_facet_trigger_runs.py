"""Fewer facet trigger runs per loaded article on PostgreSQL (issue 15, the loader's server time).

Measured with track_functions on 400 loaded articles, the statement-level triggers that keep events_facetpair ran
3.7 times an article and cost more than any statement the loader sends:

- a new organization link wrote its two kinds of facet rows (the organization, and the organizer's type) in two
  INSERT statements, so every trigger on events_eventfacet (the pair counts, about 1.4 ms a run, and the totals)
  ran twice for it. One INSERT now writes both;
- the pairs' fold check ran after every insert into events_facetpair (0.34 ms a run, to compare two ids). It is
  now a row trigger whose WHEN condition PostgreSQL tests without calling any function, as SQLite's always was:
  it folds when a delta row's id is a multiple of COMPACT_EVERY. A statement that crossed the multiple and was rolled
  back skipped its fold before too; the next multiple folds then.

The SQL is frozen here (a migration must not change when application code does). SQLite is unchanged.
"""
from django.db import migrations

ORGANIZER_KIND, ORGANIZATION = 7, 8  # as in migration 0012
ORG_KINDS = ["ministry", "public_agency", "association", "cooperative", "foundation", "network", "international",
             "company", "university", "local_authority", "political_group", "other"]
COMPACT_EVERY = 50000  # as in migration 0015
OPTION = "fdim, fvalue, dim, value"


def _org_kind(column: str) -> str:
    whens = " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(ORG_KINDS, 1))
    return f"(CASE {column} {whens} ELSE 0 END)"


ORG_LINK_ADDED = (
    "CREATE OR REPLACE FUNCTION marsad_facets_eventorg_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" INSERT INTO events_eventfacet (dim, event_id, value)"
    f" SELECT {ORGANIZATION}, n.event_id, n.organization_id FROM new_rows n"
    f" UNION SELECT {ORGANIZER_KIND}, n.event_id, {_org_kind('o.kind')} FROM new_rows n"
    " JOIN events_organization o ON o.id = n.organization_id WHERE n.role = 'organizer'"
    " ON CONFLICT DO NOTHING; RETURN NULL; END $$"
)
ORG_LINK_ADDED_BEFORE = (  # migration 0012's
    "CREATE OR REPLACE FUNCTION marsad_facets_eventorg_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" INSERT INTO events_eventfacet (dim, event_id, value) SELECT DISTINCT {ORGANIZATION}, n.event_id,"
    " n.organization_id FROM new_rows n ON CONFLICT DO NOTHING;"
    f" INSERT INTO events_eventfacet (dim, event_id, value) SELECT DISTINCT {ORGANIZER_KIND}, n.event_id,"
    f" {_org_kind('o.kind')} FROM new_rows n JOIN events_organization o ON o.id = n.organization_id"
    " WHERE n.role = 'organizer' ON CONFLICT DO NOTHING; RETURN NULL; END $$"
)
# The fold of migration 0015, up to the row that fired it: only the options with a delta are rewritten, and
# DELETE ... RETURNING moves a concurrent fold's rows once.
PAIR_FOLD = [
    "DROP TRIGGER IF EXISTS marsad_facetpair_compact ON events_facetpair",
    "CREATE OR REPLACE FUNCTION marsad_facetpair_compact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" WITH fresh AS (SELECT DISTINCT {OPTION} FROM events_facetpair WHERE NOT merged AND id <= NEW.id),"
    " moved AS (DELETE FROM events_facetpair p USING fresh f WHERE p.fdim = f.fdim AND p.fvalue = f.fvalue"
    " AND p.dim = f.dim AND p.value = f.value AND p.id <= NEW.id RETURNING p.fdim, p.fvalue, p.dim, p.value, p.n)"
    f" INSERT INTO events_facetpair ({OPTION}, n, merged) SELECT {OPTION}, SUM(n), true FROM moved"
    f" GROUP BY {OPTION} HAVING SUM(n) <> 0; RETURN NULL; END $$",
    "CREATE TRIGGER marsad_facetpair_compact AFTER INSERT ON events_facetpair FOR EACH ROW"
    f" WHEN (NOT NEW.merged AND NEW.id % {COMPACT_EVERY} = 0) EXECUTE FUNCTION marsad_facetpair_compact()",
]
PAIR_FOLD_BEFORE = [  # migration 0015's
    "DROP TRIGGER IF EXISTS marsad_facetpair_compact ON events_facetpair",
    "CREATE OR REPLACE FUNCTION marsad_facetpair_compact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" IF (SELECT MAX(id) / {COMPACT_EVERY} > MIN(id - 1) / {COMPACT_EVERY} FROM new_rows WHERE NOT merged) THEN"
    f" WITH fresh AS (SELECT DISTINCT {OPTION} FROM events_facetpair WHERE NOT merged"
    " AND id <= (SELECT MAX(id) FROM new_rows)),"
    " moved AS (DELETE FROM events_facetpair p USING fresh f WHERE p.fdim = f.fdim AND p.fvalue = f.fvalue"
    " AND p.dim = f.dim AND p.value = f.value AND p.id <= (SELECT MAX(id) FROM new_rows)"
    " RETURNING p.fdim, p.fvalue, p.dim, p.value, p.n)"
    f" INSERT INTO events_facetpair ({OPTION}, n, merged) SELECT {OPTION}, SUM(n), true FROM moved"
    f" GROUP BY {OPTION} HAVING SUM(n) <> 0; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER marsad_facetpair_compact AFTER INSERT ON events_facetpair REFERENCING NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION marsad_facetpair_compact()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [ORG_LINK_ADDED, *PAIR_FOLD]:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [ORG_LINK_ADDED_BEFORE, *PAIR_FOLD_BEFORE]:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0017_event_search_table"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
