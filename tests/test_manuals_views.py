import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.utils import timezone

from kmlaas.attachments import Attachment
from kmlaas.taxonomy import Module, Tag
from manuals.models import Manual, VideoLink
from manuals.views import BACKLINKS
from regulations.models import Agency, Regulation
from tests import files
from tests.library import BROWSER, attach, category, form, manual, thai_pdf, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def elaas():
    return category("คู่มือการใช้งานระบบ e-LAAS")


@pytest.fixture
def payments(elaas):
    return category("รายจ่าย", parent=elaas)


@pytest.fixture
def standards():
    return category("มาตรฐานการบัญชีภาครัฐ")


@pytest.fixture
def module():
    return Module.objects.create(name="รายจ่าย/ฎีกา")


@pytest.fixture
def payment_manual(payments, module):
    return manual(
        "คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน",
        payments,
        module=module,
        summary="ระบบจะสร้างใบผ่านรายการจ่ายให้ภายหลัง",
        body="<p>ขั้นตอนการบันทึก</p><script>alert(1)</script>",
        version="ฉบับเดือนมิถุนายน 2569",
        audience=Manual.Audience.FINANCE,
        publish_at=datetime.datetime(2026, 6, 4, 9, tzinfo=datetime.UTC),
    )


@pytest.fixture
def circular():
    agency = Agency.objects.create(name="กองบริหารการคลังท้องถิ่น")
    return Regulation.objects.create(
        number="มท ๐๘๐๘.๔/ว ๒๖๒๕",
        title="การปรับปรุงการบันทึกการจ่ายเงินใน New e-LAAS",
        date=datetime.date(2026, 6, 4),
        agency=agency,
        status=Regulation.Status.PUBLISHED,
        publish_at=datetime.datetime(2026, 6, 4, tzinfo=datetime.UTC),
    )


def titles(client, path="/manuals/", **params):
    return [m.title for m in client.get(path, params).context["page"].object_list]


