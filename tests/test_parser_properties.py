"""Property tests of the number and date parsers that read what people type
and what files hold: whatever the text, each returns a valid value or says
no in its documented way (a ValidationError with a message, or None) —
never another exception, which would be a server error."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from fiscal.importer import parse_month
from kmlaas import thai
from kmlaas.registry.tabular import parse_amount, parse_be_date
from regulations.numbers import looks_like_number, normalize_number

# Text near what the parsers expect (digits of both sets, date separators,
# month names) mixed with anything at all, so both paths are explored.
_NEAR = st.sampled_from(
    [
        "/",
        ".",
        "-",
        " ",
        ",",
        "฿",
        "พ.ย.",
        "พฤศจิกายน",
        "Nov",
        "พ.ศ.",
        "e",
        "E",
        "+",
        "NaN",
        "Infinity",
        "๒๕๖๙",
    ]
)
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙", min_size=1), _NEAR)).map("".join),
)


@given(TEXT)
@example("27/11/2569")
@example("๒๗/๑๑/๒๕๖๙")
@example("29/2/2568")
@example("1/1/" + "9" * 30)
@example("\x00")
def test_clean_be_date_returns_a_be_range_date_or_a_validation_error(text):
    try:
        value = thai.clean_be_date(text)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return
    assert isinstance(value, datetime.date)
    assert thai.BE_YEAR_MIN <= thai.be_year(value) <= thai.BE_YEAR_MAX
    assert thai.clean_be_date(thai.format_numeric_date(value)) == value


@given(TEXT)
@example("1/1/0000")
@example("31/12/9999")
@example("٣/٣/٢٥٦٩")  # Arabic-Indic digits: \d matches them
def test_parse_date_returns_a_date_or_none(text):
    value = thai.parse_date(text)
    assert value is None or isinstance(value, datetime.date)


@given(TEXT)
@example("1/1/2569")
@example("1/1/2026")
def test_parse_be_date_returns_a_date_or_none(text):
    value = parse_be_date(text)
    assert value is None or 2400 <= thai.be_year(value) <= 2700


@given(TEXT)
@example("10/2568")
@example("ต.ค. 2568")
@example("0/0000")
def test_parse_month_returns_a_first_of_month_or_none(text):
    value = parse_month(text)
    assert value is None or (isinstance(value, datetime.date) and value.day == 1)


@given(TEXT)
@example("1,234.50")
@example("฿๑๒๓๔.๕")
@example("1e999999999")
@example("9" * 40)
@example("sNaN")
@example("-0.001")
def test_parse_amount_returns_baht_with_two_decimals_or_none(text):
    value = parse_amount(text)
    assert value is None or (
        isinstance(value, Decimal) and value.is_finite() and value == value.quantize(Decimal("0.01"))
    )


@given(st.one_of(TEXT, st.none()))
@example("ที่ มท ๐๘๐๘.๔/ว ๒๖๒๕")
def test_normalize_number_folds_to_arabic_digits_without_spaces(text):
    value = normalize_number(text)
    assert isinstance(value, str)
    assert not any(c in value for c in "๐๑๒๓๔๕๖๗๘๙ \u200b")
    assert normalize_number(value) == value
    assert isinstance(looks_like_number(text or ""), bool)


@given(st.text())
def test_thai_digit_folding_round_trips_and_changes_only_digits(text):
    arabic = thai.to_arabic_digits(text)
    assert len(arabic) == len(text)
    assert not any(c in arabic for c in "๐๑๒๓๔๕๖๗๘๙")
    assert thai.to_arabic_digits(thai.to_thai_digits(arabic)) == arabic
