from django.core.management.base import BaseCommand, CommandError

from kmlaas.registry.tabular import ImportRejected
from subsidies import importer


class Command(BaseCommand):
    help = "Import general-subsidy transfers from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, "rb") as file:
            try:
                rows = importer.parse(file, path)
            except ImportRejected as rejected:
                raise CommandError(f"Nothing imported.\n{rejected}") from None
        inserted, updated = importer.save(rows)
        unchanged = len(rows) - inserted - updated
        self.stdout.write(
            self.style.SUCCESS(f"{inserted} transfers added, {updated} updated, {unchanged} unchanged.")
        )
