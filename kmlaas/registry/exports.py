"""Downloads of a table as CSV, XLSX or JSON, streamed so a national table
never sits whole in memory.

Every spreadsheet cell goes through `spreadsheet_cell`: text a spreadsheet
would run as a formula (`=HYPERLINK(…)` in an LAO's name or a letter number)
is defused — quoted in CSV, a plain text cell in XLSX — while real numbers
stay numbers."""

import csv
import json
import re
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise

FORMATS = ("csv", "xlsx", "json")


class _Echo:
    def write(self, value):
        return value


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# Excel, LibreOffice and Google Sheets start a formula with any of these,
# including the full-width forms a Thai keyboard layout can type.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def spreadsheet_cell(value, quote=True):
    """(value, is_text) for one cell. With quote, text that would start a
    formula comes back prefixed with an apostrophe, which spreadsheets read
    as "this is text" (CSV has no other way to say it); a number written as
    text ("-12.50") is left alone, it computes nothing. is_text tells an
    XLSX writer to store the cell as a text cell, which is never run."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value, False
    if quote and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value, True
    return value, True


def respond(fmt, filename, headers, rows):
    """headers: column titles; rows: an iterable of sequences (generators welcome)."""
    headers = [str(h) for h in headers]
    if fmt == "csv":
        return _csv(filename, headers, rows)
    if fmt == "xlsx":
        return _xlsx(filename, headers, rows)
    return _json(filename, headers, rows)


def _csv(filename, headers, rows):
    writer = csv.writer(_Echo())

    def lines():
        # A BOM so Excel opens the Thai text as UTF-8.
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow([_plain(spreadsheet_cell(v)[0]) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx(filename, headers, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(xlsx_row(sheet, headers))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    # write_only keeps rows on disk as they come; the file is served from disk too.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def xlsx_row(sheet, values):
    """Cells for sheet.append: text is always a text cell (openpyxl would
    otherwise make "=…" a live formula), numbers and dates stay as they are."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        # A text cell is shown as is, so it needs no apostrophe.
        value, is_text = spreadsheet_cell(value, quote=False)
        if is_text:
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _json(filename, headers, rows):
    def chunks():
        yield '{"columns": ' + json.dumps(headers, ensure_ascii=False) + ', "rows": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps([_plain(v) for v in row], ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response
