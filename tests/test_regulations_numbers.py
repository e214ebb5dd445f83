import string

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from kmlaas.thai import to_thai_digits
from regulations.models import Agency, Regulation
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


def test_the_word_ti_before_a_number_is_dropped_with_or_without_a_space():
    for printed in ["ที่ มท ๐๘๐๘.๔/ว ๒๖๒๕", "ที่มท ๐๘๐๘.๔/ว ๒๖๒๕", " ที่  มท 0808 . 4 / ว 2625"]:
        assert normalize_number(printed) == CANONICAL


def test_latin_letters_fold_to_lower_case():
    assert normalize_number("MOI 0808.4/W 2625") == normalize_number("moi 0808.4/w2625") == "moi0808.4/w2625"


@pytest.mark.django_db
class TestUniqueInTheRegister:
    @pytest.fixture
    def agency(self):
        return Agency.objects.create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")

    @pytest.mark.parametrize("again", ["ว 9991", "ว๙๙๙๑", " ว  ๙๙ ๙๑ "])
    def test_the_database_refuses_a_second_letter_with_the_same_number(self, agency, again):
        Regulation.objects.create(agency=agency, number="ว ๙๙๙๑", title="ฉบับจริง")
        with pytest.raises(IntegrityError), transaction.atomic():
            Regulation.objects.create(agency=agency, number=again, title="ฉบับซ้ำ")

    def test_numbered_finds_the_letter_however_it_is_typed(self, agency):
        letter = Regulation.objects.create(agency=agency, number="มท ๐๘๐๘.๔/ว ๒๑๒๑", title="KM e-LAAS")
        assert list(Regulation.objects.numbered("ที่ มท 0808.4/ว2121")) == [letter]
        assert not Regulation.objects.numbered("").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_and_lists_letters_that_share_a_number():
    executor = MigrationExecutor(connection)
    before, after = [("regulations", "0003_repair_slugs")], [("regulations", "0004_regulation_number_unique")]
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        agency = apps.get_model("regulations", "Agency").objects.create(name="สถ.")
        old = apps.get_model("regulations", "Regulation").objects
        for number, title in [("ว 2121", "ฉบับจริง"), ("ว ๒๑๒๑", "ฉบับซ้ำ"), ("ว 1", "อีกฉบับ")]:
            old.create(agency=agency, number=number, number_normalized=normalize_number(number), title=title)
        executor.loader.build_graph()
        with pytest.raises(RuntimeError) as refused:
            executor.migrate(after)
        message = str(refused.value)
        assert "ว2121: id" in message and "“ว 2121” ฉบับจริง" in message and "“ว ๒๑๒๑” ฉบับซ้ำ" in message
        assert "อีกฉบับ" not in message
        old.filter(title="ฉบับซ้ำ").delete()
        executor.loader.build_graph()
        executor.migrate(after)
    finally:
        executor.loader.build_graph()
        executor.migrate(after)
    with pytest.raises(IntegrityError), transaction.atomic():
        Regulation.objects.create(agency_id=agency.pk, number="ว ๒๑ ๒๑", title="ฉบับซ้ำ")
