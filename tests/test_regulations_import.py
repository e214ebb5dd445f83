"""The plain-text importer on the two real seed circulars, every field checked."""

import datetime
from pathlib import Path

import pytest

from regulations import importer
from regulations.models import Agency, Regulation, Relation

SEEDS = Path(__file__).resolve().parent.parent / "regulations" / "seeds"


def parse_seed(name):
    return importer.parse((SEEDS / name).read_text(encoding="utf-8"))


class TestSeedOne:
    """มท ๐๘๐๘.๔/ว ๒๑๒๑, 17 July 2563: the letter announcing KM e-LAAS."""

    def test_every_field(self):
        [letter] = parse_seed("000_5683fc4fdc6ef4db.txt")
        assert letter.number == "มท ๐๘๐๘.๔/ว ๒๑ ๒๑"  # kept as printed, OCR split and all
        assert letter.kind == Regulation.Kind.CIRCULAR
        assert letter.date == datetime.date(2020, 7, 17)
        assert letter.urgency == ""
        assert letter.subject == ("การใช้งานระบบคลังความรู้ของระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (KM e-LAAS)")
        assert letter.addressee == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
        assert letter.effective_date is None
        assert [(r.kind, r.number, r.date) for r in letter.references] == [
            (Relation.Kind.REFERS_TO, "มท ๐๘๐๘.๔/ว ๕๕๑๒", datetime.date(2018, 10, 12))
        ]
        assert letter.notes == []
        assert "<p>๑. คู่มือและเอกสาร" in letter.body
        assert "จึงเรียนมาเพื่อโปรดพิจารณา" not in letter.body


class TestSeedTwo:
    """นพ ๐๐๒๓.๕/ว ๖๗๔ forwarding มท ๐๘๐๘.๔/ว ๒๖๒๕ (June 2569), with OCR slips."""

    @pytest.fixture
    def letters(self):
        return parse_seed("002_0728d03e613f1ccf.txt")

    def test_it_finds_both_letters_in_one_file(self, letters):
        assert [letter.number for letter in letters] == ["นพ ๐๐๒๓.๕/ว ๖๗๔", "มท ๐๘๐๘.๔/ว ๒๖๒๕"]

    def test_the_provincial_letter(self, letters):
        provincial = letters[0]
        assert provincial.date == datetime.date(2026, 6, 5)
        assert provincial.addressee == "สำนักงานท้องถิ่นอำเภอ ทุกอำเภอ"
        assert provincial.subject == ""  # the OCR text has no เรื่อง line…
        assert "ไม่พบบรรทัด “เรื่อง” — กรุณาระบุเรื่อง" in provincial.notes  # …and the editor is told
        assert provincial.effective_date == datetime.date(2026, 6, 10)
        references = [(r.kind, r.number, r.date) for r in provincial.references]
        assert references == [
            (Relation.Kind.REFERS_TO, "นพ ๐๐๒๓.๕/ว ๓๔๐๖", datetime.date(2024, 9, 26)),
            (Relation.Kind.REFERS_TO, "นพ ๐๐๒๓.๕/ว ๗๘๒", datetime.date(2025, 2, 27)),
            (Relation.Kind.FORWARDS, "มท ๐๘๐๘.๔/ว ๒๖๒๕", datetime.date(2026, 6, 4)),
        ]
        assert provincial.references[0].subject == (
            "แนวทางปฏิบัติการใช้งานในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (New e-LAAS)"
        )

    def test_a_miscited_enclosure_is_linked_and_flagged(self, letters):
        # The province cites ว ๒๖๒๔ for the letter it encloses, which is ว ๒๖๒๕.
        assert any("ว ๒๖๒๔" in note and "ว ๒๖๒๕" in note for note in letters[0].notes)

    def test_the_department_letter(self, letters):
        department = letters[1]
        assert department.kind == Regulation.Kind.CIRCULAR
        assert department.addressee == "สำนักงานท้องถิ่นจังหวัด ทุกจังหวัด"
        # Its own date line lost the day ("มิถุนายน ๒๕๖๙"); the forwarding letter's citation supplies it.
        assert department.date == datetime.date(2026, 6, 4)
        assert any("นำมาจากหนังสือ นพ ๐๐๒๓.๕/ว ๖๗๔" in note for note in department.notes)
        assert department.effective_date == datetime.date(2026, 6, 10)
        assert [(r.number, r.date) for r in department.references] == [
            ("มท ๐๘๐๘.๔/ว ๔๐๐๗", datetime.date(2024, 9, 17)),
            ("มท ๐๘๐๘.๔/ว ๗๓๔", datetime.date(2025, 2, 17)),
        ]

    def test_ocr_slips_are_read_correctly(self):
        text = "ที่ มท ๐๘๐๘.๔/ว ๑\nหนังสือ ต่วนที่สุด ที่ มท ๐๘๐๘.๔/ว ๗๓๔ ลงวันที่ ๑๗ กุมภาพันธ์ ๒๕๖๘ เรื่อง ทดสอบ"
        [letter] = importer.parse(text)
        assert letter.references[0].number == "มท ๐๘๐๘.๔/ว ๗๓๔"
        assert "ด่วนที่สุด" in importer.clean("ต่วนที่สุด")


