"""manage.py backup and restore, on real PostgreSQL: the demo portal (committed)
and a few uploads are backed up once for the module, and every test restores
or inspects that one archive."""

import hashlib
import json
import random
import shutil
import subprocess
import tarfile
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from psycopg import sql

from kmlaas import backups, embedded_db, pgtools

UPLOADS = {
    "attachments/คู่มือ การปิดงบประมาณ ปี 2569.pdf": b"%PDF-1.4\n% Thai name with spaces\n%%EOF\n",
    "imports/2569/โอนเงินอุดหนุน.csv": "รหัส,จำนวนเงิน\n6101,1500000.00\n".encode(),
    "empty.txt": b"",
    # Bigger than the copy buffers, so it is streamed in pieces.
    "attachments/video/streamed.bin": random.Random(2569).randbytes(3 * 1024 * 1024 + 17),
}
OLD_ARCHIVE = "kmlaas-backup-20200101-020000.tar"
# Tells pytest-django to set up the test database; the commands read and
# write it through their own connections, outside the test's transaction.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    folder = tmp_path_factory.mktemp("backups")
    (folder / OLD_ARCHIVE).write_bytes(b"an archive from 2020")
    (folder / f"{OLD_ARCHIVE}.sha256").write_text("0  kmlaas-backup-20200101-020000.tar\n")
    (folder / "notes.txt").write_text("not an archive of the portal")
    output = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        # This fills the database and flushes it afterwards: never the development one.
        assert "test" in connection.settings_dict["NAME"]
        call_command("load_demo", verbosity=0)  # committed, so pg_dump sees it
        for name, content in UPLOADS.items():
            assert default_storage.save(name, ContentFile(content)) == name
        call_command("backup", directory=str(folder), keep_daily=1, stdout=output)
    (archive,) = folder.glob("kmlaas-backup-2???????-??????.tar")
    yield SimpleNamespace(archive=archive, media=media, folder=folder, output=output.getvalue())
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        for alias in ("default", "fragments"):
            caches[alias].clear()


@pytest.fixture(autouse=True)
def media_root(settings, portal):
    # The configured media store is the backed-up one (not empty).
    settings.MEDIA_ROOT = portal.media


