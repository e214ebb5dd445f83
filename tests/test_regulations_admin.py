"""The register's admin: one letter per number, references that follow numbers."""

import datetime
import re
from pathlib import Path

import pytest

from regulations.models import Agency, Regulation, Relation

pytestmark = pytest.mark.django_db

FILES = "kmlaas-attachment-content_type-object_id"
SEEDS = Path(__file__).resolve().parent.parent / "regulations" / "seeds"


@pytest.fixture
def agency():
    return Agency.objects.create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")


@pytest.fixture
def km_letter(agency):
    """The real letter announcing KM e-LAAS, as the register holds it (published)."""
    return Regulation.objects.create(
        agency=agency,
        number="มท ๐๘๐๘.๔/ว ๒๑๒๑",
        title="การใช้งานระบบคลังความรู้ของระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (KM e-LAAS)",
        date=datetime.date(2020, 7, 17),
        status=Regulation.Status.PUBLISHED,
    )


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def letter_form(agency, relations=(), **overrides):
    data = {
        "kind": "circular",
        "agency": agency.pk,
        "number": "",
        "date": "17/7/2563",
        "urgency": "",
        "title": "ร่างที่พิมพ์ซ้ำ",
        "addressee": "",
        "summary": "",
        "body": "",
        "effective_date": "",
        "legal_status": "in_force",
        "status": "draft",
        "publish_at_0": "04/06/2569",
        "publish_at_1": "09:00",
        "slug": "",
        "relations-TOTAL_FORMS": str(len(relations)),
        "relations-INITIAL_FORMS": "0",
        f"{FILES}-TOTAL_FORMS": "0",
        f"{FILES}-INITIAL_FORMS": "0",
    }
    for index, relation in enumerate(relations):
        row = {
            "kind": "refers_to",
            "target_number": "",
            "target": "",
            "target_date": "",
            "target_subject": "",
        }
        data |= {f"relations-{index}-{name}": value for name, value in (row | relation).items()}
    return data | overrides


def change_form(regulation, **overrides):
    return (
        letter_form(
            regulation.agency,
            number=regulation.number,
            title=regulation.title,
            date=regulation.date.strftime("%d/%m/") + str(regulation.date.year + 543),
            status=regulation.status,
        )
        | overrides
    )


class TestOneLetterPerNumber:
    @pytest.mark.parametrize(
        "typed",
        [
            "มท 0808.4/ว2121",  # Arabic digits
            "มท ๐๘๐๘.๔/ว ๒๑๒๑",  # exactly as stored
            "ที่ มท ๐๘๐๘ . ๔ / ว ๒๑ ๒๑",  # "ที่", spaces around the dot and slash, an OCR split
            "มท0808.4/ว 2121",
        ],
    )
    def test_the_add_form_refuses_a_number_already_in_the_register(self, editor, agency, km_letter, typed):
        response = editor.post("/admin/regulations/regulation/add/", letter_form(agency, number=typed))
        assert response.status_code == 200
        html = response.content.decode()
        assert "มีหนังสือเลขที่ มท ๐๘๐๘.๔/ว ๒๑๒๑ อยู่แล้ว:" in html
        assert f'<a href="/admin/regulations/regulation/{km_letter.pk}/change/">{km_letter.title}</a>' in html
        assert "(ลงวันที่ 17 กรกฎาคม 2563)" in html
        assert Regulation.objects.count() == 1

    def test_the_message_is_escaped_html(self, editor, agency):
        Regulation.objects.create(agency=agency, number="ว 9991", title='<img src=x onerror="alert(1)">')
        response = editor.post("/admin/regulations/regulation/add/", letter_form(agency, number="ว ๙๙๙๑"))
        html = response.content.decode()
        assert "มีหนังสือเลขที่ ว 9991 อยู่แล้ว:" in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>" in html
        assert "<img src=x" not in html

    def test_a_letter_saves_over_its_own_number(self, editor, km_letter):
        data = change_form(km_letter, number="มท 0808.4/ว 2121", summary="แก้สาระสำคัญ")
        response = editor.post(f"/admin/regulations/regulation/{km_letter.pk}/change/", data)
        assert response.status_code == 302
        km_letter.refresh_from_db()
        assert km_letter.summary == "แก้สาระสำคัญ"

    def test_letters_without_a_number_are_many(self, editor, agency):
        for title in ["พระราชบัญญัติ ก", "พระราชบัญญัติ ข"]:
            data = letter_form(agency, kind="law", title=title)
            assert editor.post("/admin/regulations/regulation/add/", data).status_code == 302
        assert Regulation.objects.filter(number="").count() == 2


