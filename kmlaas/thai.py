"""Thai text, digits, Buddhist-Era dates and the Thai fiscal year."""

import datetime
import re
import unicodedata

from django.utils import timezone
from pythainlp.util import thai_strftime

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
BE_OFFSET = 543

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


_SLUG_DASHES = re.compile(r"[-\s]+")


def slugify(text, max_length=120):
    """A URL slug that keeps Thai words whole.

    Django's slugify(allow_unicode=True) drops Thai vowels and tone marks
    (Unicode category Mn), turning "บัญชี" into "บญช"; here combining marks
    are kept.
    """
    text = unicodedata.normalize("NFC", str(text)).lower()
    kept = "".join(
        ch if ch.isalnum() or ch in "-_ " or unicodedata.category(ch) == "Mn" else " " for ch in text
    )
    slug = _SLUG_DASHES.sub("-", kept).strip("-_")
    return slug[:max_length].rstrip("-") or "item"
