import string

from hypothesis import given
from hypothesis import strategies as st

from kmlaas.thai import to_thai_digits
from regulations.numbers import looks_like_number, normalize_number

CANONICAL = "มท0808.4/ว2625"


def test_the_printed_forms_of_one_number_agree():
    for printed in [
        "ที่ มท ๐๘๐๘.๔/ว ๒๖๒๕",
        "มท 0808.4/ว 2625",
        "มท ๐๘๐๘.๔/ว๒๖๒๕",
        "มท 0808.4／ว 2625",
        "มท ๐๘๐๘.๔/ว ๒๖ ๒๕",
    ]:
        assert normalize_number(printed) == CANONICAL


def test_partial_numbers_are_substrings_of_the_whole():
    for partial in ["0808.4/ว 2625", "๐๘๐๘.๔/ว๒๖๒๕", "ว 2625", "ว ๒๖๒๕"]:
        assert normalize_number(partial) in CANONICAL


digit_strings = st.text(alphabet=string.digits, min_size=1, max_size=5)


@given(
    code=digit_strings,
    serial=digit_strings,
    thai_mask=st.lists(st.booleans(), min_size=10, max_size=10),
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\u200b"]), min_size=3, max_size=3),
)
def test_any_mix_of_thai_and_arabic_digits_and_spacing_normalises_the_same(code, serial, thai_mask, spaces):
    def mixed(digits):
        return "".join(to_thai_digits(d) if thai_mask[i % 10] else d for i, d in enumerate(digits))

    printed = f"มท{spaces[0]}{mixed(code)}.{mixed('4')}/{spaces[1]}ว{spaces[2]}{mixed(serial)}"
    assert normalize_number(printed) == f"มท{code}.4/ว{serial}"


@given(st.text(max_size=60))
def test_normalising_is_idempotent_and_never_fails(text):
    once = normalize_number(text)
    assert normalize_number(once) == once


def test_number_queries_are_told_from_words():
    for query in ["ว 2625", "ว๒๖๒๕", "0808.4/ว 2625", "มท 0808.4/ว2625"]:
        assert looks_like_number(query), query
    for query in ["ใบผ่านรายการจ่าย", "กันเงิน", "e-LAAS", ""]:
        assert not looks_like_number(query), query
