"""`manage.py migrate` that gives way to the site instead of stalling it.

An ALTER TABLE waits until every query on its table has finished, and every
query that arrives meanwhile waits behind the ALTER: one long report on a
large table would make the whole site queue behind a migration. With a lock
timeout the migration gives up after MIGRATE_LOCK_TIMEOUT instead, its
transaction rolls back (nothing is left half-done), and after a pause it is
tried again, up to MIGRATE_LOCK_RETRIES times. The release procedure is in
README "Upgrades"; `manage.py check_upgrade` reviews the migrations themselves.
"""

import time

import psycopg
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import OperationalError, connections

from kmlaas.env import env_int, env_str


class Command(migrate.Command):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        timeout = env_str("MIGRATE_LOCK_TIMEOUT", "10s")
        retries = env_int("MIGRATE_LOCK_RETRIES", 5)
        pause = env_int("MIGRATE_LOCK_PAUSE", 15)
        for attempt in range(retries + 1):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [timeout])
            try:
                return super().handle(*args, **options)
            except OperationalError as error:
                if not isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
                    raise
                message = (
                    f"A migration waited {timeout} for a table that busy queries hold and gave way; "
                    "its changes were rolled back."
                )
                if attempt == retries:
                    raise CommandError(
                        f"{message} Run migrate again when the site is quieter "
                        "(MIGRATE_LOCK_TIMEOUT / MIGRATE_LOCK_RETRIES).\n"
                        "การปรับโครงสร้างฐานข้อมูลรอตารางที่กำลังถูกใช้งานนานเกินกำหนดจึงยกเลิกโดยไม่เปลี่ยนแปลงข้อมูล "
                        "โปรดสั่ง migrate อีกครั้งเมื่อมีผู้ใช้งานน้อยลง"
                    ) from error
                self.stderr.write(f"{message} Trying again in {pause} s ({attempt + 1} of {retries}).")
                time.sleep(pause)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET lock_timeout")