@pytest.fixture
def fresh_database(portal):
    """An empty database on the test server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    server = {**connection.settings_dict, "NAME": "postgres"}

    def drop(conn):
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    with pgtools.connect(server, autocommit=True) as conn:
        drop(conn)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with pgtools.connect(server, autocommit=True) as conn:
        drop(conn)


def contents(database_name):
    """Per table: row count and an md5 of every row; per sequence: its last value."""
    with pgtools.connect({**connection.settings_dict, "NAME": database_name}) as conn:
        tables = [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        found = {
            table: conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for table in tables
        }
        for name, last_value in conn.execute("SELECT sequencename, last_value FROM pg_sequences"):
            found[f"sequence {name}"] = last_value
    return found


def file_hashes(folder):
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def restore(archive, **options):
    output = StringIO()
    call_command("restore", str(archive), stdout=output, **options)
    return output.getvalue()


def changed_copy(archive, folder, member, rewrite_checksum=False):
    """A copy of the archive (and its .sha256) with one byte of `member` flipped."""
    copy = folder / archive.name
    shutil.copy(archive, copy)
    shutil.copy(archive.with_name(archive.name + ".sha256"), folder)
    with tarfile.open(copy) as tar:
        offset = tar.getmember(member).offset_data + 100
    with open(copy, "r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0x01]))
    if rewrite_checksum:
        (folder / f"{copy.name}.sha256").write_text(f"{backups.sha256_of(copy)}  {copy.name}\n")
    return copy


def table_count(database_name):
    with pgtools.connect({**connection.settings_dict, "NAME": database_name}) as conn:
        return conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


def test_a_restore_into_a_fresh_database_and_folder_gives_back_every_row_and_file(
    portal, fresh_database, tmp_path
):
    output = restore(portal.archive, database_name=fresh_database, media_root=str(tmp_path / "media"))

    assert contents(fresh_database) == contents(connection.settings_dict["NAME"])
    restored = file_hashes(tmp_path / "media")
    assert restored == file_hashes(portal.media)
    assert len(restored) > 100  # the demo's PDFs and covers, and the uploads above
    assert restored["attachments/คู่มือ การปิดงบประมาณ ปี 2569.pdf"] == hashlib.sha256(UPLOADS[
        "attachments/คู่มือ การปิดงบประมาณ ปี 2569.pdf"
    ]).hexdigest()  # fmt: skip
    assert "row counts matched the manifest" in output
    assert "checksums matched: yes" in output


def test_the_archive_holds_the_dump_every_file_and_a_manifest_that_sha256sum_can_check(portal):
    checked = subprocess.run(
        ["sha256sum", "-c", f"{portal.archive.name}.sha256"],
        cwd=portal.folder,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with tarfile.open(portal.archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        dump = tar.extractfile("database.dump").read()
    assert names[0] == "database.dump" and names[-1] == "manifest.json"
    assert sorted(names[1:-1]) == [f"media/{name}" for name in sorted(manifest["files"])]
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == file_hashes(portal.media)
    assert manifest["database"] == {"size": len(dump), "sha256": hashlib.sha256(dump).hexdigest()}
    assert dump.startswith(b"PGDMP")  # pg_dump's custom format
    found = contents(connection.settings_dict["NAME"])
    tables = {name: value[0] for name, value in found.items() if not name.startswith("sequence ")}
    assert manifest["tables"] == tables
    assert manifest["migrations"] == backups.code_leaves()
    assert manifest["format"] == 1 and manifest["portal_version"] == "0.1.0"
    assert manifest["created_at"].endswith("Z")
    assert manifest["pg_dump"].startswith("pg_dump (PostgreSQL) ")


def test_a_backup_with_keep_daily_deletes_older_archives_of_the_portal_only(portal):
    assert sorted(path.name for path in portal.folder.iterdir()) == [
        portal.archive.name,
        f"{portal.archive.name}.sha256",
        "notes.txt",  # not the portal's: kept; and no half-written archive or temporary folder
    ]
    assert f"deleted {OLD_ARCHIVE}" in portal.output


def test_it_refuses_to_restore_into_a_database_that_has_tables(portal, tmp_path):
    test_database = connection.settings_dict["NAME"]
    before = contents(test_database)

    with pytest.raises(CommandError, match=r"already has \d+ tables.*Nothing was changed"):
        restore(portal.archive, media_root=str(tmp_path / "media"))

    assert contents(test_database) == before
    assert not (tmp_path / "media").exists()


def test_it_refuses_to_restore_into_a_media_store_that_holds_files(portal, fresh_database):
    before = file_hashes(portal.media)

    with pytest.raises(CommandError, match="media store already holds files.*Nothing was changed"):
        restore(portal.archive, database_name=fresh_database)

    assert table_count(fresh_database) == 0
    assert file_hashes(portal.media) == before


def test_it_refuses_an_archive_with_one_byte_changed_in_a_file(portal, fresh_database, tmp_path):
    archive = changed_copy(portal.archive, tmp_path, "media/attachments/video/streamed.bin")

    with pytest.raises(CommandError, match="damaged or altered: its sha256 is not the one in"):
        restore(archive, database_name=fresh_database, media_root=str(tmp_path / "media"))

    assert table_count(fresh_database) == 0
    assert not (tmp_path / "media").exists()


def test_it_refuses_a_changed_dump_even_when_the_sha256_file_was_written_again(
    portal, fresh_database, tmp_path
):
    archive = changed_copy(portal.archive, tmp_path, "database.dump", rewrite_checksum=True)

    with pytest.raises(CommandError, match="database.dump differs from its manifest"):
        restore(archive, database_name=fresh_database, media_root=str(tmp_path / "media"))

    assert table_count(fresh_database) == 0
    assert not (tmp_path / "media").exists()


def test_it_refuses_an_archive_without_its_sha256_file(portal, fresh_database, tmp_path):
    archive = tmp_path / portal.archive.name
    shutil.copy(portal.archive, archive)

    with pytest.raises(CommandError, match=r"\.sha256 is missing"):
        restore(archive, database_name=fresh_database, media_root=str(tmp_path / "media"))


def test_retention_keeps_the_newest_archive_of_each_recent_day_and_month(tmp_path):
    names = [
        "kmlaas-backup-20261126-183000.tar",  # newest: day 1, November
        "kmlaas-backup-20261126-020000.tar",  # same day, older
        "kmlaas-backup-20261125-020000.tar",  # day 2
        "kmlaas-backup-20261120-020000.tar",  # day 3 (days without a backup do not count)
        "kmlaas-backup-20261119-020000.tar",
        "kmlaas-backup-20261031-020000.tar",  # October
        "kmlaas-backup-20261015-020000.tar",
        "kmlaas-backup-20260930-020000.tar",  # September
        "kmlaas-backup-20250115-020000.tar",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        (tmp_path / f"{name}.sha256").write_text("x")
    others = ["kmlaas-backup-20200101-020000.tar.partial", "kmlaas-backup-latest.tar", "db.dump"]
    for name in others:
        (tmp_path / name).write_bytes(b"x")

    deleted = backups.prune(tmp_path, keep_daily=3, keep_monthly=3)

    kept = [names[0], names[2], names[3], names[5], names[7]]
    assert sorted(deleted) == sorted(set(names) - set(kept))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        kept + [f"{name}.sha256" for name in kept] + others
    )


def test_it_says_clearly_when_no_pg_dump_can_be_found(portal, monkeypatch, tmp_path):
    monkeypatch.setenv("PG_BIN_DIR", str(tmp_path / "empty"))

    with pytest.raises(CommandError) as refused:
        call_command("backup", directory=str(tmp_path / "backups"), stdout=StringIO())

    assert "ไม่พบโปรแกรม pg_dump" in str(refused.value)
    assert "No usable pg_dump (PostgreSQL" in str(refused.value)
    assert "PG_BIN_DIR" in str(refused.value)
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_made_with_the_bundled_postgresql_18_programs_restores_into_this_server(
    portal, fresh_database, monkeypatch, tmp_path
):
    # What a machine without its server's client programs uses. pg_restore 18
    # into an older server goes through psql without the settings it lacks.
    monkeypatch.setenv("PG_BIN_DIR", str(embedded_db.bin_dir()))
    call_command("backup", directory=str(tmp_path / "backups"), stdout=StringIO())
    (archive,) = (tmp_path / "backups").glob("*.tar")

    output = restore(archive, database_name=fresh_database, media_root=str(tmp_path / "media"))

    assert contents(fresh_database) == contents(connection.settings_dict["NAME"])
    assert file_hashes(tmp_path / "media") == file_hashes(portal.media)
    assert "pg_dump (PostgreSQL) 18" in output
    with pgtools.connect(connection.settings_dict) as conn:
        if pgtools.server_major(conn) < 17:
            assert "Left out settings this server does not know: transaction_timeout" in output
