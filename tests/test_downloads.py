import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import time_machine
from django.utils import timezone

from downloads.models import Form, FormVersion
from kmlaas.attachments import Attachment
from tests import files
from tests.library import BROWSER, form, form_category, manual, thai_pdf, version, word

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
FILES = "kmlaas-attachment-content_type-object_id"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def user_form():
    return form(
        "แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS",
        description="สำหรับ อปท. ขอรหัสผู้ใช้ให้เจ้าหน้าที่",
    )


@pytest.fixture
def versions(user_form):
    old = version(user_form, "ฉบับปี 2562", datetime.date(2019, 10, 1))
    new = version(user_form, "ฉบับปรับปรุง ปี 2569", TODAY - datetime.timedelta(days=10))
    return old, new


def titles(client, **params):
    return [f.title for f in client.get("/downloads/", params).context["page"].object_list]


class TestList:
    def test_the_buttons_give_the_current_version_in_each_format(self, client, versions):
        old, new = versions
        html = client.get("/downloads/").content.decode()
        for attachment in new.attachments.all():
            assert f'href="{attachment.get_absolute_url()}"' in html
        for attachment in old.attachments.all():
            assert attachment.get_absolute_url() not in html
        assert "ดาวน์โหลด .DOCX" in html and "ดาวน์โหลด .PDF" in html
        assert "ฉบับปรับปรุง ปี 2569" in html

    def test_a_new_version_becomes_what_the_buttons_give(self, client, user_form, versions):
        newest = version(user_form, "ฉบับแก้ไขคำผิด", TODAY)
        html = client.get("/downloads/").content.decode()
        assert newest.attachments.first().get_absolute_url() in html
        assert versions[1].attachments.first().get_absolute_url() not in html

    def test_forms_marked_updated_for_thirty_days_after_a_new_version(self, client, versions):
        assert "ปรับปรุงใหม่" in client.get("/downloads/").content.decode()
        with time_machine.travel(datetime.datetime(2026, 12, 13, 10, tzinfo=datetime.UTC), tick=False):
            assert "ปรับปรุงใหม่" not in client.get("/downloads/").content.decode()

    def test_a_first_version_is_marked_new_not_updated(self, client):
        fresh = form("แบบขอยกเลิกใบผ่านรายการจ่าย")
        version(fresh, "ฉบับแรก", TODAY - datetime.timedelta(days=3))
        listed = client.get("/downloads/").context["page"].object_list[0]
        assert listed.freshness == "new"

    def test_drafts_and_forms_without_files_are_not_listed(self, client, versions):
        draft = form("ร่างแบบฟอร์ม", status=Form.Status.DRAFT)
        version(draft, "ฉบับร่าง", TODAY)
        form("แบบที่ยังไม่มีไฟล์")
        assert titles(client) == ["แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS"]

    def test_category_filter_and_search_in_the_section(self, client, versions):
        reports = form_category("รายงานการเงินและบัญชี")
        bank = form("แบบรายงานกระทบยอดเงินฝากธนาคาร", reports, description="รายงานประจำเดือน")
        version(bank, "ฉบับปี 2566", datetime.date(2023, 3, 1), formats=("pdf",))
        assert titles(client, category=reports.slug) == [bank.title]
        assert titles(client, q="รหัสผู้ใช้") == ["แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS"]
        assert titles(client, q="ประจำเดือน") == [bank.title]
        assert titles(client, q="2566") == [bank.title]  # a version's label
        assert titles(client, q="ไม่มีแบบนี้") == []

    def test_sorting(self, client, versions):
        other = form("แบบรายงานปัญหาการใช้งาน", featured_position=1)
        version(other, "ฉบับปี 2564", datetime.date(2021, 5, 1), formats=("pdf",))
        first = "แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS"
        assert titles(client) == [other.title, first]  # recommended first
        assert titles(client, sort="updated") == [first, other.title]
        assert titles(client, sort="title") == [first, other.title]  # แบบข… before แบบร…
        Attachment.objects.filter(object_id=other.versions.get().pk).update(download_count=999)
        assert titles(client, sort="downloads") == [other.title, first]

    def test_pagination_keeps_the_filters(self, client):
        reports = form_category("รายงาน")
        for serial in range(22):
            version(form(f"แบบรายงาน {serial:02d}", reports), "ฉบับแรก", datetime.date(2024, 1, 1), formats=())
        response = client.get("/downloads/", {"category": reports.slug, "sort": "title", "page": 2})
        assert [f.title for f in response.context["page"].object_list] == ["แบบรายงาน 20", "แบบรายงาน 21"]
        assert f"category={quote(reports.slug)}&amp;sort=title&amp;page=1" in response.content.decode()

    def test_it_rejects_post(self, client):
        assert client.post("/downloads/").status_code == 405

    def test_query_count_is_constant(self, client, django_assert_num_queries):
        for serial in range(2):
            version(form(f"แบบ {serial}"), "ฉบับแรก", TODAY, formats=("pdf",))
        client.get("/downloads/")
        # cache, categories, count, page, newest versions, their files
        with django_assert_num_queries(7) as few:
            client.get("/downloads/")
        for serial in range(2, 12):
            made = form(f"แบบ {serial}")
            version(made, "ฉบับเก่า", datetime.date(2020, 1, 1), formats=("pdf",))
            version(made, "ฉบับใหม่", TODAY, formats=("pdf",))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/downloads/")
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/downloads/", {"q": "แบบ", "sort": "downloads"})


