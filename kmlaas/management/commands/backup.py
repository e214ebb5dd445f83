"""Write one dated backup archive of the database and every uploaded file
(kmlaas/backups.py), then delete old archives when told how many to keep.

    python manage.py backup [--dir DIR] [--keep-daily N] [--keep-monthly M]
"""

import signal
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from kmlaas import backups
from kmlaas.env import env_int, env_str


def _megabytes(size):
    return f"{size / 1e6:,.1f} MB"


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and every uploaded file into one dated archive with a "
        "manifest and a .sha256 (in BACKUP_DIR, default ./backups); with --keep-daily/--keep-monthly "
        "delete older archives."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", help="where archives go (BACKUP_DIR; default ./backups)"
        )
        parser.add_argument(
            "--keep-daily",
            type=int,
            help="keep the newest archive of each of the last N days that have one (BACKUP_KEEP_DAILY)",
        )
        parser.add_argument(
            "--keep-monthly",
            type=int,
            help="keep the newest archive of each of the last M months that have one (BACKUP_KEEP_MONTHLY)",
        )

    def handle(self, *args, directory=None, keep_daily=None, keep_monthly=None, **options):
        directory = Path(directory or env_str("BACKUP_DIR", str(settings.BASE_DIR / "backups")))
        keep_daily = env_int("BACKUP_KEEP_DAILY", 0) if keep_daily is None else keep_daily
        keep_monthly = env_int("BACKUP_KEEP_MONTHLY", 0) if keep_monthly is None else keep_monthly
        if keep_daily < 0 or keep_monthly < 0:
            raise CommandError("--keep-daily and --keep-monthly count archives: 0 or more.")
        # A stopped container sends SIGTERM: exiting through Python's clean-up
        # removes the half-written archive and stops pg_dump.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        started = time.monotonic()
        try:
            path, manifest = backups.write(directory, connections["default"].settings_dict, default_storage)
        except psycopg.OperationalError as error:
            raise CommandError(f"Cannot reach the database: {error}") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        files = manifest["files"].values()
        self.stdout.write(
            f"{path} ({_megabytes(path.stat().st_size)}) written in {time.monotonic() - started:.1f} s: "
            f"database {_megabytes(manifest['database']['size'])} "
            f"({sum(manifest['tables'].values()):,} rows in {len(manifest['tables'])} tables, "
            f"PostgreSQL {manifest['postgresql']}, {manifest['pg_dump']}), "
            f"{len(files):,} files {_megabytes(sum(entry['size'] for entry in files))}."
        )
        if keep_daily or keep_monthly:
            deleted = backups.prune(directory, keep_daily, keep_monthly)
            self.stdout.write(
                f"Retention (newest of the last {keep_daily} days and {keep_monthly} months): "
                + (f"deleted {', '.join(deleted)}." if deleted else "nothing to delete.")
            )
        self.stdout.write(self.style.SUCCESS("สำรองข้อมูลเรียบร้อย / Backup complete."))
