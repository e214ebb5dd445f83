from django.core.management.base import BaseCommand, CommandError

from kmlaas.registry import importer
from kmlaas.registry.tabular import ImportRejected


class Command(BaseCommand):
    help = "Import the department's open-data CSV/XLSX of LAOs (one row per subdistrict covered)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, "rb") as file:
            try:
                laos = importer.parse(file, path)
            except ImportRejected as rejected:
                raise CommandError(f"Nothing imported.\n{rejected}") from None
        self.stdout.write(self.style.SUCCESS(f"{importer.save(laos)} LAOs imported or updated."))