@pytest.mark.django_db
class TestSaving:
    @pytest.fixture(autouse=True)
    def agencies(self):
        Agency.objects.create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")
        Agency.objects.create(name="กรมส่งเสริมการปกครองท้องถิ่น", number_prefix="มท 0808")
        Agency.objects.create(name="สำนักงานท้องถิ่นจังหวัดนครพนม", number_prefix="นพ 0023")

    def test_letters_are_saved_as_drafts_for_review(self):
        results = importer.save(parse_seed("002_0728d03e613f1ccf.txt"))
        assert [created for _, created in results] == [True, True]
        provincial, department = (regulation for regulation, _ in results)
        assert provincial.status == department.status == Regulation.Status.DRAFT
        assert department.agency.name == "กองบริหารการคลังท้องถิ่น"  # longest matching prefix
        assert provincial.agency.name == "สำนักงานท้องถิ่นจังหวัดนครพนม"
        assert "ว ๒๖๒๔" in provincial.review_notes
        forwards = provincial.relations.get(kind=Relation.Kind.FORWARDS)
        assert forwards.target == department

    def test_importing_twice_changes_nothing(self):
        importer.save(parse_seed("002_0728d03e613f1ccf.txt"))
        counts = Regulation.objects.count(), Relation.objects.count()
        results = importer.save(parse_seed("002_0728d03e613f1ccf.txt"))
        assert [created for _, created in results] == [False, False]
        assert (Regulation.objects.count(), Relation.objects.count()) == counts

    def test_both_seed_files_imported_twice_enter_each_letter_once(self):
        for _ in range(2):
            for seed in ["000_5683fc4fdc6ef4db.txt", "002_0728d03e613f1ccf.txt"]:
                importer.save(parse_seed(seed))
        numbers = sorted(Regulation.objects.values_list("number_normalized", flat=True))
        assert numbers == ["นพ0023.5/ว674", "มท0808.4/ว2121", "มท0808.4/ว2625"]
        assert Relation.objects.count() == 1 + 3 + 2

    def test_a_letter_typed_in_by_hand_is_completed_not_entered_again(self):
        typed = Regulation.objects.create(
            agency=Agency.objects.get(number_prefix="มท 0808.4"),
            number="มท 0808.4/ว2121",  # Arabic digits, no space: the seed prints ว ๒๑ ๒๑
            title="KM e-LAAS",
            status=Regulation.Status.PUBLISHED,
        )
        [(regulation, created)] = importer.save(parse_seed("000_5683fc4fdc6ef4db.txt"))
        assert (regulation, created) == (typed, False)
        assert Regulation.objects.count() == 1
        regulation.refresh_from_db()
        assert regulation.title == "KM e-LAAS"  # what the editor wrote stays
        assert regulation.addressee == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"  # what was empty is filled
        assert regulation.status == Regulation.Status.PUBLISHED

    def test_a_reference_links_to_the_letter_in_the_register_never_to_a_pasted_copy(self):
        original = Regulation.objects.create(
            agency=Agency.objects.get(number_prefix="มท 0808.4"),
            number="มท 0808.4/ว 5512",
            title="การจัดทำบัญชีด้วยระบบ e-LAAS",
            date=datetime.date(2018, 10, 12),
            status=Regulation.Status.PUBLISHED,
        )
        # The same letter pasted into the importer with Thai digits completes the original.
        copy = "ที่ มท ๐๘๐๘.๔/ว ๕๕ ๑๒\nเรื่อง การจัดทำบัญชี (ฉบับพิมพ์ซ้ำ)\n๑๒ ตุลาคม ๒๕๖๑"
        assert importer.save(importer.parse(copy)) == [(original, False)]
        [(letter, _)] = importer.save(parse_seed("000_5683fc4fdc6ef4db.txt"))
        assert letter.relations.get().target == original
        assert Regulation.objects.filter(number_normalized="มท0808.4/ว5512").count() == 1

    def test_an_unknown_agency_stops_the_import_whole(self):
        Agency.objects.filter(number_prefix="นพ 0023").delete()
        with pytest.raises(ValueError, match="ไม่รู้จักหน่วยงานของเลขที่ นพ"):
            importer.save(parse_seed("002_0728d03e613f1ccf.txt"))
        assert not Regulation.objects.exists()

    def test_the_import_command(self, capsys):
        from django.core.management import call_command

        call_command("import_circular", str(SEEDS / "000_5683fc4fdc6ef4db.txt"))
        assert "created: มท ๐๘๐๘.๔/ว ๒๑ ๒๑" in capsys.readouterr().out
        assert Regulation.objects.get().title.startswith("การใช้งานระบบคลังความรู้")
