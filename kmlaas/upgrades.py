"""Can this release's migrations run while the previous release serves?

The release procedure (README "Upgrades") backs up, migrates, and only then
replaces the web and worker processes, so each migration runs beside live
traffic and for a while the previous release's code works on the new schema.
Two things can go wrong, and both are checked here for every migration
written since the last release (recorded in kmlaas/last_release.json):

- locks: a statement that scans, rewrites or indexes a table that already
  exists holds off its writes (often its reads too) for as long as that takes,
  which on the transfers, search entries or posts is minutes of errors;
- compatibility: the previous release's code meets a schema it cannot use —
  a table or column it reads is gone or renamed, or a new NOT NULL column has
  no database default, so its inserts fail.

A migration whose lock is known to be brief (a table that stays small) says
so: `reviewed_locks = {"table_name": "why it is brief"}` on its class.
"""

import json
import re
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython, RunSQL

from kmlaas import version

RELEASE_FILE = Path(__file__).with_name("last_release.json")

_TABLE = r'"?(?P<table>\w+)"?'
# Statement shapes that hold a lock while PostgreSQL reads every row, and what
# to write instead. Checked only on tables the migration did not create.
LOCKING_STATEMENTS = [
    (
        re.compile(rf"^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY).* ON {_TABLE}", re.I | re.S),
        "builds an index while writes wait: use AddIndexConcurrently in a migration with atomic = False",
    ),
    (
        re.compile(rf"^ALTER TABLE {_TABLE} .*ADD CONSTRAINT \S+ (UNIQUE|PRIMARY KEY|EXCLUDE)", re.I | re.S),
        "builds an index while writes wait: create a unique index concurrently first",
    ),
    (
        re.compile(
            rf"^ALTER TABLE {_TABLE} .*ADD CONSTRAINT (?!.*NOT VALID).*(FOREIGN KEY|CHECK)", re.I | re.S
        ),
        "checks every row while writes wait: add the constraint NOT VALID, validate it in a later migration",
    ),
    (
        re.compile(rf"^ALTER TABLE {_TABLE} .*ALTER COLUMN \S+ (SET DATA )?TYPE ", re.I | re.S),
        "may rewrite the whole table under an exclusive lock: add a new column and copy in batches",
    ),
    (
        re.compile(rf"^ALTER TABLE {_TABLE} .*ALTER COLUMN \S+ SET NOT NULL", re.I | re.S),
        "reads every row under an exclusive lock: add a validated CHECK (col IS NOT NULL) first",
    ),
]
_CREATED = re.compile(rf"^CREATE TABLE {_TABLE}", re.I)
# The table an ALTER TABLE or CREATE INDEX statement works on.
_TARGET = re.compile(
    r'^(?:ALTER TABLE (?:ONLY )?|CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?\S+ ON (?:ONLY )?)"?(\w+)"?', re.I
)


def read_release():
    return json.loads(RELEASE_FILE.read_text())


def mark_release(connection):
    """Record the current migrations as the released ones (step 1 of cutting a release)."""
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    migrations = {}
    for app_label, name in sorted(graph.leaf_nodes()):
        migrations.setdefault(app_label, []).append(name)
    release = version()
    RELEASE_FILE.write_text(json.dumps({"version": release, "migrations": migrations}, indent=2) + "\n")
    return release


def _released_nodes(graph, release):
    nodes = set()
    for app_label, names in release["migrations"].items():
        for name in names:
            if (app_label, name) not in graph.nodes:
                raise ValueError(
                    f"{app_label}.{name} is named in {RELEASE_FILE.name} but no longer exists; "
                    "a released migration must never be removed or renamed"
                )
            nodes.update(graph.forwards_plan((app_label, name)))
    return nodes


def new_migrations(connection, release):
    """The migrations written since the release, in the order migrate applies them."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    released = _released_nodes(loader.graph, release)
    plan = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [
            node for node in loader.graph.forwards_plan(leaf) if node not in released and node not in plan
        ]
    return loader, [loader.graph.nodes[node] for node in plan]


def lock_problems(connection, release):
    """One line per statement that would hold a table while it works."""
    loader, migrations = new_migrations(connection, release)
    problems = []
    for migration in migrations:
        statements = [s for s in loader.collect_sql([(migration, False)]) if not s.startswith("--")]
        created = {m["table"] for s in statements if (m := _CREATED.match(s))}
        reviewed = getattr(migration, "reviewed_locks", {})
        name = f"{migration.app_label}.{migration.name}"
        for statement in statements:
            for pattern, advice in LOCKING_STATEMENTS:
                match = pattern.match(statement)
                if match and match["table"] not in created and match["table"] not in reviewed:
                    problems.append(f"{name}: {statement.strip()[:120]} — {advice}")
        runs_code = any(isinstance(op, (RunPython, RunSQL)) for op in migration.operations)
        altered = {m[1] for s in statements if (m := _TARGET.match(s))} - created
        if migration.atomic and runs_code and altered - set(reviewed):
            problems.append(
                f"{name}: changes {', '.join(sorted(altered))} and migrates data in one transaction, "
                "so the table stays locked for the whole data migration — split it in two migrations"
            )
    return problems


def compatibility_problems(connection, release):
    """One line per table or column where the released code would fail on the
    schema this database has now (it must be migrated to this release)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = [(app, name) for app, names in release["migrations"].items() for name in names]
    old_apps = loader.project_state(nodes=leaves, at_end=True).apps
    columns = _columns(connection)
    problems = []
    for model in old_apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        table = model._meta.db_table
        if table not in columns:
            problems.append(f"{table}: the released code reads this table and it is gone")
            continue
        used = {field.column for field in model._meta.local_concrete_fields}
        for column in sorted(used - columns[table].keys()):
            problems.append(f"{table}.{column}: the released code reads this column and it is gone")
        for column, fills_itself in sorted(columns[table].items()):
            if column not in used and not fills_itself:
                problems.append(
                    f"{table}.{column}: NOT NULL without a database default, so the released code "
                    "cannot insert rows — give the field db_default= or null=True until the next release"
                )
    return problems


def _columns(connection):
    """{table: {column: whether an INSERT that leaves it out still succeeds}}."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name,
                   is_nullable = 'YES' OR column_default IS NOT NULL OR is_identity = 'YES'
                   OR is_generated = 'ALWAYS'
            FROM information_schema.columns WHERE table_schema = current_schema()
            """
        )
        columns = {}
        for table, column, fills_itself in cursor.fetchall():
            columns.setdefault(table, {})[column] = fills_itself
    return columns