class TestDetail:
    def test_the_current_version_first_then_the_history_with_dates(self, client, user_form, versions):
        old, new = versions
        html = client.get(user_form.get_absolute_url()).content.decode()
        assert "ฉบับปัจจุบัน" in html
        current_pdf = new.attachments.get(original_name__endswith=".pdf")
        assert f'href="{current_pdf.get_absolute_url()}?view=1"' in html
        assert "ฉบับก่อนหน้า" in html and "ฉบับปี 2562" in html
        assert "1 ตุลาคม 2562" in html
        assert f'id="v{old.pk}"' in html
        for attachment in old.attachments.all():
            assert attachment.get_absolute_url() in html
        assert html.index(current_pdf.get_absolute_url()) < html.index("ฉบับก่อนหน้า")

    def test_related_manuals_are_listed(self, client, user_form, versions):
        guide = manual("คู่มือการขอรหัสผู้ใช้")
        hidden = manual("ร่างคู่มือ", status="draft")
        user_form.manuals.add(guide, hidden)
        html = client.get(user_form.get_absolute_url()).content.decode()
        assert guide.get_absolute_url() in html
        assert "ร่างคู่มือ" not in html

    def test_a_permanent_link_always_gives_the_newest_file_of_a_format(self, client, user_form, versions):
        response = client.get(f"/downloads/{user_form.pk}/latest.pdf")
        assert response.status_code == 302
        assert (
            response["Location"]
            == versions[1].attachments.get(original_name__endswith=".pdf").get_absolute_url()
        )
        newest = version(user_form, "ฉบับใหม่ล่าสุด", TODAY, formats=("pdf",))
        assert (
            client.get(f"/downloads/{user_form.pk}/latest.pdf")["Location"]
            == newest.attachments.get().get_absolute_url()
        )
        assert client.get(f"/downloads/{user_form.pk}/latest.docx").status_code == 404  # not in the newest
        assert client.get(f"/downloads/{user_form.pk}/latest.exe").status_code == 404

    def test_downloads_count_from_browsers_only(self, client, user_form, versions):
        pdf = versions[1].attachments.get(original_name__endswith=".pdf")
        client.get(pdf.get_absolute_url(), headers=BROWSER)
        client.head(pdf.get_absolute_url(), headers=BROWSER)
        client.get(pdf.get_absolute_url(), headers={"user-agent": "bingbot/2.0"})
        client.get(versions[0].attachments.first().get_absolute_url(), headers=BROWSER)  # an old version
        pdf.refresh_from_db()
        assert pdf.download_count == 1
        assert client.get(user_form.get_absolute_url()).context["item"].downloads == 2
        assert "ดาวน์โหลดรวม 2 ครั้ง" in client.get(user_form.get_absolute_url()).content.decode()

    def test_drafts_are_404_for_anonymous_and_members_and_previewed_by_staff(self, client, member, staff):
        draft = form("ร่างแบบฟอร์ม", status=Form.Status.DRAFT)
        pdf = version(draft, "ฉบับร่าง", TODAY, formats=("pdf",)).attachments.get()
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(pdf.get_absolute_url()).status_code == 404
        assert client.get(f"/downloads/{draft.pk}/latest.pdf").status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(pdf.get_absolute_url()).status_code == 404
        client.force_login(staff)
        assert "ตัวอย่างฉบับร่าง" in client.get(draft.get_absolute_url()).content.decode()
        assert client.get(pdf.get_absolute_url()).status_code == 200

    def test_a_form_without_files_says_so(self, client):
        empty = form("แบบที่ยังไม่มีไฟล์")
        assert "ยังไม่มีไฟล์ให้ดาวน์โหลด" in client.get(empty.get_absolute_url()).content.decode()

    def test_wrong_slug_redirects_and_unknown_is_404_and_post_is_405(self, client, user_form, versions):
        assert client.get(f"/downloads/{user_form.pk}/old/")["Location"] == user_form.get_absolute_url()
        assert client.get("/downloads/999999/x/").status_code == 404
        assert client.post(user_form.get_absolute_url()).status_code == 405

    def test_query_count_is_constant(self, client, user_form, versions, django_assert_num_queries):
        user_form.manuals.add(manual("คู่มือ 0"))
        client.get(user_form.get_absolute_url())
        # cache, the form, its versions, their files, related manuals
        with django_assert_num_queries(6) as few:
            client.get(user_form.get_absolute_url())
        for serial in range(1, 8):
            version(user_form, f"ฉบับที่ {serial}", datetime.date(2020, serial, 1), formats=("pdf",))
            user_form.manuals.add(manual(f"คู่มือ {serial}"))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(user_form.get_absolute_url())


