from django.core.management.base import BaseCommand

from kmlaas.search import engine


class Command(BaseCommand):
    help = "Re-index every searchable item of every section. Safe to run at any time."

    def handle(self, *args, **options):
        total = engine.rebuild(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{total} items indexed."))
