"""Demo transfers: every subsidy item for the LAOs of the demo provinces in
the current and previous fiscal years. Upserted on the natural key, so
loading twice changes nothing."""

from kmlaas import thai
from kmlaas.registry.demo import demo_laos
from kmlaas.registry.tabular import upsert
from subsidies import generate, summary
from subsidies.importer import FIELDS
from subsidies.models import Transfer


def load(stdout):
    items = generate.ensure_items()
    year = thai.current_fiscal_year()
    years = [year - 1, year]
    inserted, updated = upsert(
        Transfer._meta.db_table,
        FIELDS,
        ["lao_id", "fiscal_year", "item_id", "round"],
        generate.rows(demo_laos(), years, items),
    )
    summary.refresh(years)
    stdout.write(f"  subsidies: {len(items)} items, {inserted} transfers added, {updated} updated")
