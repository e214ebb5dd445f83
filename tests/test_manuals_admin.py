import pytest
from django.core.exceptions import ValidationError

from kmlaas.attachments import Attachment
from manuals.models import Category, Manual
from tests import files
from tests.library import category, manual, thai_pdf

pytestmark = pytest.mark.django_db

FILES = "kmlaas-attachment-content_type-object_id"


@pytest.fixture
def shelf():
    return category("รายจ่าย", parent=category("คู่มือการใช้งานระบบ e-LAAS"))


def add_form(shelf, upload=None, **overrides):
    data = {
        "title": "คู่มือการวางฎีกา",
        "category": shelf.pk,
        "module": "",
        "audience": "",
        "summary": "",
        "body": "",
        "version": "",
        "superseded_by": "",
        "status": "draft",
        "publish_at_0": "04/06/2569",
        "publish_at_1": "09:00:00",
        "featured_position": "",
        "slug": "",
        f"{FILES}-TOTAL_FORMS": "1" if upload else "0",
        f"{FILES}-INITIAL_FORMS": "0",
        "video_links-TOTAL_FORMS": "0",
        "video_links-INITIAL_FORMS": "0",
    }
    if upload:
        data |= {f"{FILES}-0-file": upload, f"{FILES}-0-title": "", f"{FILES}-0-position": "0"}
    return data | overrides


class TestUploads:
    def test_a_program_renamed_pdf_is_refused_in_thai_and_nothing_is_saved(self, client, admin_user, shelf):
        client.force_login(admin_user)
        response = client.post("/admin/manuals/manual/add/", add_form(shelf, files.exe("คู่มือ.pdf")))
        assert response.status_code == 200
        assert "เนื้อไฟล์ไม่ใช่ .pdf ตามนามสกุล" in response.content.decode()
        assert not Manual.objects.exists() and not Attachment.objects.exists()

    def test_an_oversize_file_is_refused_in_thai(self, client, admin_user, shelf, settings):
        settings.ATTACHMENT_MAX_MB = 0
        client.force_login(admin_user)
        response = client.post("/admin/manuals/manual/add/", add_form(shelf, files.pdf()))
        assert response.status_code == 200
        assert "ไฟล์ใหญ่เกินไป" in response.content.decode()
        assert not Manual.objects.exists()

    def test_a_pdf_is_stored_with_its_text_and_the_inline_says_it_is_searchable(
        self, client, admin_user, shelf
    ):
        client.force_login(admin_user)
        upload = thai_pdf("ฎีกา.pdf", paragraphs=["ผู้ตรวจฎีกาตรวจความถูกต้องก่อนอนุมัติ"])
        response = client.post("/admin/manuals/manual/add/", add_form(shelf, upload))
        assert response.status_code == 302
        document = Manual.objects.get()
        attachment = document.attachments.get()
        assert "ผู้ตรวจฎีกา" in attachment.text and attachment.pages == 1
        assert document.author == admin_user
        change = client.get(f"/admin/manuals/manual/{document.pk}/change/").content.decode()
        assert "ค้นข้อความได้" in change and "ได้ (" in change

    def test_a_video_link_must_be_youtube_or_facebook(self, client, admin_user, shelf):
        client.force_login(admin_user)
        data = add_form(shelf) | {
            "video_links-TOTAL_FORMS": "1",
            "video_links-0-title": "คลิป",
            "video_links-0-url": "https://example.com/clip",
            "video_links-0-duration": "",
            "video_links-0-position": "0",
        }
        response = client.post("/admin/manuals/manual/add/", data)
        assert response.status_code == 200
        assert "รับเฉพาะลิงก์ YouTube หรือ Facebook" in response.content.decode()
        data["video_links-0-url"] = "https://www.youtube.com/watch?v=abc"
        assert client.post("/admin/manuals/manual/add/", data).status_code == 302


class TestEditing:
    def test_bulk_publish_and_unpublish(self, client, admin_user, shelf):
        drafts = [manual(f"คู่มือ {n}", shelf, status=Manual.Status.DRAFT) for n in range(3)]
        client.force_login(admin_user)
        ids = [d.pk for d in drafts]
        client.post("/admin/manuals/manual/", {"action": "publish", "_selected_action": ids})
        assert set(Manual.objects.values_list("status", flat=True)) == {"published"}
        client.post("/admin/manuals/manual/", {"action": "unpublish", "_selected_action": ids[:1]})
        assert Manual.objects.get(pk=ids[0]).status == "draft"

    def test_list_filters_and_search(self, client, admin_user, shelf):
        new = manual("คู่มือการจ่ายเงิน ฉบับใหม่", shelf)
        manual("คู่มือการจ่ายเงิน ฉบับเก่า", shelf, superseded_by=new)
        client.force_login(admin_user)
        superseded = client.get("/admin/manuals/manual/", {"edition": "superseded"}).content.decode()
        assert "ฉบับเก่า" in superseded and "ฉบับใหม่</a>" not in superseded
        found = client.get("/admin/manuals/manual/", {"q": "ฉบับใหม่"}).content.decode()
        assert "คู่มือการจ่ายเงิน ฉบับใหม่" in found
        assert client.get("/admin/manuals/manual/", {"category__id__exact": shelf.pk}).status_code == 200

    def test_featured_order_is_edited_in_the_list(self, client, admin_user, shelf):
        document = manual("คู่มือแนะนำ", shelf)
        client.force_login(admin_user)
        response = client.post(
            "/admin/manuals/manual/",
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": document.pk,
                "form-0-featured_position": "1",
                "_save": "บันทึก",
            },
        )
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.featured_position == 1

    def test_categories_nest_two_levels_only(self, client, admin_user, shelf):
        client.force_login(admin_user)
        data = {"parent": shelf.pk, "name": "ชั้นที่สาม", "slug": "", "description": "", "position": 0}
        response = client.post("/admin/manuals/category/add/", data)
        assert response.status_code == 200
        assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()  # only main categories are offered
        assert not Category.objects.filter(name="ชั้นที่สาม").exists()
        third = Category(parent=shelf, name="ชั้นที่สาม")
        with pytest.raises(ValidationError, match="หมวดย่อยซ้อนได้ชั้นเดียว"):
            third.full_clean()

    def test_a_category_with_subcategories_cannot_become_one(self, shelf):
        root = shelf.parent
        root.parent = category("มาตรฐานการบัญชีภาครัฐ")
        with pytest.raises(ValidationError, match="มีหมวดย่อยอยู่แล้ว"):
            root.full_clean()

    def test_a_document_cannot_replace_itself(self, shelf):
        document = manual("คู่มือ", shelf)
        document.superseded_by = document
        with pytest.raises(ValidationError, match="แทนที่ตัวเอง"):
            document.full_clean()

    def test_members_cannot_reach_the_manuals_admin(self, client, member):
        client.force_login(member)
        response = client.get("/admin/manuals/manual/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_staff_without_permission_are_refused(self, client, staff):
        client.force_login(staff)
        assert client.get("/admin/manuals/manual/").status_code == 403
