"""A table as data: the page renders it (registry/_table.html) and the same
object is downloaded as CSV, XLSX or JSON, so the two never disagree."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Table:
    key: str
    caption: str
    headers: list
    rows: list = field(default_factory=list)
    footer: list | None = None
    # Indexes of columns holding numbers, right-aligned on the page.
    numeric: set = field(default_factory=set)

    def export_rows(self):
        for row in self.rows:
            yield [_plain(v) for v in row]
        if self.footer:
            yield [_plain(v) for v in self.footer]

    def footer_cells(self):
        return [(v, i in self.numeric) for i, v in enumerate(self.footer)] if self.footer else None


def _plain(value):
    if isinstance(value, Link):
        return value.text
    return value


def change(current, previous):
    """Percent change, None when there is nothing to compare with."""
    if not previous:
        return None
    return float((Decimal(current) - Decimal(previous)) / abs(Decimal(previous)) * 100)
