"""Thai text, digits, Buddhist-Era dates and the Thai fiscal year."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pythainlp.tokenize import word_tokenize
from pythainlp.util import thai_strftime, thai_strptime
from pythainlp.util.date import thai_abbr_months, thai_full_months

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


# The years a date typed by staff may have. Wider than any real letter or
# transfer, narrow enough that a slip (a CE year, a stray digit) is caught
# instead of stored 543 years off.
BE_YEAR_MIN = 2400
BE_YEAR_MAX = 2700
_LONGEST_DATE = 40  # "๓๐ กันยายน พ.ศ. ๒๕๖๙" is 21 characters

_STRICT_NUMERIC = re.compile(r"^([0-9]{1,2}) ?[/.-] ?([0-9]{1,2}) ?[/.-] ?([0-9]+)$")
_STRICT_WORDS = re.compile(r"^([0-9]{1,2}) ?([^0-9]+?) ?([0-9]+)$")
# Month names as typed, dots and spaces left out: "พ.ย." and "พย" alike.
_MONTH_NUMBERS = {
    name.replace(".", "").lower(): number
    for number, names in enumerate(
        zip(
            thai_full_months, thai_abbr_months, _ENGLISH_MONTHS, (m[:3] for m in _ENGLISH_MONTHS), strict=True
        ),
        start=1,
    )
    for name in names
}

INVALID_DATE = _("วันที่ไม่ถูกต้อง — พิมพ์เป็น วัน/เดือน/ปี พ.ศ. เช่น 4/6/2569 หรือ 4 มิ.ย. 2569")
_SHORT_YEAR = _("พิมพ์ปี พ.ศ. ให้ครบ 4 หลัก เช่น 27/11/2569 ไม่ใช่ 27/11/69")
_CE_YEAR = _("ปี %(year)s น่าจะเป็นปี ค.ศ. — พิมพ์ปี พ.ศ. เช่น %(be_year)s")
_YEAR_RANGE = _("ปี พ.ศ. ต้องอยู่ระหว่าง %(min)s ถึง %(max)s — เช่น 27/11/2569")
_NO_SUCH_DAY = _("ไม่มีวันที่ %(date)s ในปฏิทิน — ตรวจวันและเดือนอีกครั้ง")


def clean_be_date(text):
    """The date staff typed: "27/11/2569", "๒๗/๑๑/๒๕๖๙", "27 พ.ย. 2569" or
    "27 พฤศจิกายน 2569" (English month names too). Anything ambiguous or out
    of range raises a ValidationError that says what to type instead.

    Unlike parse_date, which reads letters and guesses, this never guesses:
    a two-digit year or a CE-looking one is refused, not converted."""
    text = str(text)
    if len(text) > _LONGEST_DATE or "\x00" in text:
        raise ValidationError(INVALID_DATE, code="invalid")
    text = _SPACES.sub(" ", to_arabic_digits(text)).strip()
    if numeric := _STRICT_NUMERIC.match(text):
        day, month, year = numeric.groups()
    elif words := _STRICT_WORDS.match(text):
        day, month_name, year = words.groups()
        key = month_name.replace(".", "").replace(" ", "").lower().removesuffix("พศ")
        if key not in _MONTH_NUMBERS:
            raise ValidationError(INVALID_DATE, code="invalid")
        month = _MONTH_NUMBERS[key]
    else:
        raise ValidationError(INVALID_DATE, code="invalid")
    if len(year) <= 2:
        raise ValidationError(_SHORT_YEAR, code="short_year")
    year = int(year)
    if not BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        if BE_YEAR_MIN <= year + BE_OFFSET <= BE_YEAR_MAX:
            raise ValidationError(
                _CE_YEAR, code="ce_year", params={"year": year, "be_year": year + BE_OFFSET}
            )
        raise ValidationError(_YEAR_RANGE, code="year_range", params={"min": BE_YEAR_MIN, "max": BE_YEAR_MAX})
    try:
        return datetime.date(year - BE_OFFSET, int(month), int(day))
    except ValueError:
        raise ValidationError(_NO_SUCH_DAY, code="no_such_day", params={"date": text}) from None


def format_numeric_date(value):
    """27/11/2569: a date the way it is typed, and read back by clean_be_date."""
    value = _local(value)
    return f"{value.day:02d}/{value.month:02d}/{be_year(value)}"


def shorten(text, limit):
    """The text cut to at most `limit` characters, "…" included, at a word
    boundary. Thai has no spaces between words and writes vowels and tone
    marks as separate characters after their consonant, so a plain slice can
    leave "ที่" as "ท" plus a stray mark: PyThaiNLP finds the words instead.
    Only the start is read, so a long body costs no more than a short one."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in word_tokenize(text[: limit + 40], keep_whitespace=True):
        if len(kept) + len(word) > limit - 1:
            break
        kept += word
    if not kept.strip():  # one "word" longer than the limit: a URL, a run of digits
        kept = text[: limit - 1]
        while kept and unicodedata.category(text[len(kept)]) in ("Mn", "Mc"):
            kept = kept[:-1]
    return kept.rstrip() + "…"
