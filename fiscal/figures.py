"""The numbers one overview page shows (nation, province, district or LAO),
built from FiscalTotal rows — or an LAO's own monthly rows — in Python, so
each page costs a fixed handful of queries."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiscal.models import Category
from kmlaas import thai
from kmlaas.registry.tables import Link, Table, change

ZERO = Decimal("0.00")
FISCAL_MONTHS = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
MONTH_NAMES = [
    gettext_lazy("ม.ค."),
    gettext_lazy("ก.พ."),
    gettext_lazy("มี.ค."),
    gettext_lazy("เม.ย."),
    gettext_lazy("พ.ค."),
    gettext_lazy("มิ.ย."),
    gettext_lazy("ก.ค."),
    gettext_lazy("ส.ค."),
    gettext_lazy("ก.ย."),
    gettext_lazy("ต.ค."),
    gettext_lazy("พ.ย."),
    gettext_lazy("ธ.ค."),
]
SORTS = {"name", "revenue", "-revenue", "expenditure", "-expenditure"}


def is_revenue(category):
    return category.startswith("r_")


def _split(by_category):
    revenue = sum((v for c, v in by_category.items() if is_revenue(c)), ZERO)
    return revenue, sum(by_category.values(), ZERO) - revenue


def month_label(month, fiscal_year):
    calendar_year = fiscal_year - (1 if month >= 10 else 0)
    return f"{MONTH_NAMES[month - 1]} {str(calendar_year)[-2:]}"


class Figures:
    def __init__(self, year):
        self.year = year
        self.totals = defaultdict(lambda: ZERO)  # category → amount, this year
        self.monthly = {
            year: defaultdict(lambda: defaultdict(lambda: ZERO)),
            year - 1: defaultdict(lambda: defaultdict(lambda: ZERO)),
        }
        self.children = defaultdict(lambda: defaultdict(lambda: ZERO))  # id → category → amount
        self.kinds = defaultdict(lambda: defaultdict(lambda: ZERO))
        self.as_of = None

    def add_total(self, category, amount, as_of):
        self.totals[category] += amount
        if as_of and (self.as_of is None or as_of > self.as_of):
            self.as_of = as_of

    def add_month(self, fiscal_year, month, category, amount):
        self.monthly[fiscal_year][month][category] += amount

    @property
    def months_with_data(self):
        return [m for m in FISCAL_MONTHS if any(self.monthly[self.year][m].values())]

    @property
    def revenue(self):
        return _split(self.totals)[0]

    @property
    def expenditure(self):
        return _split(self.totals)[1]

    def previous_same_period(self):
        """Previous year's totals by category over the months this year has data for."""
        out = defaultdict(lambda: ZERO)
        for month in self.months_with_data:
            for category, amount in self.monthly[self.year - 1][month].items():
                out[category] += amount
        return out

    @property
    def previous_revenue(self):
        return _split(self.previous_same_period())[0]

    @property
    def previous_expenditure(self):
        return _split(self.previous_same_period())[1]

    # Tables ---------------------------------------------------------------

    def category_tables(self):
        previous = self.previous_same_period()
        headers = [
            None,
            _("ปีงบประมาณ %(year)s") % {"year": self.year},
            _("ปีงบประมาณ %(year)s ช่วงเดียวกัน") % {"year": self.year - 1},
            _("เปลี่ยนแปลง (%)"),
        ]
        tables = []
        for key, caption, first, categories in (
            ("revenue", _("รายรับจริงแยกตามหมวด"), _("หมวดรายรับ"), Category.revenue()),
            ("expenditure", _("รายจ่ายจริงแยกตามงบ"), _("งบรายจ่าย"), Category.expenditure()),
        ):
            rows = [
                [
                    c.label,
                    self.totals[c.value],
                    previous[c.value],
                    change(self.totals[c.value], previous[c.value]),
                ]
                for c in categories
            ]
            now, before = sum((r[1] for r in rows), ZERO), sum((r[2] for r in rows), ZERO)
            tables.append(
                Table(
                    key,
                    caption,
                    [first, *headers[1:]],
                    rows,
                    [_("รวม"), now, before, change(now, before)],
                    numeric={1, 2, 3},
                )
            )
        return tables

    def month_table(self):
        rows = []
        for month in FISCAL_MONTHS:
            now, before = _split(self.monthly[self.year][month]), _split(self.monthly[self.year - 1][month])
            rows.append([month_label(month, self.year), now[0], before[0], now[1], before[1]])
        return Table(
            "months",
            _("รายรับและรายจ่ายจริงรายเดือน เทียบปีก่อน"),
            [
                _("เดือน"),
                _("รายรับ %(year)s") % {"year": self.year},
                _("รายรับ %(year)s") % {"year": self.year - 1},
                _("รายจ่าย %(year)s") % {"year": self.year},
                _("รายจ่าย %(year)s") % {"year": self.year - 1},
            ],
            rows,
            [_("รวม"), *(sum((r[i] for r in rows), ZERO) for i in range(1, 5))],
            numeric={1, 2, 3, 4},
        )

    def month_charts(self):
        from fiscal import charts

        table = self.month_table()
        labels = [r[0] for r in table.rows]
        return [
            (
                "chart-revenue",
                _("รายรับจริงรายเดือน"),
                charts.vertical([(label, [r[2], r[1]]) for label, r in zip(labels, table.rows, strict=True)]),
            ),
            (
                "chart-expenditure",
                _("รายจ่ายจริงรายเดือน"),
                charts.vertical([(label, [r[4], r[3]]) for label, r in zip(labels, table.rows, strict=True)]),
            ),
        ]

    def kind_table(self, kinds):
        rows = []
        for value, label in kinds:
            revenue, expenditure = _split(self.kinds.get(value, {}))
            if revenue or expenditure:
                rows.append([label, revenue, expenditure, revenue - expenditure])
        return Table(
            "kinds",
            _("แยกตามประเภท อปท."),
            [_("ประเภท อปท."), _("รายรับจริง"), _("รายจ่ายจริง"), _("รายรับสูง (ต่ำ) กว่ารายจ่าย")],
            rows,
            [_("รวม"), self.revenue, self.expenditure, self.revenue - self.expenditure],
            numeric={1, 2, 3},
        )

    def child_table(self, key, caption, header, children, sort):
        """children: [(id, label, url)], sorted as asked."""
        rows = []
        for child_id, label, url in children:
            revenue, expenditure = _split(self.children.get(child_id, {}))
            rows.append([Link(label, url), revenue, expenditure, revenue - expenditure])
        sort = sort if sort in SORTS else "-revenue"
        column = {"name": 0, "revenue": 1, "expenditure": 2}[sort.lstrip("-")]
        rows.sort(key=lambda r: str(r[0]) if column == 0 else r[column], reverse=sort.startswith("-"))
        return Table(
            key,
            caption,
            [header, _("รายรับจริง"), _("รายจ่ายจริง"), _("รายรับสูง (ต่ำ) กว่ารายจ่าย")],
            rows,
            [_("รวม"), *(sum((r[i] for r in rows), ZERO) for i in range(1, 4))],
            numeric={1, 2, 3},
        )


def from_totals(rows, year, year_scope, month_scope, child_scope=None, child_key=None):
    figures = Figures(year)
    for row in rows:
        scope = row["scope"]
        if scope == year_scope and row["fiscal_year"] == year:
            figures.add_total(row["category"], row["amount"], row["as_of"])
        elif scope == month_scope:
            figures.add_month(row["fiscal_year"], row["month"], row["category"], row["amount"])
        elif scope == child_scope and row["fiscal_year"] == year:
            figures.children[row[child_key]][row["category"]] += row["amount"]
        elif scope == "kind" and row["fiscal_year"] == year:
            figures.kinds[row["kind"]][row["category"]] += row["amount"]
    return figures


def from_actuals(rows, year):
    figures = Figures(year)
    for row in rows:
        month = row["month"].month
        figures.add_month(row["fiscal_year"], month, row["category"], row["amount"])
        if row["fiscal_year"] == year:
            figures.add_total(row["category"], row["amount"], row["as_of"])
    return figures


def fiscal_year_label(year):
    start, end = thai.fiscal_year_range(year)
    return f"{thai.format_date(start)} – {thai.format_date(end)}"
