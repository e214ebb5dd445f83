"""Importer for monthly actuals (CSV or XLSX, Thai headers): same rules as the
transfer importer — every row checked, all or nothing, and idempotent on
(LAO, month, category)."""

import datetime
import re

from django.db import transaction
from django.utils.translation import gettext as _

from fiscal.models import Actual, Category, FiscalImport
from kmlaas import thai
from kmlaas.registry.models import LAO
from kmlaas.registry.tabular import (
    ImportRejected,
    cell_problems,
    parse_amount,
    parse_be_date,
    read_rows,
    require_columns,
    upsert,
)

COLUMNS = ["รหัส อปท.", "เดือน", "หมวด", "จำนวนเงิน", "ข้อมูล ณ วันที่"]
REQUIRED = ["รหัส อปท.", "เดือน", "หมวด", "จำนวนเงิน"]
_CATEGORIES = {" ".join(str(c.label).split()): c.value for c in Category} | {
    c.value: c.value for c in Category
}
_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("มกราคม", "ม.ค."),
            ("กุมภาพันธ์", "ก.พ."),
            ("มีนาคม", "มี.ค."),
            ("เมษายน", "เม.ย."),
            ("พฤษภาคม", "พ.ค."),
            ("มิถุนายน", "มิ.ย."),
            ("กรกฎาคม", "ก.ค."),
            ("สิงหาคม", "ส.ค."),
            ("กันยายน", "ก.ย."),
            ("ตุลาคม", "ต.ค."),
            ("พฤศจิกายน", "พ.ย."),
            ("ธันวาคม", "ธ.ค."),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_NAMED_MONTH = re.compile(r"^(\S+)\s*(\d{4})$")


def parse_month(text):
    """The first day of a month written "10/2568", "ต.ค. 2568", "ตุลาคม 2568"
    or as any date in it; None when it is not one."""
    text = " ".join(thai.to_arabic_digits(str(text)).split())
    month = year = None
    if match := _NUMERIC_MONTH.match(text):
        month, year = int(match[1]), int(match[2])
    elif (match := _NAMED_MONTH.match(text)) and match[1] in _MONTHS:
        month, year = _MONTHS[match[1]], int(match[2])
    elif date := parse_be_date(text):
        return date.replace(day=1)
    if not month or not 1 <= month <= 12 or not 2400 < year < 2700:
        return None
    return datetime.date(year - thai.BE_OFFSET, month, 1)


def parse(file, name="", as_of=None, progress=None):
    """Returns rows ready for writing or raises ImportRejected. as_of is used
    for rows without a ข้อมูล ณ วันที่ column."""
    laos = dict(LAO.objects.values_list("code", "id"))
    errors, rows, seen = [], [], {}
    checked = False
    for line, row in read_rows(file, name, progress):
        if not checked:
            require_columns(row.keys(), REQUIRED)
            checked = True
        problems = cell_problems(row)
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        lao = laos.get(thai.to_arabic_digits(row["รหัส อปท."]).strip())
        if lao is None:
            problems.append(_("ไม่พบรหัส อปท. “%(code)s” ในทะเบียน") % {"code": row["รหัส อปท."]})
        month = parse_month(row["เดือน"])
        if month is None:
            problems.append(
                _("เดือน “%(value)s” ไม่ถูกต้อง — เขียนเป็น 10/2568 หรือ ต.ค. 2568") % {"value": row["เดือน"]}
            )
        category = _CATEGORIES.get(" ".join(row["หมวด"].split()))
        if category is None:
            problems.append(_("ไม่รู้จักหมวดรายรับหรืองบรายจ่าย “%(value)s”") % {"value": row["หมวด"]})
        amount = parse_amount(row["จำนวนเงิน"])
        if amount is None or abs(amount) >= 10**14:
            problems.append(
                _("จำนวนเงินไม่ถูกต้อง “%(value)s” — ต้องเป็นตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง")
                % {"value": row["จำนวนเงิน"]}
            )
        as_of_text = row.get("ข้อมูล ณ วันที่", "").strip()
        row_as_of = parse_be_date(as_of_text) if as_of_text else as_of
        if as_of_text and row_as_of is None:
            problems.append(_("ข้อมูล ณ วันที่ “%(value)s” ไม่ใช่วันที่ พ.ศ.") % {"value": as_of_text})
        elif row_as_of is None:
            problems.append(_("ไม่มีวันที่ของข้อมูล (คอลัมน์ ข้อมูล ณ วันที่)"))
        elif month and row_as_of < month:
            problems.append(_("ข้อมูล ณ วันที่อยู่ก่อนเดือนของข้อมูล"))
        if not problems:
            key = (lao, month, category)
            if key in seen:
                problems.append(_("ซ้ำกับบรรทัด %(line)s (อปท. เดือน และหมวดเดียวกัน)") % {"line": seen[key]})
            seen.setdefault(key, line)
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        rows.append((lao, month, thai.fiscal_year(month), category, amount, row_as_of))
    if not checked:
        errors.append((1, _("ไม่มีข้อมูลในไฟล์")))
    if errors:
        raise ImportRejected(errors)
    return rows


FIELDS = ["lao_id", "month", "fiscal_year", "category", "amount", "as_of"]


@transaction.atomic
def save(rows, file_name=""):
    """Returns (inserted, updated) and refreshes the totals of the years touched."""
    from fiscal import summary

    inserted, updated = upsert(
        Actual._meta.db_table, FIELDS, ["lao_id", "fiscal_year", "month", "category"], rows
    )
    if inserted or updated:
        summary.refresh({row[2] for row in rows})
    if rows:
        FiscalImport.objects.create(
            file_name=file_name[:255],
            as_of=max(row[5] for row in rows),
            rows=len(rows),
            inserted=inserted,
            updated=updated,
        )
    return inserted, updated
