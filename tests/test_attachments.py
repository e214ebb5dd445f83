import pytest
from django.core.exceptions import ValidationError

from kmlaas.attachments import Attachment, validate_upload
from kmlaas.pages import PolicyPage
from tests import files


@pytest.fixture
def page(db):
    return PolicyPage.objects.create(
        slug="privacy", title="นโยบาย", body="x", status=PolicyPage.Status.PUBLISHED
    )


def attach(item, upload):
    return Attachment.objects.create(item=item, file=upload)


class TestValidation:
    @pytest.mark.parametrize("make", [files.pdf, files.docx, files.png])
    def test_it_accepts_files_whose_bytes_match_their_extension(self, make):
        validate_upload(make())

    def test_it_rejects_a_program_renamed_pdf(self):
        with pytest.raises(ValidationError, match="เนื้อไฟล์ไม่ใช่ .pdf"):
            validate_upload(files.exe())

    def test_it_rejects_a_docx_that_is_really_a_pdf(self):
        with pytest.raises(ValidationError, match="เนื้อไฟล์ไม่ใช่ .docx"):
            validate_upload(files.pdf(name="form.docx"))

    def test_it_rejects_unknown_extensions(self):
        with pytest.raises(ValidationError, match="ไม่รับไฟล์ชนิด .exe"):
            validate_upload(files.exe(name="setup.exe"))

    def test_it_rejects_oversize_files(self, settings):
        settings.ATTACHMENT_MAX_MB = 1
        big = files.pdf()
        big.size = 2 * 1024 * 1024
        with pytest.raises(ValidationError, match="ไฟล์ใหญ่เกินไป"):
            validate_upload(big)


@pytest.mark.django_db
class TestStoredAttachment:
    def test_it_records_kind_size_and_original_name(self, page):
        attachment = attach(page, files.pdf("คู่มือ บันทึกการจ่ายเงิน.pdf"))
        assert attachment.kind == "pdf"
        assert attachment.size == len(files.PDF_BYTES)
        assert attachment.original_name == "คู่มือ บันทึกการจ่ายเงิน.pdf"
        # Stored under a random name, never the uploaded one.
        assert "คู่มือ" not in attachment.file.name


@pytest.mark.django_db
class TestDownload:
    def test_a_download_counts_and_keeps_the_thai_file_name(self, client, page):
        attachment = attach(page, files.pdf("คู่มือ.pdf"))
        response = client.get(attachment.get_absolute_url(), headers={"user-agent": "Mozilla/5.0"})
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == files.PDF_BYTES
        assert "attachment" in response["Content-Disposition"]
        assert "%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7%E0%B8%AD.pdf" in response["Content-Disposition"]
        attachment.refresh_from_db()
        assert attachment.download_count == 1

    def test_a_pdf_can_open_in_the_browser(self, client, page):
        attachment = attach(page, files.pdf())
        response = client.get(
            attachment.get_absolute_url() + "?view=1", headers={"user-agent": "Mozilla/5.0"}
        )
        assert response["Content-Disposition"].startswith("inline")
        assert response["Content-Type"] == "application/pdf"

    def test_head_requests_and_bots_do_not_count(self, client, page):
        attachment = attach(page, files.pdf())
        client.head(attachment.get_absolute_url(), headers={"user-agent": "Mozilla/5.0"})
        client.get(attachment.get_absolute_url(), headers={"user-agent": "Googlebot/2.1"})
        client.get(attachment.get_absolute_url())  # no user agent at all
        attachment.refresh_from_db()
        assert attachment.download_count == 0

    def test_it_rejects_post(self, client, page):
        attachment = attach(page, files.pdf())
        assert client.post(attachment.get_absolute_url()).status_code == 405

    def test_an_unknown_attachment_is_404(self, client, db):
        assert client.get("/files/999999/x.pdf").status_code == 404

    def test_files_of_a_draft_are_hidden_from_anonymous_and_members(self, client, page, member):
        page.status = PolicyPage.Status.DRAFT
        page.save()
        attachment = attach(page, files.pdf())
        assert client.get(attachment.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_staff_can_fetch_files_of_a_draft(self, client, page, staff):
        page.status = PolicyPage.Status.DRAFT
        page.save()
        attachment = attach(page, files.pdf())
        client.force_login(staff)
        assert client.get(attachment.get_absolute_url()).status_code == 200


def policy_page_form(page, upload):
    prefix = "kmlaas-attachment-content_type-object_id"
    return {
        "title": page.title,
        "slug": page.slug,
        "status": "published",
        "publish_at_0": "01/01/2569",
        "publish_at_1": "09:00:00",
        "body": "<p>x</p>",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-file": upload,
        f"{prefix}-0-title": "",
        f"{prefix}-0-position": "0",
    }


@pytest.mark.django_db
class TestAdminUpload:
    def test_a_bad_upload_is_refused_with_a_thai_message_and_nothing_changes(self, client, page, admin_user):
        client.force_login(admin_user)
        response = client.post(
            f"/admin/kmlaas/policypage/{page.pk}/change/", policy_page_form(page, files.exe())
        )
        assert response.status_code == 200
        assert "เนื้อไฟล์ไม่ใช่ .pdf" in response.content.decode()
        assert not Attachment.objects.exists()

    def test_a_good_upload_is_attached(self, client, page, admin_user):
        client.force_login(admin_user)
        response = client.post(
            f"/admin/kmlaas/policypage/{page.pk}/change/", policy_page_form(page, files.pdf())
        )
        assert response.status_code == 302
        assert Attachment.objects.get().item == page