class TestList:
    def test_it_lists_published_documents_with_category_module_and_file_types(self, client, payment_manual):
        attach(payment_manual, files.pdf("คู่มือ.pdf"))
        html = client.get("/manuals/").content.decode()
        assert payment_manual.title in html
        assert payment_manual.get_absolute_url() in html
        assert "รายจ่าย/ฎีกา" in html
        assert "file-badge-pdf" in html
        assert "4 มิ.ย. 2569" in html

    def test_drafts_and_scheduled_documents_are_not_listed(self, client, payments):
        manual("ร่างคู่มือ", payments, status=Manual.Status.DRAFT)
        manual("คู่มือตั้งเวลา", payments, publish_at=timezone.now() + datetime.timedelta(days=1))
        assert titles(client) == []

    def test_a_main_category_includes_its_subcategories(self, client, payment_manual, standards):
        manual("มาตรฐานการบัญชีภาครัฐ ฉบับที่ 1", standards)
        root = payment_manual.category.parent
        assert titles(client, category=root.slug) == [payment_manual.title]
        assert titles(client, category=payment_manual.category.slug) == [payment_manual.title]
        assert titles(client, category=standards.slug) == ["มาตรฐานการบัญชีภาครัฐ ฉบับที่ 1"]

    def test_filters_by_module_file_type_and_buddhist_era_year(self, client, payment_manual, standards):
        old = manual(
            "ผังบัญชีมาตรฐาน", standards, publish_at=datetime.datetime(2023, 1, 16, tzinfo=datetime.UTC)
        )
        attach(payment_manual, files.pdf())
        attach(old, files.docx())
        assert titles(client, module=payment_manual.module.slug) == [payment_manual.title]
        assert titles(client, kind="pdf") == [payment_manual.title]
        assert titles(client, kind="word") == [old.title]
        assert titles(client, year=2569) == [payment_manual.title]
        assert titles(client, year=2566) == [old.title]

    def test_search_finds_words_in_the_title_summary_and_inside_pdfs(self, client, payment_manual, standards):
        other = manual("คู่มือการปิดบัญชี", standards)
        attach(other, thai_pdf(paragraphs=["การโอนยอดคงเหลือยกไปปีงบประมาณใหม่"]))
        assert titles(client, q="บันทึกการจ่ายเงิน") == [payment_manual.title]
        assert titles(client, q="ภายหลัง") == [payment_manual.title]
        assert titles(client, q="ยอดคงเหลือยกไป") == [other.title]
        assert titles(client, q="ไม่มีคำนี้แน่นอน") == []

    def test_sorting_newest_most_downloaded_and_by_thai_title(self, client, payments):
        for title, year in [("แบบฝึกหัด", 2023), ("การปิดบัญชี", 2024), ("ขั้นตอนการเบิก", 2025), ("เงินสะสม", 2022)]:
            manual(title, payments, publish_at=datetime.datetime(year, 1, 1, tzinfo=datetime.UTC))
        popular = Manual.objects.get(title="เงินสะสม")
        Attachment.objects.filter(pk=attach(popular, files.pdf()).pk).update(download_count=50)
        assert titles(client) == ["ขั้นตอนการเบิก", "การปิดบัญชี", "แบบฝึกหัด", "เงินสะสม"]
        assert titles(client, sort="downloads")[0] == "เงินสะสม"
        # Dictionary order: a leading vowel (เ แ) sorts under the consonant after it.
        assert titles(client, sort="title") == ["การปิดบัญชี", "ขั้นตอนการเบิก", "เงินสะสม", "แบบฝึกหัด"]

    def test_a_replaced_edition_is_left_out_unless_asked_for(self, client, payments):
        new = manual("คู่มือการจ่ายเงิน", payments, version="2569")
        old = manual("คู่มือการจ่ายเงิน", payments, version="2567", superseded_by=new)
        assert client.get("/manuals/").context["page"].object_list[0] == new
        assert client.get("/manuals/").context["page"].paginator.count == 1
        response = client.get("/manuals/", {"old": "on"})
        assert set(response.context["page"].object_list) == {new, old}
        assert "มีฉบับใหม่แล้ว" in response.content.decode()

    def test_an_edition_replaced_by_a_draft_is_still_listed(self, client, payments):
        draft = manual("คู่มือฉบับร่างใหม่", payments, status=Manual.Status.DRAFT)
        current = manual("คู่มือฉบับใช้งาน", payments, superseded_by=draft)
        assert titles(client) == [current.title]
        assert "มีฉบับใหม่แล้ว" not in client.get("/manuals/").content.decode()

    def test_a_bad_filter_value_is_ignored_and_the_others_still_apply(
        self, client, payment_manual, standards
    ):
        manual("มาตรฐาน", standards)
        response = client.get("/manuals/", {"year": "abc", "kind": "exe", "category": standards.slug})
        assert response.status_code == 200
        assert [m.title for m in response.context["page"].object_list] == ["มาตรฐาน"]

    def test_pagination_keeps_the_filters_in_the_links(self, client, payments):
        for serial in range(23):
            manual(f"คู่มือ {serial:02d}", payments)
        response = client.get("/manuals/", {"category": payments.slug, "sort": "title", "page": 2})
        assert [m.title for m in response.context["page"].object_list] == ["คู่มือ 20", "คู่มือ 21", "คู่มือ 22"]
        assert f"category={quote(payments.slug)}&amp;sort=title&amp;page=1" in response.content.decode()
        assert client.get("/manuals/", {"page": 99}).context["page"].number == 2

    def test_featured_documents_head_the_unfiltered_list_only(self, client, payment_manual, standards):
        manual("ผังบัญชีมาตรฐาน", standards, featured_position=2)
        Manual.objects.filter(pk=payment_manual.pk).update(featured_position=1)
        featured = client.get("/manuals/").context["featured"]
        assert [m.title for m in featured] == [payment_manual.title, "ผังบัญชีมาตรฐาน"]
        assert "เอกสารแนะนำ" in client.get("/manuals/").content.decode()
        assert not client.get("/manuals/", {"q": "ผัง"}).context["featured"]

    def test_the_category_tree_counts_current_published_documents(self, client, payment_manual, payments):
        manual("ร่าง", payments, status=Manual.Status.DRAFT)
        tree = client.get("/manuals/").context["tree"]
        root = next(c for c in tree if c.name == "คู่มือการใช้งานระบบ e-LAAS")
        assert root.total == 1
        assert [(c.name, c.total) for c in root.subcategories] == [("รายจ่าย", 1)]

    def test_it_works_without_javascript_the_filters_are_a_get_form(self, client, payment_manual):
        html = client.get("/manuals/").content.decode()
        assert '<form method="get" class="filter-form">' in html
        assert "<script" not in html.split("</footer>")[0].split("<main")[1]

    def test_it_rejects_post(self, client, db):
        assert client.post("/manuals/").status_code == 405

    def test_query_count_is_constant(self, client, payments, module, django_assert_num_queries):
        Tag.objects.create(name="ฎีกา")
        for serial in range(3):
            attach(manual(f"คู่มือ {serial}", payments, module=module, featured_position=serial), files.pdf())
        client.get("/manuals/")
        # cache (footer), category tree, modules, years, count, page, featured
        with django_assert_num_queries(8) as few:
            client.get("/manuals/")
        for serial in range(3, 25):
            attach(manual(f"คู่มือ {serial}", payments, module=module, featured_position=serial), files.pdf())
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/manuals/")
        with django_assert_num_queries(len(few.captured_queries) - 1):  # filtered: no featured row
            client.get("/manuals/", {"q": "คู่มือ", "kind": "pdf", "sort": "downloads", "page": 2})


