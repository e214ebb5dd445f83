"""Site search: Thai words, document numbers in either digit set, OCR slips,
visibility, index upkeep, facets and bad input."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from kmlaas.search import engine
from kmlaas.search.models import Entry, Query
from regulations import importer
from regulations.models import Agency, Regulation

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "regulations" / "seeds"


@pytest.fixture
def agency():
    Agency.objects.create(name="สำนักงานท้องถิ่นจังหวัดนครพนม", number_prefix="นพ 0023")
    return Agency.objects.create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")


@pytest.fixture
def seeds(agency):
    """Both seed circulars, imported and published as the demo does."""
    letters = []
    for seed in sorted(SEEDS.glob("*.txt")):
        for regulation, _ in importer.save(importer.parse(seed.read_text(encoding="utf-8"))):
            regulation.status = Regulation.Status.PUBLISHED
            regulation.publish_at = timezone.now() - datetime.timedelta(days=1)
            regulation.save()
            letters.append(regulation)
    return {r.number_normalized: r for r in letters}


def make(agency, title, number="", body="", **fields):
    fields.setdefault("status", Regulation.Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - datetime.timedelta(days=1))
    fields.setdefault("date", datetime.date(2025, 5, 1))
    return Regulation.objects.create(agency=agency, title=title, number=number, body=body, **fields)


def titles(query, **options):
    results = engine.search(query, log=False, **options)
    return [entry.title for entry in results.page.object_list] if results else []


def top_urls(query, n=3):
    results = engine.search(query, log=False)
    return [entry.url for entry in results.page.object_list[:n]]


class TestThaiWords:
    def test_a_word_inside_the_seed_letters_finds_them(self, seeds):
        found = top_urls("ใบผ่านรายการจ่าย")
        assert seeds["มท0808.4/ว2625"].get_absolute_url() in found
        assert seeds["นพ0023.5/ว674"].get_absolute_url() in found

    def test_part_of_a_compound_finds_it(self, seeds):
        assert seeds["มท0808.4/ว2625"].get_absolute_url() in top_urls("รายการจ่าย", 5)

    def test_the_km_letter_is_found_by_its_subject_words(self, seeds):
        assert top_urls("คลังความรู้")[0] == seeds["มท0808.4/ว2121"].get_absolute_url()

    def test_an_abbreviation_finds_the_full_form(self, agency):
        regulation = make(agency, "แนวทางการปิดบัญชีขององค์กรปกครองส่วนท้องถิ่น")
        assert titles("อปท.") == [regulation.title]

    def test_decomposed_vowels_from_pdf_copies_match(self, agency):
        # "กำหนด" typed with ํ + า, as text copied from a PDF often is.
        regulation = make(agency, "การกำหนดรหัสผู้ใช้งาน")
        assert titles("ก\u0e4d\u0e32หนด") == [regulation.title]

    def test_an_ocr_slip_in_the_query_is_read_correctly(self, agency):
        regulation = make(agency, "หนังสือด่วนที่สุด เรื่อง ขยายเวลา")
        assert titles("ต่วนที่สุด") == [regulation.title]

    def test_a_title_match_ranks_above_a_body_match(self, agency):
        body_only = make(agency, "แนวทางทั่วไป", body="<p>วิธีกันเงินไว้เบิกเหลื่อมปี</p>")
        in_title = make(agency, "การกันเงินไว้เบิกเหลื่อมปี")
        assert titles("กันเงิน")[:2] == [in_title.title, body_only.title]

    def test_a_typo_still_finds_the_title(self, agency):
        regulation = make(agency, "การเบิกจ่ายเงินผ่านระบบ KTB Corporate Online")
        assert regulation.title in titles("Corporat Onlin")

    def test_a_common_word_is_ranked_by_title_then_date(self, agency, monkeypatch):
        # Past RANK_ALL matches, the long texts are not read: title, then date.
        old_in_title = make(agency, "การกันเงิน", date=datetime.date(2020, 1, 1))
        many_mentions = make(
            agency, "แนวทาง ก", body="<p>" + "กันเงิน " * 50 + "</p>", date=datetime.date(2023, 1, 1)
        )
        newest = make(agency, "แนวทาง ข", body="<p>กันเงิน</p>", date=datetime.date(2025, 1, 1))
        assert titles("กันเงิน") == [old_in_title.title, many_mentions.title, newest.title]
        monkeypatch.setattr(engine, "RANK_ALL", 2)
        assert titles("กันเงิน") == [old_in_title.title, newest.title, many_mentions.title]
        assert engine.ranked_ids("กันเงิน", "regulations") == [old_in_title.pk, newest.pk, many_mentions.pk]


class TestDocumentNumbers:
    @pytest.mark.parametrize("query", ["ว 2625", "ว๒๖๒๕", "0808.4/ว 2625", "มท ๐๘๐๘.๔/ว ๒๖๒๕"])
    def test_either_digit_set_puts_the_letter_first(self, seeds, query):
        assert top_urls(query)[0] == seeds["มท0808.4/ว2625"].get_absolute_url()

    def test_an_ocr_split_number_is_found(self, seeds):
        # Printed "ว ๒๑ ๒๑" in the scan.
        assert top_urls("ว 2121")[0] == seeds["มท0808.4/ว2121"].get_absolute_url()


class TestVisibility:
    def test_drafts_never_appear(self, agency):
        make(agency, "ร่างหนังสือเรื่องกันเงิน", status=Regulation.Status.DRAFT)
        assert titles("กันเงิน") == []

    def test_a_scheduled_item_appears_at_its_time(self, agency):
        when = timezone.now() + datetime.timedelta(days=3)
        make(agency, "ประกาศเรื่องกันเงิน", publish_at=when)
        assert titles("กันเงิน") == []
        with time_machine.travel(when + datetime.timedelta(minutes=1)):
            assert titles("กันเงิน") == ["ประกาศเรื่องกันเงิน"]


class TestIndexUpkeep:
    def test_an_edit_is_searchable_at_once(self, agency):
        regulation = make(agency, "ค่าเสื่อมราคาครุภัณฑ์")
        regulation.title = "ทะเบียนทรัพย์สิน"
        regulation.save()
        assert titles("ทะเบียนทรัพย์สิน") == [regulation.title]
        assert titles("ค่าเสื่อมราคา") == []

    def test_unpublishing_from_the_admin_hides_it(self, client, admin_user, agency):
        regulation = make(agency, "หนังสือเรื่องกันเงิน")
        client.force_login(admin_user)
        client.post(
            "/admin/regulations/regulation/",
            {"action": "unpublish", "_selected_action": [regulation.pk]},
        )
        assert titles("กันเงิน") == []

    def test_deleting_removes_it_from_the_index(self, client, admin_user, agency):
        regulation = make(agency, "หนังสือเรื่องกันเงิน")
        client.force_login(admin_user)
        client.post(
            "/admin/regulations/regulation/",
            {"action": "delete_selected", "_selected_action": [regulation.pk], "post": "yes"},
        )
        assert not Regulation.objects.exists()
        assert not Entry.objects.exists()

    def test_rebuild_is_safe_to_run_any_time(self, seeds):
        before = Entry.objects.count()
        engine.rebuild()
        engine.rebuild()
        assert Entry.objects.count() == before == len(seeds)
        Entry.objects.all().delete()
        engine.rebuild()
        assert Entry.objects.count() == before


class TestResultsPage:
    def test_results_show_section_be_date_and_highlighted_snippet(self, client, seeds):
        html = client.get("/search/", {"q": "ใบผ่านรายการจ่าย"}).content.decode()
        assert "กฎหมาย ระเบียบ หนังสือสั่งการ" in html
        assert "4 มิ.ย. 2569" in html
        assert "<mark>ใบผ่านรายการจ่าย</mark>" in html

    def test_marks_land_on_the_original_thai_digits(self, client, seeds):
        html = client.get("/search/", {"q": "2625"}).content.decode()
        assert "<mark>๒๖๒๕</mark>" in html

    def test_facets_count_by_section_and_year_and_keep_the_query(self, client, agency):
        make(agency, "กันเงิน ปี 2568", date=datetime.date(2025, 3, 1))
        make(agency, "กันเงิน ปี 2569 ก", date=datetime.date(2026, 3, 1))
        make(agency, "กันเงิน ปี 2569 ข", date=datetime.date(2026, 4, 1))
        response = client.get("/search/", {"q": "กันเงิน"})
        results = response.context["results"]
        assert [(f["section"], f["count"]) for f in results.sections] == [("regulations", 3)]
        assert [(f["be_year"], f["count"]) for f in results.years] == [(2569, 2), (2568, 1)]
        html = response.content.decode()
        assert "q=%E0%B8%81%E0%B8%B1%E0%B8%99%E0%B9%80%E0%B8%87%E0%B8%B4%E0%B8%99&amp;year=2569" in html
        filtered = client.get("/search/", {"q": "กันเงิน", "year": 2569}).context["results"]
        assert filtered.count == 2

    def test_a_section_search_stays_in_its_section(self, client, agency):
        make(agency, "กันเงิน")
        assert client.get("/search/", {"q": "กันเงิน", "section": "faq"}).context["results"].count == 0
        assert client.get("/search/", {"q": "กันเงิน", "section": "regulations"}).context["results"].count == 1

    def test_nothing_found_offers_spelling_and_popular_searches(self, client, agency):
        make(agency, "การกันเงินไว้เบิกเหลื่อมปี")
        client.get("/search/", {"q": "กันเงิน"})  # logged: a popular search
        from django.core.cache import caches

        caches["fragments"].clear()
        typo = client.get("/search/", {"q": "การกันเงนไวเบิก"}).context["results"]
        assert [entry.title for entry in typo.page.object_list] == ["การกันเงินไว้เบิกเหลื่อมปี"]
        html = client.get("/search/", {"q": "ไม่มีคำนี้แน่นอนzzz"}).content.decode()
        assert "ไม่พบผลลัพธ์" in html
        assert "คำค้นยอดนิยม" in html

    def test_a_misspelt_query_is_offered_its_spelling(self, client, agency):
        regulation = make(agency, "แนวทางการตรวจสอบ", body="<p>bank reconciliation statement</p>")
        response = client.get("/search/", {"q": "reconcilation statment"})
        assert response.context["results"].count == 0
        html = response.content.decode()
        assert "หรือคุณหมายถึง" in html
        assert '<a href="/search/?q=reconciliation%20statement">reconciliation statement</a>' in html
        found = client.get("/search/", {"q": "reconciliation statement"}).context["results"]
        assert [entry.url for entry in found.page.object_list] == [regulation.get_absolute_url()]

    def test_the_spelling_keeps_the_section(self, client, agency):
        make(agency, "แนวทางการตรวจสอบ", body="<p>bank reconciliation statement</p>")
        html = client.get(
            "/search/", {"q": "reconcilation statment", "section": "regulations"}
        ).content.decode()
        assert "?q=reconciliation%20statement&amp;section=regulations" in html

    def test_a_spelling_only_a_draft_has_is_never_offered(self, client, agency):
        make(agency, "ร่าง", body="<p>confidential memorandum</p>", status=Regulation.Status.DRAFT)
        html = client.get("/search/", {"q": "confidentail memorandun"}).content.decode()
        assert "ไม่พบผลลัพธ์" in html
        assert "หรือคุณหมายถึง" not in html
        assert "confidential" not in html

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "x" * 2000,
            "!!!???",
            "😀🙏",
            "& | ! : * ( )",
            "'; DROP TABLE search_entry; --",
            "<script>alert(1)</script>",
            "กันเงิน:*",
        ],
    )
    def test_bad_input_gives_a_normal_page(self, client, agency, query):
        make(agency, "การกันเงิน")
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()

    def test_queries_are_logged_without_personal_data(self, client, member, agency):
        make(agency, "การกันเงิน")
        client.force_login(member)
        client.get("/search/", {"q": "กันเงิน"})
        logged = Query.objects.get()
        assert (logged.text, logged.results) == ("กันเงิน", 1)
        assert {f.name for f in Query._meta.fields} == {
            "id",
            "text",
            "section",
            "results",
            "milliseconds",
            "searched_at",
        }

    def test_suggestions_as_you_type(self, client, agency):
        make(agency, "การกันเงินไว้เบิกเหลื่อมปี")
        make(agency, "ร่างกันเงิน", status=Regulation.Status.DRAFT)
        html = client.get("/search/suggest/", {"q": "กันเงิน"}).content.decode()
        assert "การกันเงินไว้เบิกเหลื่อมปี" in html
        assert "ร่างกันเงิน" not in html

    def test_suggestions_start_at_three_characters_and_ignore_case(self, client, agency):
        make(agency, "การเบิกจ่ายเงินผ่านระบบ KTB Corporate Online")
        assert "KTB" not in client.get("/search/suggest/", {"q": "kt"}).content.decode()
        assert "KTB Corporate Online" in client.get("/search/suggest/", {"q": "ktb corp"}).content.decode()

    def test_it_rejects_post(self, client, db):
        assert client.post("/search/", {"q": "x"}).status_code == 405

    def test_query_count_is_constant(self, client, agency, django_assert_num_queries):
        for n in range(3):
            make(agency, f"กันเงิน {n}")
        client.get("/search/", {"q": "กันเงิน"})
        # facets, page, log, the cached popular searches, and the savepoint pair the
        # search transaction makes inside the test transaction
        with django_assert_num_queries(8) as few:
            client.get("/search/", {"q": "กันเงิน"})
        for n in range(3, 25):
            make(agency, f"กันเงิน {n}")
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/search/", {"q": "กันเงิน"})


class TestBenchmark:
    def test_it_reports_latency_and_cleans_up(self, agency):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("search_benchmark", documents=40, queries=8, stdout=out)
        report = out.getvalue()
        for line in [
            "indexed 40 documents",
            "1-word queries: p50",
            "4-word queries",
            "suggestions as you type",
        ]:
            assert line in report
        assert "re-indexing one edited document" in report
        assert not Entry.objects.filter(section="benchmark").exists()
