"""Upgrades (README "Upgrades"): the migrations since the last release run
beside the released code serving, and `migrate` gives way to busy tables
instead of stalling the site."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from kmlaas import upgrades
from tests.databases import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _manage(database, *args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(database), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def upgraded_database(django_db_setup, django_db_blocker):
    """A new database at the last release's schema, then migrated to this one
    the way a release does it; yields its name and the two runs."""
    with django_db_blocker.unblock():
        params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    name = f"{connection.settings_dict['NAME']}_upgrade"
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    released = [
        (app, migration)
        for app, names in upgrades.read_release()["migrations"].items()
        for migration in names
    ]
    to_release = _manage(
        name,
        "shell",
        "-c",
        "from django.core.management import call_command\n"
        f"for app, migration in {released!r}: call_command('migrate', app, migration, verbosity=0)",
    )
    forward = _manage(name, "migrate", "--noinput")
    yield name, to_release, forward
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_released_schema_migrates_forward_and_passes_the_upgrade_check(upgraded_database):
    name, to_release, forward = upgraded_database
    assert to_release.returncode == 0, to_release.stderr
    assert forward.returncode == 0, forward.stderr

    check = _manage(name, "check_upgrade")

    assert check.returncode == 0, check.stderr
    assert "safe to apply while it serves" in check.stdout


def test_migrate_gives_way_to_a_busy_table_and_changes_nothing(upgraded_database):
    name = upgraded_database[0]
    assert _manage(name, "migrate", "webboard", "0004", "--noinput").returncode == 0
    params = {**connection.get_connection_params(), "dbname": name}
    with psycopg.connect(**params) as reader:
        reader.execute("SELECT count(*) FROM webboard_report")  # a long report: its transaction stays open
        busy = _manage(
            name,
            "migrate",
            "webboard",
            "--noinput",
            MIGRATE_LOCK_TIMEOUT="300ms",
            MIGRATE_LOCK_RETRIES="1",
            MIGRATE_LOCK_PAUSE="0",
        )
        reader.rollback()

        assert busy.returncode == 1
        assert "Trying again in 0 s (1 of 1)" in busy.stderr
        assert "Run migrate again when the site is quieter" in busy.stderr
        applied = reader.execute(
            "SELECT name FROM django_migrations WHERE app = 'webboard' AND name = '0005_report_once'"
        ).fetchall()
        assert applied == []

    assert _manage(name, "migrate", "webboard", "--noinput").returncode == 0
    with psycopg.connect(**params) as reader:
        constraint = reader.execute("SELECT 1 FROM pg_constraint WHERE conname = 'webboard_report_once'")
        assert constraint.fetchone() == (1,)


def test_the_release_record_names_every_app_with_migrations(db):
    recorded = upgrades.read_release()["migrations"]
    _, since = upgrades.new_migrations(connection, upgrades.read_release())

    assert {"kmlaas", "webboard", "subsidies", "fiscal", "search"} <= recorded.keys()
    assert [m for m in since if m.app_label not in recorded] == []


def test_it_flags_a_constraint_built_under_lock_and_data_migrated_in_the_same_transaction(db):
    release = upgrades.read_release()
    release["migrations"]["webboard"] = ["0004_thai_field_names"]

    problems = upgrades.lock_problems(connection, release)

    assert len(problems) == 2
    assert problems[0].startswith('webboard.0005_report_once: ALTER TABLE "webboard_report" ADD CONSTRAINT')
    assert "create a unique index concurrently first" in problems[0]
    assert "split it in two migrations" in problems[1]


def test_a_reviewed_lock_is_not_flagged(db, monkeypatch):
    release = upgrades.read_release()
    release["migrations"]["webboard"] = ["0004_thai_field_names"]
    # 0005 takes the lock; later webboard migrations may follow it in the plan.
    loader, migrations = upgrades.new_migrations(connection, release)
    migration = next(m for m in migrations if m.name == "0005_report_once")
    monkeypatch.setattr(
        type(migration), "reviewed_locks", {"webboard_report": "a few hundred rows"}, raising=False
    )

    assert upgrades.lock_problems(connection, release) == []


def test_it_flags_what_the_released_code_could_no_longer_read_or_insert(db):
    assert upgrades.compatibility_problems(connection, upgrades.read_release()) == []

    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute('ALTER TABLE news_newsitem RENAME COLUMN "summary" TO "lead"')
        cursor.execute("ALTER TABLE faq_faq ADD COLUMN audience text NOT NULL DEFAULT ''")
        cursor.execute("ALTER TABLE faq_faq ALTER COLUMN audience DROP DEFAULT")
        cursor.execute("ALTER TABLE faq_faq ADD COLUMN level integer NOT NULL DEFAULT 1")
        cursor.execute("ALTER TABLE downloads_category RENAME TO downloads_kind")

    problems = upgrades.compatibility_problems(connection, upgrades.read_release())

    assert "news_newsitem.summary: the released code reads this column and it is gone" in problems
    assert any(p.startswith("faq_faq.audience: NOT NULL without a database default") for p in problems)
    assert not any(p.startswith("faq_faq.level") for p in problems)
    assert "downloads_category: the released code reads this table and it is gone" in problems


def test_check_upgrade_refuses_a_release_with_problems_and_records_a_new_one(db, tmp_path, monkeypatch):
    release_file = tmp_path / "last_release.json"
    monkeypatch.setattr(upgrades, "RELEASE_FILE", release_file)
    call_command("check_upgrade", "--mark-release", stdout=open(os.devnull, "w"))
    latest = upgrades.read_release()["migrations"]["webboard"]
    assert latest == [name for app, name in MigrationLoader(connection).graph.leaf_nodes("webboard")]

    # Back to before 0005, whose lock and unique index are the two problems.
    release_file.write_text(release_file.read_text().replace(latest[0], "0004_thai_field_names"))
    since = len(upgrades.new_migrations(connection, upgrades.read_release())[1])
    with pytest.raises(CommandError, match=rf"2 problem\(s\) in {since} migration\(s\) since release"):
        call_command("check_upgrade", stderr=open(os.devnull, "w"))
