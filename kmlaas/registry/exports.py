"""Downloads of a table as CSV, XLSX or JSON, streamed so a national table
never sits whole in memory."""

import csv
import json
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
            yield writer.writerow([_plain(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx(filename, headers, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([str(v) if isinstance(v, Promise) else v for v in row])
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


def _json(filename, headers, rows):
    def chunks():
        yield '{"columns": ' + json.dumps(headers, ensure_ascii=False) + ', "rows": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps([_plain(v) for v in row], ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response
