import datetime

import pytest

from kmlaas.attachments import Attachment
from regulations.models import Agency, Regulation, Relation
from tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return Agency.objects.create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")


@pytest.fixture
def make(agency):
    def make(number, title, date, **fields):
        fields.setdefault("status", Regulation.Status.PUBLISHED)
        fields.setdefault("publish_at", datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
        return Regulation.objects.create(number=number, title=title, date=date, agency=agency, **fields)

    return make


@pytest.fixture
def circular(make):
    return make(
        "มท ๐๘๐๘.๔/ว ๒๖๒๕",
        "การปรับปรุงการบันทึกการจ่ายเงินใน New e-LAAS",
        datetime.date(2026, 6, 4),
        addressee="สำนักงานท้องถิ่นจังหวัด ทุกจังหวัด",
        urgency=Regulation.Urgency.MOST_URGENT,
    )


class TestList:
    def test_it_lists_published_letters_with_number_date_and_kind(self, client, circular):
        html = client.get("/regulations/").content.decode()
        assert "มท ๐๘๐๘.๔/ว ๒๖๒๕" in html
        assert "4 มิ.ย. 2569" in html
        assert "หนังสือสั่งการ" in html
        assert circular.get_absolute_url() in html

    def test_drafts_are_hidden(self, client, make):
        make("มท 0808.4/ว 1", "ร่างหนังสือ", datetime.date(2026, 1, 1), status=Regulation.Status.DRAFT)
        assert "ร่างหนังสือ" not in client.get("/regulations/").content.decode()

    @pytest.mark.parametrize("query", ["ว 2625", "ว๒๖๒๕", "0808.4/ว 2625", "๐๘๐๘.๔/ว ๒๖๒๕"])
    def test_it_finds_a_letter_by_its_number_in_either_digit_set(self, client, circular, make, query):
        make("มท 0808.4/ว 1234", "หนังสืออื่น", datetime.date(2025, 1, 1))
        page = client.get("/regulations/", {"q": query}).context["page"]
        assert list(page.object_list) == [circular]

    def test_it_finds_by_words_in_the_subject(self, client, circular, make):
        make("มท 0808.4/ว 1234", "การกันเงินไว้เบิกเหลื่อมปี", datetime.date(2025, 1, 1))
        page = client.get("/regulations/", {"q": "กันเงิน"}).context["page"]
        assert [r.title for r in page.object_list] == ["การกันเงินไว้เบิกเหลื่อมปี"]

    def test_filters_by_be_year_kind_urgency_and_status(self, client, circular, make):
        law = make("", "พระราชบัญญัติวินัยการเงินการคลังของรัฐ พ.ศ. 2561", datetime.date(2018, 4, 19), kind="law")
        repealed = make("มท 0808.4/ว 9", "ฉบับเก่า", datetime.date(2018, 1, 1), legal_status="repealed")

        def titles(**params):
            return {r.title for r in client.get("/regulations/", params).context["page"].object_list}

        assert titles(year=2569) == {circular.title}
        assert titles(year=2561) == {law.title, repealed.title}
        assert titles(kind="law") == {law.title}
        assert titles(urgency="most_urgent") == {circular.title}
        assert titles(legal_status="repealed") == {repealed.title}

    def test_sorting_oldest_first(self, client, circular, make):
        old = make("มท 0808.4/ว 9", "ฉบับเก่า", datetime.date(2018, 1, 1))
        page = client.get("/regulations/", {"sort": "oldest"}).context["page"]
        assert list(page.object_list) == [old, circular]

    def test_a_bad_filter_value_is_ignored_not_an_error(self, client, circular):
        response = client.get("/regulations/", {"year": "abc", "kind": "nonsense"})
        assert response.status_code == 200

    def test_the_year_archive_counts_letters_per_be_year(self, client, circular, make):
        make("มท 0808.4/ว 9", "ฉบับเก่า", datetime.date(2018, 1, 1))
        years = list(client.get("/regulations/").context["years"])
        assert [(y["be_year"], y["count"]) for y in years] == [(2569, 1), (2561, 1)]

    def test_pagination_keeps_the_filters(self, client, make):
        for serial in range(25):
            make(
                f"มท 0808.4/ว {serial + 100}",
                f"หนังสือ {serial}",
                datetime.date(2025, 1, 1) + datetime.timedelta(days=serial),
            )
        response = client.get("/regulations/", {"year": 2568, "page": 2})
        assert len(response.context["page"].object_list) == 5
        assert "year=2568&amp;page=1" in response.content.decode()

    def test_a_pdf_icon_shows_when_the_letter_has_a_pdf(self, client, circular):
        Attachment.objects.create(item=circular, file=files.pdf())
        assert "pdf-flag" in client.get("/regulations/").content.decode()

    def test_query_count_is_constant(self, client, make, django_assert_num_queries):
        for serial in range(3):
            make(f"มท 0808.4/ว {serial}", f"หนังสือ {serial}", datetime.date(2025, 1, 1))
        client.get("/regulations/")
        with django_assert_num_queries(6) as few:
            client.get("/regulations/")
        for serial in range(3, 20):
            make(f"มท 0808.4/ว {serial}", f"หนังสือ {serial}", datetime.date(2025, 1, 1))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/regulations/")

    def test_it_rejects_post(self, client, db):
        assert client.post("/regulations/").status_code == 405


class TestDetail:
    def test_the_header_reads_like_the_letter(self, client, circular):
        html = client.get(circular.get_absolute_url()).content.decode()
        assert "มท ๐๘๐๘.๔/ว ๒๖๒๕" in html
        assert "4 มิถุนายน 2569" in html
        assert "สำนักงานท้องถิ่นจังหวัด ทุกจังหวัด" in html
        assert "ด่วนที่สุด" in html

    def test_a_wrong_slug_redirects_to_the_canonical_url(self, client, circular):
        response = client.get(f"/regulations/{circular.pk}/old-title/")
        assert response.status_code == 301
        assert response["Location"] == circular.get_absolute_url()

    def test_unknown_and_draft_letters_are_404_for_the_public(self, client, member, make):
        draft = make("มท 0808.4/ว 1", "ร่าง", datetime.date(2026, 1, 1), status=Regulation.Status.DRAFT)
        assert client.get("/regulations/999999/x/").status_code == 404
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_preview_a_draft(self, client, staff, make):
        draft = make("มท 0808.4/ว 1", "ร่าง", datetime.date(2026, 1, 1), status=Regulation.Status.DRAFT)
        client.force_login(staff)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "ตัวอย่างฉบับร่าง" in response.content.decode()

    def test_relations_show_on_both_letters(self, client, circular, make):
        provincial = make("นพ ๐๐๒๓.๕/ว ๖๗๔", "หนังสือจังหวัด", datetime.date(2026, 6, 5))
        Relation.objects.create(source=provincial, kind=Relation.Kind.FORWARDS, target=circular)
        older = make("มท ๐๘๐๘.๔/ว ๔๐๐๗", "แนวทางปฏิบัติ New e-LAAS", datetime.date(2024, 9, 17))
        Relation.objects.create(source=circular, kind=Relation.Kind.REFERS_TO, target=older)

        forwarded = client.get(circular.get_absolute_url()).content.decode()
        assert "ส่งต่อโดย" in forwarded and provincial.get_absolute_url() in forwarded
        assert "อ้างถึง" in forwarded and older.get_absolute_url() in forwarded
        cited = client.get(older.get_absolute_url()).content.decode()
        assert "หนังสือที่อ้างถึงฉบับนี้" in cited and circular.get_absolute_url() in cited
        provincial_page = client.get(provincial.get_absolute_url()).content.decode()
        assert "ส่งต่อ" in provincial_page and circular.get_absolute_url() in provincial_page

    def test_a_reference_to_a_letter_not_yet_in_the_register_becomes_a_link_when_it_is_added(
        self, client, circular, make
    ):
        Relation.objects.create(
            source=circular, target_number="มท ๐๘๐๘.๔/ว ๗๓๔", target_date=datetime.date(2025, 2, 17)
        )
        html = client.get(circular.get_absolute_url()).content.decode()
        assert "มท ๐๘๐๘.๔/ว ๗๓๔" in html
        late = make("มท 0808.4/ว 734", "การขยายระยะเวลาการปิดระบบ", datetime.date(2025, 2, 17))
        assert Relation.objects.get().target == late
        assert late.get_absolute_url() in client.get(circular.get_absolute_url()).content.decode()
        assert circular.get_absolute_url() in client.get(late.get_absolute_url()).content.decode()

    def test_a_draft_source_does_not_leak_into_cited_by(self, client, circular, make):
        secret = make("มท 0808.4/ว 2", "ร่างลับ", datetime.date(2026, 7, 1), status=Regulation.Status.DRAFT)
        Relation.objects.create(source=secret, target=circular)
        assert "ร่างลับ" not in client.get(circular.get_absolute_url()).content.decode()

    def test_attachments_are_listed_with_open_and_download(self, client, circular):
        attachment = Attachment.objects.create(item=circular, file=files.pdf("หนังสือ ว2625.pdf"))
        html = client.get(circular.get_absolute_url()).content.decode()
        assert "หนังสือ ว2625.pdf" in html
        assert f"{attachment.get_absolute_url()}?view=1" in html

    def test_query_count_is_constant(self, client, circular, make, django_assert_num_queries):
        for serial in range(2):
            Relation.objects.create(
                source=circular, target=make(f"มท 0808.4/ว {serial}", "x", datetime.date(2025, 1, 1))
            )
        client.get(circular.get_absolute_url())
        with django_assert_num_queries(7) as few:  # the seventh: manuals that explain the letter
            client.get(circular.get_absolute_url())
        for serial in range(2, 10):
            other = make(f"มท 0808.4/ว {serial}", "x", datetime.date(2025, 1, 1))
            Relation.objects.create(source=circular, target=other)
            Relation.objects.create(source=other, target=circular)
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(circular.get_absolute_url())


class TestFeedsAndSitemap:
    def test_rss_and_atom_parse_and_list_the_circular(self, client, circular):
        import xml.etree.ElementTree as ET

        rss = ET.fromstring(client.get("/regulations/feed/rss/").content)
        assert "มท ๐๘๐๘.๔/ว ๒๖๒๕" in rss.find("channel/item/title").text
        atom = ET.fromstring(client.get("/regulations/feed/atom/").content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert atom.find("a:entry/a:title", ns).text.startswith("มท ๐๘๐๘.๔/ว ๒๖๒๕")

    def test_the_sitemap_lists_published_letters_only(self, client, circular, make):
        draft = make("มท 0808.4/ว 1", "ร่าง", datetime.date(2026, 1, 1), status=Regulation.Status.DRAFT)
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/regulations/{circular.pk}/" in xml
        assert f"/regulations/{draft.pk}/" not in xml


class TestAdminImport:
    def test_staff_import_a_seed_from_the_admin(self, client, admin_user, agency):
        from pathlib import Path

        Agency.objects.create(name="สำนักงานท้องถิ่นจังหวัดนครพนม", number_prefix="นพ 0023")
        seed = (
            Path(__file__).parent.parent / "regulations" / "seeds" / "002_0728d03e613f1ccf.txt"
        ).read_text()
        client.force_login(admin_user)
        response = client.post("/admin/regulations/regulation/import/", {"text": seed})
        assert response.status_code == 302
        assert Regulation.objects.filter(status="draft").count() == 2
        listing = client.get(response["Location"]).content.decode()
        assert "ว ๒๖๒๔" in listing  # the review note is shown

    def test_text_without_a_letter_is_refused_and_nothing_changes(self, client, admin_user, agency):
        client.force_login(admin_user)
        response = client.post("/admin/regulations/regulation/import/", {"text": "สวัสดีครับ"})
        assert response.status_code == 200
        assert "ไม่พบหนังสือในข้อความ" in response.content.decode()
        assert not Regulation.objects.exists()

    def test_members_cannot_reach_the_import(self, client, member):
        client.force_login(member)
        response = client.get("/admin/regulations/regulation/import/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_the_admin_finds_a_letter_by_number_in_thai_digits(self, client, admin_user, circular):
        client.force_login(admin_user)
        html = client.get("/admin/regulations/regulation/", {"q": "ว2625"}).content.decode()
        assert "การปรับปรุงการบันทึกการจ่ายเงินใน New e-LAAS" in html

    def test_dates_are_entered_in_the_buddhist_era(self, client, admin_user, agency):
        client.force_login(admin_user)
        response = client.post(
            "/admin/regulations/regulation/add/",
            {
                "kind": "circular",
                "agency": agency.pk,
                "number": "มท 0808.4/ว 77",
                "date": "4/6/2569",
                "urgency": "",
                "title": "ทดสอบ",
                "addressee": "",
                "summary": "",
                "body": "",
                "effective_date": "",
                "legal_status": "in_force",
                "status": "draft",
                "publish_at_0": "04/06/2569",
                "publish_at_1": "09:00",
                "slug": "",
                "relations-TOTAL_FORMS": "0",
                "relations-INITIAL_FORMS": "0",
                "kmlaas-attachment-content_type-object_id-TOTAL_FORMS": "0",
                "kmlaas-attachment-content_type-object_id-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, (
            response.context["adminform"].form.errors if response.status_code == 200 else ""
        )
        assert Regulation.objects.get().date == datetime.date(2026, 6, 4)
