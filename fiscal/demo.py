"""Demo monthly actuals for the LAOs of the demo provinces in the current and
previous fiscal years. Upserted on the natural key, so loading twice changes
nothing."""

from fiscal import generate, summary
from fiscal.importer import FIELDS
from fiscal.models import Actual
from kmlaas import thai
from kmlaas.registry.demo import demo_laos
from kmlaas.registry.tabular import upsert


def load(stdout):
    year = thai.current_fiscal_year()
    years = [year - 1, year]
    inserted, updated = upsert(
        Actual._meta.db_table,
        FIELDS,
        ["lao_id", "fiscal_year", "month", "category"],
        generate.rows(demo_laos(), years),
    )
    summary.refresh(years)
    stdout.write(f"  fiscal: {inserted} monthly figures added, {updated} updated")
