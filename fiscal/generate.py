"""Deterministic, realistic monthly actuals for any set of LAOs and fiscal
years: for the demo (a few provinces) and generate_national_data (every LAO,
five years, about 6.5 million rows)."""

import datetime
import random
from decimal import Decimal

from fiscal.figures import FISCAL_MONTHS
from fiscal.models import Category
from kmlaas import thai

# Typical yearly revenue of each kind of LAO, in baht.
REVENUE = {
    "sao": 45e6,
    "tambon": 55e6,
    "town": 320e6,
    "city": 1.4e9,
    "pao": 1.1e9,
    "pattaya": 3.2e9,
    "bangkok": 9.0e10,
}
# Share of revenue by หมวด, and of expenditure by งบ.
SHARES = {
    Category.TAX: 0.03,
    Category.FEES: 0.02,
    Category.PROPERTY: 0.015,
    Category.UTILITIES: 0.005,
    Category.MISC: 0.005,
    Category.CAPITAL: 0.002,
    Category.SHARED_TAX: 0.45,
    Category.GENERAL_GRANT: 0.473,
    Category.CENTRAL: 0.30,
    Category.PERSONNEL: 0.32,
    Category.OPERATING: 0.18,
    Category.INVESTMENT: 0.12,
    Category.SUBSIDY: 0.075,
    Category.OTHER: 0.005,
}
# Land-and-building tax falls due in April–June; investment spending peaks before year end.
SEASON = {
    Category.TAX: {4: 3.0, 5: 2.5, 6: 2.0},
    Category.INVESTMENT: {7: 1.8, 8: 2.2, 9: 2.6, 10: 0.3, 11: 0.4},
}


def _size(code):
    return random.Random(code).uniform(0.5, 1.8)  # noqa: S311 — seeded so every run is the same


def months(year, today):
    """The months of a fiscal year whose figures exist by `today` (a month is
    reported once it has ended)."""
    for month in FISCAL_MONTHS:
        first = datetime.date(year - thai.BE_OFFSET - (1 if month >= 10 else 0), month, 1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        if following <= today:
            yield first, following + datetime.timedelta(days=14)


def rows(laos, years, today=None):
    """laos: [(id, code, kind)]. Yields tuples in fiscal.importer.FIELDS order."""
    today = today or datetime.date.today()
    for year in years:
        periods = list(months(year, today))
        if not periods:
            continue
        as_of = min(periods[-1][1], today)
        for lao_id, code, kind in laos:
            rng = random.Random(f"{code}-{year}-actual")  # noqa: S311 — seeded so every run is the same
            # An LAO keeps its size from year to year; only growth and noise change.
            revenue = (
                REVENUE.get(kind, 45e6) * _size(code) * (1 + (year - 2565) * 0.035) * rng.uniform(0.97, 1.03)
            )
            spend = rng.uniform(0.82, 0.98)
            for first, _reported in periods:
                for category, share in SHARES.items():
                    base = revenue * share / 12 * (spend if category.startswith("e_") else 1)
                    base *= SEASON.get(category, {}).get(first.month, 1.0)
                    satang = int(base * 100 * rng.uniform(0.92, 1.08))
                    yield (lao_id, first, year, category.value, Decimal(satang).scaleb(-2), as_of)