class TestAdmin:
    def version_data(self, target, *uploads, label="ฉบับปรับปรุง ปี 2570"):
        data = {
            "form": target.pk,
            "label": label,
            "released_on": "20/11/2569",
            "note": "",
            f"{FILES}-TOTAL_FORMS": str(len(uploads)),
            f"{FILES}-INITIAL_FORMS": "0",
        }
        for index, upload in enumerate(uploads):
            data |= {
                f"{FILES}-{index}-file": upload,
                f"{FILES}-{index}-title": "",
                f"{FILES}-{index}-position": index,
            }
        return data

    def test_staff_add_a_version_with_its_formats_and_it_becomes_current(
        self, client, admin_user, user_form, versions
    ):
        client.force_login(admin_user)
        response = client.post(
            "/admin/downloads/formversion/add/", self.version_data(user_form, word(), thai_pdf("แบบ.pdf"))
        )
        assert response.status_code == 302
        assert response["Location"] == f"/admin/downloads/form/{user_form.pk}/change/"
        added = FormVersion.objects.get(label="ฉบับปรับปรุง ปี 2570")
        assert added.released_on == datetime.date(2026, 11, 20)  # entered in the Buddhist Era
        assert added.attachments.count() == 2
        assert client.get(user_form.get_absolute_url()).context["current"] == added
        user_form.refresh_from_db()
        assert user_form.updated_at == timezone.now()

    def test_a_version_without_files_is_refused(self, client, admin_user, user_form):
        client.force_login(admin_user)
        response = client.post("/admin/downloads/formversion/add/", self.version_data(user_form))
        assert response.status_code == 200
        assert "แนบไฟล์แบบฟอร์มอย่างน้อยหนึ่งไฟล์" in response.content.decode()
        assert not FormVersion.objects.exists()

    def test_one_file_per_format(self, client, admin_user, user_form):
        client.force_login(admin_user)
        data = self.version_data(user_form, thai_pdf("ก.pdf"), thai_pdf("ข.pdf"))
        response = client.post("/admin/downloads/formversion/add/", data)
        assert "มีไฟล์ .pdf ซ้ำ" in response.content.decode()
        assert not FormVersion.objects.exists()

    def test_a_renamed_program_is_refused_in_thai(self, client, admin_user, user_form):
        client.force_login(admin_user)
        response = client.post(
            "/admin/downloads/formversion/add/", self.version_data(user_form, files.exe("แบบ.pdf"))
        )
        assert "เนื้อไฟล์ไม่ใช่ .pdf ตามนามสกุล" in response.content.decode()
        assert not Attachment.objects.exists()

    def test_adding_a_form_leads_to_uploading_its_first_version(self, client, admin_user):
        client.force_login(admin_user)
        response = client.post(
            "/admin/downloads/form/add/",
            {
                "title": "แบบใหม่",
                "category": form_category().pk,
                "module": "",
                "description": "",
                "instructions": "",
                "status": "draft",
                "publish_at_0": "22/11/2569",
                "publish_at_1": "09:00:00",
                "featured_position": "",
                "slug": "",
                "versions-TOTAL_FORMS": "0",
                "versions-INITIAL_FORMS": "0",
            },
        )
        created = Form.objects.get(title="แบบใหม่")
        assert response["Location"] == f"/admin/downloads/formversion/add/?form={created.pk}"
        page = client.get(response["Location"]).content.decode()
        assert f'<option value="{created.pk}" selected>' in page

    def test_the_form_list_shows_versions_and_bulk_publish_works(
        self, client, admin_user, user_form, versions
    ):
        Form.objects.filter(pk=user_form.pk).update(status="draft")
        client.force_login(admin_user)
        listing = client.get("/admin/downloads/form/").content.decode()
        assert "12 พ.ย. 2569" in listing  # the current version's date
        client.post("/admin/downloads/form/", {"action": "publish", "_selected_action": [user_form.pk]})
        assert Form.objects.get().status == "published"
        change = client.get(f"/admin/downloads/form/{user_form.pk}/change/").content.decode()
        assert "เพิ่มฉบับใหม่และอัปโหลดไฟล์" in change
        assert f"/admin/downloads/formversion/add/?form={user_form.pk}" in change
        assert f"{user_form.title}.docx" in change  # each version's files, listed in its row


