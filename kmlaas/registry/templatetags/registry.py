import datetime
from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from kmlaas import thai
from kmlaas.registry.tables import Link

register = template.Library()


@register.filter
def baht(value):
    """1234567.5 → 1,234,567.50 (exact for Decimal)."""
    if value in (None, ""):
        return "–"
    return f"{Decimal(value):,.2f}"


@register.filter
def change(value):
    """A year-over-year ratio as +12.3 % / −4.0 %; – when there is no base."""
    if value is None:
        return "–"
    return f"{value:+.1f} %".replace("-", "−")


@register.filter
def cell(value):
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, Decimal):
        return baht(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return change(value)
    if isinstance(value, datetime.date):
        return thai.format_date(value)
    if value is None:
        return "–"
    return value


@register.simple_tag
def table_rows(table):
    """The <tbody> rows of a Table, built in Python: a province's table has
    hundreds of rows, and a template loop per cell would cost more than the
    queries behind the whole page."""
    numeric = table.numeric
    out = []
    for row in table.rows:
        parts = ["<tr>"]
        for index, value in enumerate(row):
            text = conditional_escape(cell(value))
            if index == 0:
                parts.append(f'<th scope="row">{text}</th>')
            elif index in numeric:
                parts.append(f'<td class="num">{text}</td>')
            else:
                parts.append(f"<td>{text}</td>")
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 — every cell is escaped above
