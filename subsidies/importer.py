"""Importer for transfer lists (CSV or XLSX, Thai headers): every row checked,
nothing written unless all are good, and re-importing a file changes nothing
because rows are upserted on (LAO, fiscal year, item, round)."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

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
from subsidies.models import SubsidyItem, Transfer

COLUMNS = ["ปีงบประมาณ", "รหัส อปท.", "รายการ", "งวดที่", "เลขที่หนังสือ", "ลงวันที่", "จำนวนเงิน", "วันที่โอน", "สถานะ"]
REQUIRED = ["ปีงบประมาณ", "รหัส อปท.", "รายการ", "งวดที่", "จำนวนเงิน"]
_STATUSES = {str(label): value for value, label in Transfer.Status.choices} | {
    value: value for value in Transfer.Status.values
}
_INT = re.compile(r"^\d+$")


def parse(file, name="", progress=None):
    """Returns the rows ready for writing, or raises ImportRejected listing
    every bad row."""
    laos = dict(LAO.objects.values_list("code", "id"))
    items = {}
    for item in SubsidyItem.objects.all():
        items[" ".join(item.name.split())] = item.id
        if item.short_name:
            items.setdefault(" ".join(item.short_name.split()), item.id)
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
        year_text = thai.to_arabic_digits(row["ปีงบประมาณ"])
        year = int(year_text) if _INT.match(year_text) and 2500 <= int(year_text) <= 2700 else None
        if year is None:
            problems.append(_("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (พบ “%(value)s”)") % {"value": row["ปีงบประมาณ"]})
        lao = laos.get(thai.to_arabic_digits(row["รหัส อปท."]).strip())
        if lao is None:
            problems.append(_("ไม่พบรหัส อปท. “%(code)s” ในทะเบียน") % {"code": row["รหัส อปท."]})
        item = items.get(" ".join(row["รายการ"].split()))
        if item is None:
            problems.append(_("ไม่รู้จักรายการ “%(item)s”") % {"item": row["รายการ"]})
        round_text = thai.to_arabic_digits(row["งวดที่"])
        round_ = int(round_text) if _INT.match(round_text) and 0 < int(round_text) < 100 else None
        if round_ is None:
            problems.append(_("งวดที่ต้องเป็นตัวเลข 1–99 (พบ “%(value)s”)") % {"value": row["งวดที่"]})
        amount = parse_amount(row["จำนวนเงิน"])
        if amount is None or amount < 0 or amount >= 10**12:
            problems.append(
                _("จำนวนเงินไม่ถูกต้อง “%(value)s” — ต้องเป็นตัวเลขไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง")
                % {"value": row["จำนวนเงิน"]}
            )
        dates = {}
        for column in ("ลงวันที่", "วันที่โอน"):
            text = row.get(column, "").strip()
            dates[column] = parse_be_date(text) if text else None
            if text and dates[column] is None:
                problems.append(
                    _("%(column)s “%(value)s” ไม่ใช่วันที่ พ.ศ. — เขียนเป็น 5/6/2569 หรือ 5 มิ.ย. 2569")
                    % {"column": column, "value": text}
                )
        transferred = dates["วันที่โอน"]
        if transferred and year and thai.fiscal_year(transferred) != year:
            problems.append(
                _("วันที่โอน %(date)s ไม่อยู่ในปีงบประมาณ %(year)s")
                % {"date": thai.format_date(transferred), "year": year}
            )
        status_text = row.get("สถานะ", "").strip()
        status = _STATUSES.get(status_text) if status_text else None
        if status_text and status is None:
            problems.append(_("ไม่รู้จักสถานะ “%(value)s”") % {"value": status_text})
        status = status or (Transfer.Status.TRANSFERRED if transferred else Transfer.Status.ALLOCATED)
        if not problems:
            key = (lao, year, item, round_)
            if key in seen:
                problems.append(
                    _("ซ้ำกับบรรทัด %(line)s (อปท. รายการ งวด และปีงบประมาณเดียวกัน)") % {"line": seen[key]}
                )
            seen.setdefault(key, line)
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        rows.append(
            (
                year,
                lao,
                item,
                round_,
                row.get("เลขที่หนังสือ", "").strip()[:100],
                dates["ลงวันที่"],
                amount,
                transferred,
                status,
            )
        )
    if not checked:
        errors.append((1, _("ไม่มีข้อมูลในไฟล์")))
    if errors:
        raise ImportRejected(errors)
    return rows


FIELDS = [
    "fiscal_year",
    "lao_id",
    "item_id",
    "round",
    "letter_number",
    "letter_date",
    "amount",
    "transfer_date",
    "status",
]


@transaction.atomic
def save(rows):
    """Returns (inserted, updated); the summary the views read is refreshed
    for the fiscal years touched."""
    from subsidies import summary

    inserted, updated = upsert(
        Transfer._meta.db_table, FIELDS, ["lao_id", "fiscal_year", "item_id", "round"], rows
    )
    if inserted or updated:
        summary.refresh({row[0] for row in rows})
    return inserted, updated
