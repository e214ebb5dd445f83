from django.core.management.base import BaseCommand

from fiscal import summary


class Command(BaseCommand):
    help = "Recompute the fiscal totals the overview reads (all fiscal years, or those given). Run after each import."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="BE fiscal years, e.g. 2569")

    def handle(self, *args, years, **options):
        done = summary.refresh(years or None)
        self.stdout.write(f"Fiscal totals refreshed for {', '.join(map(str, done)) or 'no years'}.")
