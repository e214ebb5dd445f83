"""`manage.py check_upgrade`: may this release be migrated while the last one serves?

    manage.py check_upgrade                  # review the migrations since the last release
    manage.py check_upgrade --mark-release   # when cutting a release: record its migrations

The compatibility half reads the schema of the database it runs against, so
run it on one migrated to this release (the test suite does, on every run).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kmlaas import upgrades


class Command(BaseCommand):
    help = "Check that migrations since the last release can run while it serves (README: Upgrades)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--mark-release",
            action="store_true",
            help=f"record the current migrations as released in kmlaas/{upgrades.RELEASE_FILE.name}",
        )

    def handle(self, *args, mark_release, **options):
        if mark_release:
            version = upgrades.mark_release(connection)
            self.stdout.write(f"Recorded the migrations of release {version} in {upgrades.RELEASE_FILE}.")
            return
        release = upgrades.read_release()
        _, migrations = upgrades.new_migrations(connection, release)
        problems = upgrades.lock_problems(connection, release) + upgrades.compatibility_problems(
            connection, release
        )
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} problem(s) in {len(migrations)} migration(s) since release "
                f"{release['version']}: the release would stall or break the site it replaces."
            )
        self.stdout.write(
            f"{len(migrations)} migration(s) since release {release['version']}: "
            "safe to apply while it serves."
        )