class TestFeedsAndSitemap:
    def test_the_feed_has_an_entry_per_new_version(self, client, user_form, versions):
        rss = ET.fromstring(client.get("/downloads/feed/rss/").content)
        titles_ = [item.find("title").text for item in rss.findall("channel/item")]
        assert titles_ == [f"{user_form.title} — ฉบับปรับปรุง ปี 2569", f"{user_form.title} — ฉบับปี 2562"]
        links = [item.find("link").text for item in rss.findall("channel/item")]
        assert links[0].endswith(f"#v{versions[1].pk}")
        atom = ET.fromstring(client.get("/downloads/feed/atom/").content)
        assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 2

    def test_drafts_stay_out_of_the_feed_and_sitemap(self, client, versions, user_form):
        draft = form("ร่างแบบ", status=Form.Status.DRAFT)
        version(draft, "ฉบับร่าง", TODAY, formats=())
        assert "ร่างแบบ" not in client.get("/downloads/feed/rss/").content.decode()
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/downloads/{user_form.pk}/" in xml
        assert f"/downloads/{draft.pk}/" not in xml

    def test_a_new_version_moves_the_sitemap_date(self, client, user_form, versions):
        xml = client.get("/sitemap.xml").content.decode()
        assert "<lastmod>2026-11-22</lastmod>" in xml
