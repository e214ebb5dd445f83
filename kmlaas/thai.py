"""Thai text, digits, Buddhist-Era dates and the Thai fiscal year."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pythainlp.util import thai_strftime, thai_strptime

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
BE_OFFSET = 543

# Slips the OCR of scanned letters is known to make, and their readings. The
# circular importer repairs stored text with them and search repairs queries.
OCR_FIXES = [
    ("ต่วนที่สุด", "ด่วนที่สุด"),
    ("ต่วนมาก", "ด่วนมาก"),
    ("แก่ไข", "แก้ไข"),
]


def fix_ocr(text):
    for wrong, right in OCR_FIXES:
        text = text.replace(wrong, right)
    return text


_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def to_arabic_digits(text):
    return text.translate(_TO_ARABIC)


def to_thai_digits(text):
    return text.translate(_TO_THAI)


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def be_year(value):
    return value.year + BE_OFFSET


def format_date(value, *, long=False, language="th", with_time=False):
    """4 มิ.ย. 2569 (short) or 4 มิถุนายน 2569 (long); English months keep the BE year."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if language.startswith("en"):
        month = _ENGLISH_MONTHS[value.month - 1]
        text = f"{value.day} {month if long else month[:3]} {be_year(value)}"
    else:
        text = thai_strftime(value, "%-d %B %Y" if long else "%-d %b %Y")
    if with_time and isinstance(value, datetime.datetime):
        text += f" {value:%H:%M}" + (" น." if not language.startswith("en") else "")
    return text


def fiscal_year(value):
    """The BE fiscal year a date falls in: 1 Oct 2025 – 30 Sep 2026 is 2569."""
    value = _local(value)
    year = value.year + 1 if value.month >= 10 else value.year
    return year + BE_OFFSET


def fiscal_year_range(be_fiscal_year):
    """First and last day of a BE fiscal year."""
    ce_year = be_fiscal_year - BE_OFFSET
    return datetime.date(ce_year - 1, 10, 1), datetime.date(ce_year, 9, 30)


def current_fiscal_year():
    return fiscal_year(timezone.localdate())


_SPACES = re.compile(r"\s+")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(text):
    """A date written the Thai way, in either digit set, with a BE year:
    "๑๗ กรกฎาคม ๒๕๖๓", "5 มิ.ย. 2569", "17/7/2563". None when it is not one
    (a month and year without a day, for instance)."""
    text = _SPACES.sub(" ", to_arabic_digits(str(text))).strip()
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        try:
            return datetime.date(year - BE_OFFSET if year > 2400 else year, month, day)
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            return thai_strptime(text, fmt).date()
        except (ValueError, IndexError):
            continue
    return None


class BuddhistDateInput(forms.DateInput):
    """Shows a date as dd/mm/BBBB (e.g. 04/06/2569)."""

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value.day:02d}/{value.month:02d}/{be_year(value)}"
        return value


class BuddhistDateField(forms.DateField):
    """A date entered as Thai staff write it: 4/6/2569, 4 มิ.ย. 2569 or 4 มิถุนายน 2569."""

    widget = BuddhistDateInput
    default_error_messages = {
        "invalid": _("วันที่ไม่ถูกต้อง — พิมพ์เป็น วัน/เดือน/ปี พ.ศ. เช่น 4/6/2569 หรือ 4 มิ.ย. 2569"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
