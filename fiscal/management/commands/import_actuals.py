from django.core.management.base import BaseCommand, CommandError

from fiscal import importer
from kmlaas.registry.tabular import ImportRejected, parse_be_date


class Command(BaseCommand):
    help = "Import monthly actual revenue/expenditure per LAO from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as-of", help="ข้อมูล ณ วันที่ for rows without that column, e.g. 31/10/2568")

    def handle(self, *args, path, as_of=None, **options):
        default = parse_be_date(as_of) if as_of else None
        if as_of and default is None:
            raise CommandError("--as-of must be a BE date such as 31/10/2568")
        with open(path, "rb") as file:
            try:
                rows = importer.parse(file, path, as_of=default)
            except ImportRejected as rejected:
                raise CommandError(f"Nothing imported.\n{rejected}") from None
        inserted, updated = importer.save(rows, file_name=path)
        self.stdout.write(
            self.style.SUCCESS(
                f"{inserted} monthly figures added, {updated} updated, {len(rows) - inserted - updated} unchanged."
            )
        )