def test_the_list_shows_what_an_editor_scans_in_the_sites_font(editor, km_letter):
    html = editor.get("/admin/regulations/regulation/").content.decode()
    headers = re.findall(r'<th scope="col" class="(?:sortable )?column-(\w+)', html)
    assert headers == ["number", "be_date", "title", "status"]
    assert "17 ก.ค. 2563" in html and km_letter.title in html
    assert re.search(r"/static/vendor/sarabun/sarabun\.\w+\.css", html)
    assert re.search(r"/static/css/admin\.\w+\.css", html)


class TestReferencesFollowNumbers:
    def test_a_reference_typed_in_the_inline_links_to_the_letter_with_that_number(
        self, editor, agency, km_letter
    ):
        data = letter_form(
            agency, number="มท 0808.4/ว 2625", relations=[{"target_number": "มท 0808.4/ว2121"}]
        )
        assert editor.post("/admin/regulations/regulation/add/", data).status_code == 302
        assert Relation.objects.get().target == km_letter

    def test_a_number_that_disagrees_with_the_chosen_letter_is_refused(self, editor, agency, km_letter):
        other = Regulation.objects.create(agency=agency, number="มท 0808.4/ว 5512", title="e-LAAS")
        relation = {"target_number": "มท 0808.4/ว 5512", "target": str(km_letter.pk)}
        data = letter_form(agency, number="มท 0808.4/ว 2625", relations=[relation])
        response = editor.post("/admin/regulations/regulation/add/", data)
        assert response.status_code == 200
        assert "ไม่ตรงกับเลขที่ที่อ้าง มท 0808.4/ว 5512" in response.content.decode()
        assert not Relation.objects.exists() and not other.incoming.exists()

    def test_a_letter_chosen_without_a_number_takes_its_number(self, editor, agency, km_letter):
        data = letter_form(agency, number="มท 0808.4/ว 2625", relations=[{"target": str(km_letter.pk)}])
        assert editor.post("/admin/regulations/regulation/add/", data).status_code == 302
        relation = Relation.objects.get()
        assert (relation.target, relation.target_number) == (km_letter, km_letter.number)

    def test_correcting_a_number_relinks_the_references(self, editor, agency):
        # Entered as ว 2612 by mistake; a reference typed from the paper letter cites ว 2621.
        typo = Regulation.objects.create(
            agency=agency, number="มท 0808.4/ว 2612", title="แนวทาง", date=datetime.date(2024, 9, 17)
        )
        citing = Regulation.objects.create(agency=agency, number="มท 0808.4/ว 3000", title="หนังสือที่อ้าง")
        by_typo = Relation.objects.create(source=citing, target=typo)
        by_paper = Relation.objects.create(source=citing, target_number="มท ๐๘๐๘.๔/ว ๒๖๒๑")
        assert (by_typo.target, by_paper.target) == (typo, None)

        data = change_form(typo, number="มท 0808.4/ว 2621")
        assert editor.post(f"/admin/regulations/regulation/{typo.pk}/change/", data).status_code == 302
        by_typo.refresh_from_db()
        by_paper.refresh_from_db()
        assert by_typo.target is None and by_typo.target_number == "มท 0808.4/ว 2612"
        assert by_paper.target == typo

    def test_a_law_chosen_without_a_number_stays_linked(self, agency):
        law = Regulation.objects.create(agency=agency, kind="law", title="พระราชบัญญัติ")
        newer = Regulation.objects.create(agency=agency, kind="law", title="พระราชบัญญัติ ฉบับใหม่")
        repeal = Relation.objects.create(source=newer, kind=Relation.Kind.REPEALS, target=law)
        law.summary = "ถูกยกเลิก"
        law.save()
        repeal.refresh_from_db()
        assert repeal.target == law


class TestImportView:
    @pytest.fixture(autouse=True)
    def agencies(self, agency):
        Agency.objects.create(name="สำนักงานท้องถิ่นจังหวัดนครพนม", number_prefix="นพ 0023")

    def test_importing_a_seed_twice_completes_the_letters_already_there(self, editor):
        text = (SEEDS / "002_0728d03e613f1ccf.txt").read_text(encoding="utf-8")
        first = editor.post("/admin/regulations/regulation/import/", {"text": text}, follow=True)
        assert first.content.decode().count("นำเข้าเป็นฉบับร่าง:") == 2
        again = editor.post("/admin/regulations/regulation/import/", {"text": text}, follow=True)
        html = again.content.decode()
        department = Regulation.objects.get(number_normalized="มท0808.4/ว2625")
        assert "นำเข้าเป็นฉบับร่าง:" not in html
        assert f'เติมข้อมูลให้รายการเดิม: <a href="/admin/regulations/regulation/{department.pk}/change/">' in html
        assert Regulation.objects.count() == 2
