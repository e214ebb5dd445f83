"""Reading the department's CSV/XLSX files row by row, and writing a
validated batch in one statement.

Every importer of open data (LAOs, transfers, monthly actuals) follows the same
rules: every row is checked, every bad row is reported with its line number,
and nothing is written unless the whole file is good."""

import csv
import io
import zipfile
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from kmlaas import thai

# Caps that keep one file from holding the worker: rows of data, the run of
# empty rows after which the sheet is taken to have ended (a sheet once
# formatted down to row 1,048,576 reads as a million empty rows), the longest
# cell, and how large an XLSX may grow when unpacked (a zip bomb is small).
MAX_ROWS = 200_000
EMPTY_RUN = 1_000
MAX_CELL = 2_000
MAX_XLSX_UNPACKED = 500 * 1024 * 1024
PROGRESS_EVERY = 1_000


class ImportRejected(Exception):
    """The file had bad rows; errors is a list of (line, reason)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{_('แถว')} {line}: {reason}" for line, reason in errors))


def _clean_header(text):
    return " ".join(str(text or "").replace("\ufeff", "").split())


def read_rows(file, name="", progress=None):
    """Yields (line number, {header: text}) for a CSV (UTF-8, BOM or not) or
    XLSX file, read row by row from the open file; line numbers are those a
    person sees in Excel (header = 1). progress(line) is called every
    PROGRESS_EVERY lines and once at the end. Empty rows are skipped;
    EMPTY_RUN of them in a row end the sheet; more than MAX_ROWS rows of
    data reject the file."""
    name = (name or getattr(file, "name", "") or "").lower()
    rows = _xlsx_rows(file) if name.endswith(".xlsx") else _csv_rows(file)
    try:
        yield from _data_rows(rows, progress)
    finally:
        rows.close()  # closes the workbook even when the sheet is left early


def _data_rows(rows, progress):
    headers = None
    line = empty = count = 0
    for line, cells in rows:
        if progress and line % PROGRESS_EVERY == 0:
            progress(line)
        if headers is None:
            headers = [_clean_header(h) for h in cells]
            continue
        if not any(cells):
            empty += 1
            if empty >= EMPTY_RUN:
                break
            continue
        empty = 0
        count += 1
        if count > MAX_ROWS:
            raise ImportRejected(
                [
                    (
                        line,
                        _("ไฟล์มีข้อมูลเกิน %(rows)s แถว — แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์")
                        % {"rows": f"{MAX_ROWS:,}"},
                    )
                ]
            )
        yield line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
    if progress:
        progress(line - empty)


def _binary(file):
    # Django's File objects wrap the real file; io wants the real one.
    inner = getattr(file, "file", None)
    return inner if inner is not None and not isinstance(file, io.IOBase) else file


def _csv_rows(file):
    """(line, [stripped text]) from a CSV file, decoded as it is read."""
    file = _binary(file)
    text = (
        file if isinstance(file, io.TextIOBase) else io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    )
    reader = csv.reader(text)
    line = 1
    try:
        for line, row in enumerate(reader, start=1):
            yield line, [cell.strip() for cell in row]
    except UnicodeDecodeError:
        raise ImportRejected([(line, _("อ่านไฟล์ไม่ได้ — ต้องเป็น CSV แบบ UTF-8"))]) from None
    except csv.Error:
        raise ImportRejected([(line + 1, _("อ่านแถวนี้ไม่ได้ — ไฟล์ CSV ผิดรูปแบบหรือช่องยาวเกินไป"))]) from None
    finally:
        if text is not file:
            text.detach()  # leave the caller's file open


def _xlsx_rows(file):
    from openpyxl import load_workbook

    file = _binary(file)
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(file).infolist())
        file.seek(0)
    except Exception:  # not a zip at all
        unpacked = None
    if unpacked is None:
        raise ImportRejected([(1, _("อ่านไฟล์ไม่ได้ — ต้องเป็นไฟล์ Excel (.xlsx)"))])
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportRejected([(1, _("ไฟล์ Excel นี้ใหญ่เกินไปเมื่อแตกไฟล์ — บันทึกเป็น CSV แล้วลองใหม่"))])
    try:
        book = load_workbook(file, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRejected([(1, _("อ่านไฟล์ไม่ได้ — ต้องเป็นไฟล์ Excel (.xlsx)"))]) from None
    line = 1
    try:
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in row]
    except Exception:  # a damaged sheet part
        raise ImportRejected([(line + 1, _("อ่านแถวนี้ไม่ได้ — ไฟล์ Excel เสียหาย"))]) from None
    finally:
        book.close()


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


def cell_problems(row):
    """What no column may hold: a NUL (PostgreSQL cannot store it) or text
    longer than any field. Each importer checks its own columns' meaning."""
    problems = []
    for column, text in row.items():
        if "\x00" in text:
            problems.append(_("คอลัมน์ %(column)s มีอักขระ NUL ซึ่งบันทึกไม่ได้") % {"column": column})
        elif len(text) > MAX_CELL:
            problems.append(
                _("คอลัมน์ %(column)s ยาวเกิน %(limit)s ตัวอักษร") % {"column": column, "limit": f"{MAX_CELL:,}"}
            )
    return problems


def require_columns(headers, required):
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportRejected([(1, _("ไม่พบคอลัมน์: %(columns)s") % {"columns": ", ".join(missing)})])


def parse_amount(text):
    """Baht with at most two decimals ("1,234.50", "฿1234.5"); None if not one."""
    text = thai.to_arabic_digits(str(text)).replace(",", "").replace("฿", "").replace(" ", "")
    if len(text) > 40:
        return None
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            return None
        quantized = amount.quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError):  # "1e999999" cannot be quantized
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
