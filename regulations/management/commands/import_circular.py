from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regulations import importer


class Command(BaseCommand):
    help = "Import official letters from plain (OCR) text files as drafts for review."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        for path in paths:
            letters = importer.parse(path.read_text(encoding="utf-8-sig"))
            if not letters:
                raise CommandError(f"{path}: no letter number line (ที่ …) found")
            try:
                results = importer.save(letters)
            except ValueError as error:
                raise CommandError(f"{path}: {error}") from None
            for regulation, created in results:
                self.stdout.write(
                    f"{'created' if created else 'updated'}: {regulation.number} — {regulation.title}"
                )
                for note in filter(None, regulation.review_notes.splitlines()):
                    self.stdout.write(f"    review: {note}")