class TestCategoryPage:
    def test_it_shows_the_category_its_subcategories_and_only_its_documents(
        self, client, payment_manual, elaas, standards
    ):
        manual("มาตรฐาน", standards)
        response = client.get(elaas.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>คู่มือการใช้งานระบบ e-LAAS</h1>" in html
        assert payment_manual.category.get_absolute_url() in html
        assert [m.title for m in response.context["page"].object_list] == [payment_manual.title]
        assert 'name="category"' not in html  # the category is the page itself

    def test_a_subcategory_has_its_parent_in_the_breadcrumbs(self, client, payment_manual, elaas):
        response = client.get(payment_manual.category.get_absolute_url())
        assert response.context["crumbs"][1] == (elaas.get_absolute_url(), elaas.name)
        assert '<span aria-current="page">รายจ่าย</span>' in response.content.decode()

    def test_an_unknown_category_is_404(self, client, db):
        assert client.get("/manuals/category/no-such-shelf/").status_code == 404

    def test_query_count_is_constant(self, client, payments, django_assert_num_queries):
        for serial in range(2):
            manual(f"คู่มือ {serial}", payments)
        client.get(payments.get_absolute_url())
        with django_assert_num_queries(7) as few:  # as the list, without the featured row
            client.get(payments.get_absolute_url())
        for serial in range(2, 15):
            manual(f"คู่มือ {serial}", payments)
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(payments.get_absolute_url())


class TestDetail:
    def test_it_shows_the_document_with_its_files_pages_and_dates(self, client, payment_manual):
        pdf = attach(payment_manual, thai_pdf("คู่มือ บันทึกการจ่ายเงิน.pdf", paragraphs=["หน้าแรก"]))
        html = client.get(payment_manual.get_absolute_url()).content.decode()
        assert "<h1>คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน</h1>" in html
        assert "ฉบับเดือนมิถุนายน 2569" in html
        assert "เจ้าหน้าที่การเงิน" in html
        assert "4 มิถุนายน 2569" in html
        assert "ปรับปรุงล่าสุด" in html
        assert "คู่มือ บันทึกการจ่ายเงิน.pdf" in html
        assert "1 หน้า" in html
        assert f'href="{pdf.get_absolute_url()}?view=1"' in html
        assert "ดาวน์โหลด 0 ครั้ง" in html

    def test_the_body_is_sanitised(self, client, payment_manual):
        html = client.get(payment_manual.get_absolute_url()).content.decode()
        assert "<p>ขั้นตอนการบันทึก</p>" in html
        assert "alert(1)" not in html

    def test_a_wrong_or_missing_slug_redirects_to_the_canonical_url(self, client, payment_manual):
        for path in (f"/manuals/{payment_manual.pk}/old-title/", f"/manuals/{payment_manual.pk}/"):
            response = client.get(path)
            assert response.status_code == 301
            assert response["Location"] == payment_manual.get_absolute_url()

    def test_unknown_and_draft_documents_are_404_for_anonymous_and_members(self, client, member, payments):
        draft = manual("ร่างคู่มือ", payments, status=Manual.Status.DRAFT)
        assert client.get("/manuals/999999/x/").status_code == 404
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_preview_a_draft_and_its_files(self, client, staff, payments):
        draft = manual("ร่างคู่มือ", payments, status=Manual.Status.DRAFT)
        pdf = attach(draft, files.pdf())
        assert client.get(pdf.get_absolute_url()).status_code == 404
        client.force_login(staff)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "ตัวอย่างฉบับร่าง" in response.content.decode()
        assert client.get(pdf.get_absolute_url()).status_code == 200

    def test_it_rejects_post(self, client, payment_manual):
        assert client.post(payment_manual.get_absolute_url()).status_code == 405

    def test_a_replaced_edition_says_so_and_links_to_the_new_one(self, client, payments):
        new = manual("คู่มือการจ่ายเงิน (New e-LAAS)", payments, version="ฉบับปี 2569")
        old = manual("คู่มือการจ่ายเงิน", payments, version="ฉบับปี 2567", superseded_by=new)
        html = client.get(old.get_absolute_url()).content.decode()
        assert "มีฉบับใหม่กว่านี้แล้ว" in html
        assert f'href="{new.get_absolute_url()}"' in html
        newer_page = client.get(new.get_absolute_url()).content.decode()
        assert "มีฉบับใหม่กว่านี้แล้ว" not in newer_page
        assert "ฉบับก่อนหน้า" in newer_page and old.get_absolute_url() in newer_page

    def test_a_newer_edition_still_in_draft_is_not_announced_to_the_public(self, client, staff, payments):
        new = manual("คู่มือฉบับใหม่ (ร่าง)", payments, status=Manual.Status.DRAFT)
        old = manual("คู่มือฉบับใช้งาน", payments, superseded_by=new)
        assert "มีฉบับใหม่กว่านี้แล้ว" not in client.get(old.get_absolute_url()).content.decode()
        client.force_login(staff)
        assert "มีฉบับใหม่กว่านี้แล้ว" in client.get(old.get_absolute_url()).content.decode()

    def test_an_mp4_plays_in_the_page_and_a_youtube_clip_is_a_link_card(self, client, payment_manual):
        clip = attach(
            payment_manual, files.SimpleUploadedFile("คลิป.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
        )
        VideoLink.objects.create(
            manual=payment_manual, title="สาธิตการบันทึก", url="https://youtu.be/abc123", duration="12:30 นาที"
        )
        html = client.get(payment_manual.get_absolute_url()).content.decode()
        assert f'<video controls preload="none" src="{clip.get_absolute_url()}?view=1"' in html
        assert (
            '<a class="video-card" href="https://youtu.be/abc123" target="_blank" rel="noopener noreferrer">'
            in html
        )
        card = html.split('class="video-card"', 1)[1].split("</a>", 1)[0]
        assert "สาธิตการบันทึก" in card and "ดูคลิปบน YouTube · 12:30 นาที" in card
        assert "<iframe" not in html
        # The clip is not also listed among the documents to download.
        assert html.count(clip.get_absolute_url()) == 3  # the player, its fallback link, its caption link

    def test_related_documents_circulars_forms_and_tags(self, client, payment_manual, standards, circular):
        related = manual("คู่มือการวางฎีกา", standards)
        secret = manual("คู่มือที่ยังเป็นร่าง", standards, status=Manual.Status.DRAFT)
        payment_manual.related_manuals.add(related, secret)
        payment_manual.related_regulations.add(circular)
        payment_manual.tags.add(Tag.objects.create(name="ใบผ่านรายการจ่าย"))
        request_form = form("แบบขอยกเลิกใบผ่านรายการจ่าย")
        version(request_form, "ฉบับแรก", datetime.date(2026, 6, 10), formats=("pdf",))
        request_form.manuals.add(payment_manual)
        html = client.get(payment_manual.get_absolute_url()).content.decode()
        assert related.get_absolute_url() in html
        assert "คู่มือที่ยังเป็นร่าง" not in html
        assert circular.get_absolute_url() in html and "มท ๐๘๐๘.๔/ว ๒๖๒๕" in html
        assert request_form.get_absolute_url() in html
        assert "ใบผ่านรายการจ่าย" in html
        # Related documents are related both ways.
        assert payment_manual.get_absolute_url() in client.get(related.get_absolute_url()).content.decode()

    def test_downloads_from_the_page_count_but_head_requests_and_bots_do_not(self, client, payment_manual):
        pdf = attach(payment_manual, files.pdf())
        html = client.get(payment_manual.get_absolute_url()).content.decode()
        assert f'href="{pdf.get_absolute_url()}"' in html
        client.get(pdf.get_absolute_url(), headers=BROWSER)
        client.get(f"{pdf.get_absolute_url()}?view=1", headers=BROWSER, REMOTE_ADDR="203.0.113.7")
        client.head(pdf.get_absolute_url(), headers=BROWSER, REMOTE_ADDR="203.0.113.8")
        client.get(
            pdf.get_absolute_url(), headers={"user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
        )
        pdf.refresh_from_db()
        assert pdf.download_count == 2
        assert "ดาวน์โหลด 2 ครั้ง" in client.get(payment_manual.get_absolute_url()).content.decode()
        assert client.get("/manuals/").context["page"].object_list[0].downloads == 2

    def test_query_count_is_constant(
        self, client, payment_manual, standards, circular, django_assert_num_queries
    ):
        def add_links(serial):
            other = manual(f"คู่มือ {serial}", standards)
            payment_manual.related_manuals.add(other)
            Manual.objects.create(
                title=f"ฉบับเก่า {serial}", category=standards, status="published", superseded_by=payment_manual
            )
            payment_manual.tags.add(Tag.objects.create(name=f"ป้าย {serial}"))
            attach(payment_manual, files.pdf())
            VideoLink.objects.create(manual=payment_manual, title=f"คลิป {serial}", url="https://youtu.be/x")
            payment_manual._change_reason = f"ปรับปรุงครั้งที่ {serial}"
            payment_manual.save()

        payment_manual.related_regulations.add(circular)
        add_links(0)
        client.get(payment_manual.get_absolute_url())
        # cache, the manual, files, clips, older editions, tags, related manuals, circulars, forms,
        # change history, and one for each section that links to manuals (FAQ, system updates)
        backlinks = sum(hasattr(Manual, name) for name in BACKLINKS)
        with django_assert_num_queries(11 + backlinks) as few:
            client.get(payment_manual.get_absolute_url())
        for serial in range(1, 8):
            add_links(serial)
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(payment_manual.get_absolute_url())


class TestCircularPage:
    def test_a_circular_lists_the_published_manuals_that_explain_it(
        self, client, payment_manual, circular, payments
    ):
        draft = manual("ร่างคู่มือ", payments, status=Manual.Status.DRAFT)
        circular.manuals.add(payment_manual, draft)
        html = client.get(circular.get_absolute_url()).content.decode()
        assert "คู่มือที่เกี่ยวข้อง" in html
        assert payment_manual.get_absolute_url() in html
        assert "ร่างคู่มือ" not in html

    def test_query_count_stays_constant_with_more_manuals(
        self, client, circular, payments, django_assert_num_queries
    ):
        circular.manuals.add(manual("คู่มือ 0", payments))
        client.get(circular.get_absolute_url())
        with django_assert_num_queries(7) as few:
            client.get(circular.get_absolute_url())
        for serial in range(1, 10):
            circular.manuals.add(manual(f"คู่มือ {serial}", payments))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(circular.get_absolute_url())


class TestFeedsAndSitemap:
    def test_rss_and_atom_list_new_and_revised_documents(self, client, payment_manual, payments):
        manual("ร่าง", payments, status=Manual.Status.DRAFT)
        rss = ET.fromstring(client.get("/manuals/feed/rss/").content)
        items = rss.findall("channel/item")
        assert [i.find("title").text for i in items] == [f"{payment_manual.title} ({payment_manual.version})"]
        assert items[0].find("category").text == "คู่มือการใช้งานระบบ e-LAAS › รายจ่าย"
        atom = ET.fromstring(client.get("/manuals/feed/atom/").content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert atom.find("a:entry/a:updated", ns) is not None

    def test_the_sitemap_lists_published_documents_and_their_categories(
        self, client, payment_manual, standards
    ):
        draft = manual("ร่าง", standards, status=Manual.Status.DRAFT)
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/manuals/{payment_manual.pk}/" in xml
        assert f"/manuals/{draft.pk}/" not in xml
        assert payment_manual.category.get_absolute_url() in xml
        assert payment_manual.category.parent.get_absolute_url() in xml
        assert standards.get_absolute_url() not in xml  # only a draft in it
