import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from fiscal import generate as fiscal_generate
from fiscal import summary as fiscal_summary
from fiscal.importer import FIELDS as ACTUAL_FIELDS
from fiscal.models import Actual
from kmlaas import thai
from kmlaas.registry.demo import save_national_set
from kmlaas.registry.models import LAO
from kmlaas.registry.tabular import copy_into
from subsidies import generate as subsidy_generate
from subsidies import summary as subsidy_summary
from subsidies.importer import FIELDS as TRANSFER_FIELDS
from subsidies.models import Transfer


class Command(BaseCommand):
    help = (
        "Generate national-scale data for load testing: every LAO, N fiscal years of transfers (~0.4M a year) "
        "and monthly actuals (~1.3M a year). Replaces those years. Use a separate database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--provinces", nargs="*", help="only these province codes (a reduced run)")
        parser.add_argument("--skip-actuals", action="store_true", help="only transfers")

    def handle(self, *args, years, provinces=None, skip_actuals=False, **options):
        save_national_set()
        laos = LAO.objects.order_by("code")
        if provinces:
            laos = laos.filter(province_id__in=provinces)
        laos = list(laos.values_list("id", "code", "kind"))
        current = thai.current_fiscal_year()
        span = list(range(current - years + 1, current + 1))
        items = subsidy_generate.ensure_items()
        for label, model, fields, make, refresh in (
            (
                "transfers",
                Transfer,
                TRANSFER_FIELDS,
                lambda y: subsidy_generate.rows(laos, [y], items),
                subsidy_summary.refresh,
            ),
            (
                "monthly actuals",
                Actual,
                ACTUAL_FIELDS,
                lambda y: fiscal_generate.rows(laos, [y]),
                fiscal_summary.refresh,
            ),
        ):
            if skip_actuals and model is Actual:
                continue
            for year in span:
                started = time.monotonic()
                with transaction.atomic():
                    model.objects.filter(fiscal_year=year).delete()
                    copy_into(model._meta.db_table, fields, make(year))
                count = model.objects.filter(fiscal_year=year).count()
                self.stdout.write(f"{label} {year}: {count:,} rows in {time.monotonic() - started:.0f} s")
            started = time.monotonic()
            refresh(span)
            self.stdout.write(f"{label}: totals refreshed in {time.monotonic() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
