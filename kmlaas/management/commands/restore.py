"""Restore a backup archive (kmlaas/backups.py) into an empty database and an
empty media store. Every checksum is checked before anything is written, and
a target that holds anything is refused, so a mistaken restore changes nothing.

    python manage.py restore backups/kmlaas-backup-20261126-113000.tar
    python manage.py restore ARCHIVE --database-name kmlaas_drill --media-root /tmp/drill   # a restore drill
"""

import tempfile
import time
from pathlib import Path

import psycopg
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from kmlaas import backups, pgtools
from kmlaas.stored_files import walk


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and media store, both of which must be "
        "empty. Checks the archive's .sha256 and every checksum in its manifest first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-name", help="restore into this (empty) database of the configured server instead"
        )
        parser.add_argument(
            "--media-root", help="write the files into this folder on disk instead of the configured storage"
        )

    def handle(self, *args, archive, database_name=None, media_root=None, **options):
        started = time.monotonic()
        database = dict(connections["default"].settings_dict)
        if database_name:
            database["NAME"] = database_name
        storage = FileSystemStorage(location=media_root) if media_root else default_storage
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        self._refuse_unless_empty(database, storage)
        with tempfile.TemporaryDirectory(prefix="kmlaas-restore-") as work:
            dump = Path(work) / backups.DUMP
            manifest = backups.verify(archive, dump)
            self.stdout.write(
                f"{archive.name}: checksums matched ({len(manifest['files']) + 1} members); "
                f"made {manifest['created_at']} by portal {manifest['portal_version']}, "
                f"PostgreSQL {manifest['postgresql']}, {manifest['pg_dump']}."
            )
            skipped = pgtools.restore(database, dump, pgtools.dumped_by_major(manifest["pg_dump"]))
        if skipped:
            self.stdout.write(f"Left out settings this server does not know: {', '.join(skipped)}.")
        counts = backups.row_counts(database, manifest["tables"])
        wrong = [name for name, count in manifest["tables"].items() if counts[name] != count]
        if wrong:
            raise CommandError(f"Row counts differ from the manifest in: {', '.join(wrong)}")
        self.stdout.write(
            f"Database {database['NAME']}: {len(counts)} tables, {sum(counts.values()):,} rows — "
            "row counts matched the manifest."
        )
        backups.restore_files(archive, manifest, storage)
        where = media_root or "the media store"
        self.stdout.write(
            f"Files: {len(manifest['files']):,} written to {where} and read back — checksums matched."
        )
        if manifest["migrations"] != backups.code_leaves():
            self.stdout.write(
                self.style.WARNING(
                    "The archive's migrations differ from this code's: run `python manage.py migrate` "
                    f"if the code is newer, or restore with portal {manifest['portal_version']} if it is older."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"กู้คืนเรียบร้อย / Restore complete in {time.monotonic() - started:.1f} s; checksums matched: yes."
            )
        )

    def _refuse_unless_empty(self, database, storage):
        try:
            with pgtools.connect(database) as conn:
                tables = conn.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()[0]
        except psycopg.OperationalError as error:
            raise CommandError(
                f"Cannot reach database {database['NAME']}: {error}\n"
                "Create it first (empty), e.g. `createdb`, then run restore again."
            ) from None
        if tables:
            raise CommandError(
                f"ฐานข้อมูล {database['NAME']} มีตารางอยู่แล้ว {tables} ตาราง จึงไม่กู้คืน (ไม่มีการเปลี่ยนแปลงใด)\n"
                f"The database {database['NAME']} already has {tables} tables; restore only fills an empty "
                "database. Nothing was changed. Restore into a new database (createdb, or --database-name), "
                "or drop and re-create this one first if you mean to replace it."
            )
        first = next(walk(storage), None)
        if first:
            raise CommandError(
                "ที่เก็บไฟล์มีไฟล์อยู่แล้ว จึงไม่กู้คืน (ไม่มีการเปลี่ยนแปลงใด)\n"
                f"The media store already holds files (e.g. {first}); restore only fills an empty one. "
                "Nothing was changed. Empty it, or restore the files elsewhere with --media-root."
            )
