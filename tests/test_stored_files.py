"""Stored files go with their rows: deletes, replacements, failed saves, and the sweep."""

import os
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from kmlaas import publishing
from kmlaas.attachments import Attachment, thumbnail_name
from kmlaas.pages import PolicyPage
from kmlaas.stored_files import removed_if_failed
from news.models import Category, NewsItem
from tests import files
from tests.test_attachments import policy_page_form
from tests.test_news import image
from webboard import posting
from webboard.models import Room

pytestmark = pytest.mark.django_db


def stored():
    """Every file under the test's MEDIA_ROOT, as storage names."""
    root = settings.MEDIA_ROOT
    return sorted(
        os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def age(name, hours=2):
    """Make a stored file look as old as an upload from `hours` ago."""
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


@pytest.fixture
def page():
    return PolicyPage.objects.create(
        slug="privacy", title="นโยบาย", body="x", status=PolicyPage.Status.PUBLISHED
    )


@pytest.fixture
def news():
    category = Category.objects.create(name="ข่าวประชาสัมพันธ์")
    return NewsItem.objects.create(title="ประกาศ", summary="สรุป", category=category, cover=image(1000, 600))


@pytest.fixture
def board(settings):
    settings.WEBBOARD_HOLD_FIRST_POSTS = 0
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return Room.objects.create(name="ระบบรายจ่าย")


@pytest.fixture
def picture_post(board, member):
    post = posting.create_thread(
        room=board, author=member, title="หน้าจอแจ้งข้อผิดพลาด", body="ดูภาพ", files=[files.png()]
    )
    return post, post.attachments.get()


class TestDeleting:
    def test_deleting_an_attachment_deletes_its_file_and_thumbnail(
        self, picture_post, django_capture_on_commit_callbacks
    ):
        _post, attachment = picture_post
        names = [attachment.file.name, thumbnail_name(attachment.file.name)]
        assert all(default_storage.exists(name) for name in names)
        with django_capture_on_commit_callbacks(execute=True):
            attachment.delete()
        assert not any(default_storage.exists(name) for name in names)

    def test_deleting_an_item_deletes_its_cover_and_attached_files(
        self, news, django_capture_on_commit_callbacks
    ):
        Attachment.objects.create(item=news, file=files.pdf())
        with django_capture_on_commit_callbacks(execute=True):
            news.delete()
        assert not Attachment.objects.exists()
        assert stored() == []

    def test_deleting_a_policy_page_deletes_its_files(self, page, django_capture_on_commit_callbacks):
        Attachment.objects.create(item=page, file=files.pdf())
        with django_capture_on_commit_callbacks(execute=True):
            page.delete()
        assert not Attachment.objects.exists()
        assert stored() == []

    def test_deleting_a_thread_deletes_the_files_of_its_posts(
        self, picture_post, django_capture_on_commit_callbacks
    ):
        post, attachment = picture_post
        with django_capture_on_commit_callbacks(execute=True):
            post.thread.delete()
        assert stored() == []

    def test_the_admin_bulk_delete_deletes_the_files(
        self, client, admin_user, page, django_capture_on_commit_callbacks
    ):
        kept = Attachment.objects.create(item=page, file=files.pdf("เก็บไว้.pdf"))
        gone = [Attachment.objects.create(item=page, file=files.pdf()) for _ in range(2)]
        client.force_login(admin_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:kmlaas_attachment_changelist"),
                {"action": "delete_selected", "_selected_action": [a.pk for a in gone], "post": "yes"},
            )
        assert response.status_code == 302
        assert stored() == [kept.file.name]

    def test_a_delete_that_is_rolled_back_keeps_the_files(self, news, django_capture_on_commit_callbacks):
        attachment = Attachment.objects.create(item=news, file=files.pdf())
        before = stored()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            with transaction.atomic():
                news.delete()
                raise RuntimeError("the delete fails later")
        assert Attachment.objects.filter(pk=attachment.pk).exists()
        assert len(before) > 2  # the cover, its sizes and the attachment
        assert stored() == before


class TestReplacing:
    def test_a_new_file_replaces_the_old_one_on_disk(self, page, django_capture_on_commit_callbacks):
        attachment = Attachment.objects.create(item=page, file=files.pdf())
        old = attachment.file.name
        attachment = Attachment.objects.get(pk=attachment.pk)  # as the admin reads it
        attachment.file = files.docx()
        with django_capture_on_commit_callbacks(execute=True):
            attachment.save()
        assert stored() == [attachment.file.name]
        assert attachment.file.name != old

    def test_saving_without_a_new_file_keeps_it(self, page, django_capture_on_commit_callbacks):
        attachment = Attachment.objects.get(pk=Attachment.objects.create(item=page, file=files.pdf()).pk)
        attachment.title = "ชื่อใหม่"
        with django_capture_on_commit_callbacks(execute=True):
            attachment.save()
        assert stored() == [attachment.file.name]


class TestFailedUploads:
    def test_a_post_that_fails_after_its_files_were_stored_leaves_none(self, board, member, monkeypatch):
        def fail(*args, **kwargs):
            raise RuntimeError("the search index is down")

        monkeypatch.setattr(posting, "after_post", fail)
        with pytest.raises(RuntimeError):
            posting.create_thread(
                room=board, author=member, title="ภาพหน้าจอ", body="ดูภาพ", files=[files.png()]
            )
        assert not Attachment.objects.exists()
        assert stored() == []  # neither the image nor its thumbnail

    def test_an_admin_save_that_fails_after_the_upload_leaves_no_file(
        self, client, admin_user, page, monkeypatch
    ):
        def fail(items):
            raise RuntimeError("the search index is down")

        monkeypatch.setattr(publishing, "_reindex", fail)
        client.force_login(admin_user)
        with pytest.raises(RuntimeError):
            client.post(f"/admin/kmlaas/policypage/{page.pk}/change/", policy_page_form(page, files.pdf()))
        assert not Attachment.objects.exists()
        assert stored() == []

    def test_an_admin_form_with_errors_stores_no_file(self, client, admin_user, page):
        client.force_login(admin_user)
        data = policy_page_form(page, files.pdf())
        data["title"] = ""
        response = client.post(f"/admin/kmlaas/policypage/{page.pk}/change/", data)
        assert response.status_code == 200
        assert stored() == []

    def test_a_refused_editor_upload_stores_no_file(self, client, admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("ck_editor_5_upload_file"), {"upload": files.exe("รูป.png")})
        assert response.status_code == 400
        assert stored() == []

    def test_a_rollback_outside_any_view_leaves_no_file(self, page):
        with pytest.raises(RuntimeError), removed_if_failed(), transaction.atomic():
            Attachment.objects.create(item=page, file=files.pdf())
            raise RuntimeError("rolled back")
        assert stored() == []


def sweep(*args):
    out = StringIO()
    call_command("sweep_media", *args, stdout=out)
    return out.getvalue()


class TestSweep:
    @pytest.fixture
    def orphan(self):
        name = default_storage.save(
            "attachments/0123456789abcdef0123456789abcdef.pdf", ContentFile(files.PDF_BYTES)
        )
        age(name)
        return name

    def test_it_lists_orphans_without_deleting_them_by_default(self, orphan):
        output = sweep()
        assert f"would delete {orphan}" in output
        assert default_storage.exists(orphan)

    def test_it_deletes_orphans_and_keeps_what_rows_name(self, orphan, picture_post, page):
        _post, attachment = picture_post
        kept = [attachment.file.name, thumbnail_name(attachment.file.name)]
        for name in kept:
            age(name)
        output = sweep("--delete")
        assert f"deleted {orphan}" in output
        assert stored() == sorted(kept)

    def test_it_keeps_young_files(self):
        name = default_storage.save(
            "attachments/fedcba9876543210fedcba9876543210.pdf", ContentFile(files.PDF_BYTES)
        )
        output = sweep("--delete")
        assert default_storage.exists(name)
        assert "1 unnamed but younger than 60 minutes kept" in output

    def test_it_keeps_news_covers_and_their_sizes(self, news):
        for name in stored():
            age(name)
        sweep("--delete")
        assert stored() == sorted([news.cover.name] + [name for _w, _h, name in news.cover_renditions])

    def test_it_keeps_editor_images_that_a_text_or_an_old_revision_shows(self, page):
        shown = default_storage.save("editor/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png", files.png())
        in_revision = default_storage.save("editor/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png", files.png())
        unused = default_storage.save("editor/cccccccccccccccccccccccccccccccc.png", files.png())
        for name in (shown, in_revision, unused):
            age(name)
        page.body = f'<p><img src="/media/{in_revision}" alt="ขั้นตอนเดิม"></p>'
        page.save()
        page.body = f'<p><img src="/media/{shown}" alt="ขั้นตอน"></p>'
        page.save()
        output = sweep("--delete")
        assert f"deleted {unused}" in output
        assert stored() == sorted([shown, in_revision])

    def test_it_leaves_folders_it_does_not_know_alone(self):
        name = default_storage.save("exports/report.csv", ContentFile(b"a,b\n"))
        age(name)
        sweep("--delete")
        assert default_storage.exists(name)
