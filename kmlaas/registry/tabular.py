"""Reading the department's CSV/XLSX files row by row, and writing a
validated batch in one statement.

Every importer of open data (LAOs, transfers, monthly actuals) follows the same
rules: every row is checked, every bad row is reported with its line number,
and nothing is written unless the whole file is good."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils.translation import gettext as _

from kmlaas import thai


class ImportRejected(Exception):
    """The file had bad rows; errors is a list of (line, reason)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{_('บรรทัด')} {line}: {reason}" for line, reason in errors))


def _clean_header(text):
    return " ".join(str(text or "").replace("\ufeff", "").split())


def read_rows(file, name=""):
    """Yields (line number, {header: text}) for a CSV (UTF-8, BOM or not) or
    XLSX file; line numbers are those a person sees in Excel (header = 1)."""
    name = (name or getattr(file, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        yield from _xlsx_rows(file)
    else:
        yield from _csv_rows(file)


def _csv_rows(file):
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected([(1, _("อ่านไฟล์ไม่ได้ — ต้องเป็น CSV แบบ UTF-8"))]) from None
    reader = csv.reader(io.StringIO(raw.removeprefix("\ufeff")))
    headers = None
    for line, row in enumerate(reader, start=1):
        if headers is None:
            headers = [_clean_header(h) for h in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(headers)}


def _xlsx_rows(file):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRejected([(1, _("อ่านไฟล์ไม่ได้ — ต้องเป็นไฟล์ Excel (.xlsx)"))]) from None
    headers = None
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if headers is None:
            headers = [_clean_header(h) for h in row]
            continue
        if not any(cell not in (None, "") for cell in row):
            continue
        yield line, {h: _cell_text(row[i] if i < len(row) else None) for i, h in enumerate(headers)}


def _cell_text(value):
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if hasattr(value, "year") and hasattr(value, "month"):
        # A real Excel date: write it back the way the CSV files do.
        return f"{value.day}/{value.month}/{value.year + thai.BE_OFFSET}"
    if isinstance(value, float):
        # Excel keeps money as binary floats; 12.1 must come back as 12.10, not 12.0999….
        return repr(value)
    return str(value).strip()


def require_columns(headers, required):
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportRejected([(1, _("ไม่พบคอลัมน์: %(columns)s") % {"columns": ", ".join(missing)})])


def parse_amount(text):
    """Baht with at most two decimals ("1,234.50", "฿1234.5"); None if not one."""
    text = thai.to_arabic_digits(str(text)).replace(",", "").replace("฿", "").replace(" ", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    try:
        quantized = amount.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the context holds: no real amount of baht
        return None
    if quantized != amount:
        return None
    return quantized


def parse_be_date(text):
    """A date with a Buddhist-Era year; a CE year is refused because it is
    almost always a slip that would put the row 543 years off."""
    text = str(text).strip()
    date = thai.parse_date(text)
    if date is None or not 2400 - thai.BE_OFFSET < date.year < 2700 - thai.BE_OFFSET:
        return None
    if str(date.year) in thai.to_arabic_digits(text):
        return None
    return date


def upsert(table, columns, key, rows):
    """Write rows (tuples in `columns` order) into `table` through a COPY into a
    temporary table, inserting new keys and updating only rows whose values
    changed, so importing the same file twice changes nothing.
    Returns (inserted, updated)."""
    values = [c for c in columns if c not in key]
    cols = ", ".join(columns)
    changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in values)
    # Table and column names come from the models, never from the file.
    create = f"CREATE TEMPORARY TABLE import_rows ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"  # noqa: S608
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in values)
    write = (
        f"WITH written AS (INSERT INTO {table} ({cols}) SELECT {cols} FROM import_rows "  # noqa: S608
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {assignments} WHERE {changed} "
        "RETURNING (xmax = 0) AS inserted) "
        "SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM written"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(create)
        with cursor.copy(f"COPY import_rows ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(write)
        inserted, updated = cursor.fetchone()
        cursor.execute("DROP TABLE import_rows")
    return inserted, updated


def copy_into(table, columns, rows):
    """Bulk-load rows straight into a table (no conflict handling): for
    generated data going into years known to be empty."""
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
