"""Staff roles (groups made by a data migration) and the review workflow:
each role can do its job through the admin and is refused the rest."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from faq.models import Faq
from kmlaas.members.roles import MODERATORS_GROUP
from manuals.models import Category, Manual
from regulations.models import Agency, Regulation

pytestmark = pytest.mark.django_db

ROLES = importlib.import_module("kmlaas.members.migrations.0002_roles")
MANUALS_WRITER = "ผู้เขียน/บรรณาธิการ: คู่มือและเอกสาร"
CIRCULARS_WRITER = "ผู้เขียน/บรรณาธิการ: กฎหมาย ระเบียบ หนังสือสั่งการ"
APPROVER = "ผู้อนุมัติเผยแพร่"
IMPORTER = "ผู้นำเข้าข้อมูล"
ACCOUNTS = "ผู้ดูแลระบบ"


@pytest.fixture(autouse=True)
def roles(db):
    # Other tests flush the database (demo content), which empties the groups
    # the migration made; running its function again restores them.
    ROLES.make_roles(apps, None)


def staff_in(role, email):
    user = get_user_model().objects.create_user(email=email, password="s3cret-Passw0rd", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def writer(db):
    return staff_in(MANUALS_WRITER, "writer@example.com")


@pytest.fixture
def approver(db):
    return staff_in(APPROVER, "approver@example.com")


@pytest.fixture
def category(db):
    return Category.objects.create(name="คู่มือการใช้งานระบบ")


def manual_form(category, **values):
    return {
        "title": "คู่มือการวางฎีกา",
        "category": category.pk,
        "audience": "",
        "summary": "สรุป",
        "body": "<p>ขั้นตอนการวางฎีกา</p>",
        "version": "",
        "status": "draft",
        "publish_at_0": "01/06/2569",
        "publish_at_1": "09:30",
        "slug": "",
        "change_note": "",
        **{f"{prefix}-{key}": value for prefix in INLINES for key, value in EMPTY_INLINE.items()},
        **values,
    }


INLINES = ["kmlaas-attachment-content_type-object_id", "video_links"]
EMPTY_INLINE = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}


def test_the_migration_makes_every_role():
    names = set(Group.objects.values_list("name", flat=True))
    assert {MANUALS_WRITER, CIRCULARS_WRITER, APPROVER, MODERATORS_GROUP, IMPORTER, ACCOUNTS} <= names


class TestWriter:
    def test_it_writes_a_draft_and_sends_it_for_review(self, client, writer, category):
        client.force_login(writer)
        response = client.post("/admin/manuals/manual/add/", manual_form(category, status="review"))
        assert response.status_code == 302, response.context["adminform"].form.errors
        manual = Manual.objects.get()
        assert manual.status == "review" and manual.author == writer
        record = manual.history.get()
        assert record.history_user == writer and record.status == "review"

    def test_it_cannot_publish_from_the_form(self, client, writer, category):
        client.force_login(writer)
        response = client.post("/admin/manuals/manual/add/", manual_form(category, status="published"))
        assert response.status_code == 200
        assert "published" not in [
            value for value, _label in response.context["adminform"].form.fields["status"].choices
        ]
        assert not Manual.objects.exists()

    def test_it_is_not_offered_the_publish_action_and_cannot_post_it(self, client, writer, category):
        manual = Manual.objects.create(title="ร่าง", category=category, status="review")
        client.force_login(writer)
        page = client.get("/admin/manuals/manual/").content.decode()
        assert 'value="send_for_review"' in page and 'value="publish"' not in page
        client.post("/admin/manuals/manual/", {"action": "publish", "_selected_action": [manual.pk]})
        manual.refresh_from_db()
        assert manual.status == "review"

    def test_it_sees_a_published_item_but_cannot_change_or_delete_it(self, client, writer, category):
        manual = Manual.objects.create(title="เผยแพร่แล้ว", category=category, status="published")
        client.force_login(writer)
        change = client.get(f"/admin/manuals/manual/{manual.pk}/change/")
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
        response = client.post(
            f"/admin/manuals/manual/{manual.pk}/change/", manual_form(category, title="แก้")
        )
        assert response.status_code == 403
        assert client.post(f"/admin/manuals/manual/{manual.pk}/delete/", {"post": "yes"}).status_code == 403
        manual.refresh_from_db()
        assert manual.title == "เผยแพร่แล้ว"

    def test_it_is_refused_other_sections(self, client, writer):
        client.force_login(writer)
        # Circulars are offered read-only (a manual links to them), never to edit.
        assert client.get("/admin/regulations/regulation/").status_code == 200
        for url in [
            "/admin/regulations/regulation/add/",
            "/admin/news/newsitem/",
            "/admin/news/newsitem/add/",
            "/admin/subsidies/transfer/",
            "/admin/kmlaas/user/",
            "/admin/auth/group/",
        ]:
            assert client.get(url).status_code == 403, url


class TestApprover:
    def test_it_publishes_from_the_list_and_the_step_is_recorded(self, client, approver, category):
        manual = Manual.objects.create(title="รอตรวจ", category=category, status="review")
        client.force_login(approver)
        response = client.post(
            "/admin/manuals/manual/", {"action": "publish", "_selected_action": [manual.pk]}, follow=True
        )
        assert "เผยแพร่แล้ว 1 รายการ" in response.content.decode()
        manual.refresh_from_db()
        assert manual.status == "published"
        latest = manual.history.first()
        assert latest.status == "published" and latest.history_user == approver
        assert client.get(manual.get_absolute_url()).status_code == 200
        history = client.get(f"/admin/manuals/manual/{manual.pk}/history/").content.decode()
        assert approver.email in history

    def test_it_unpublishes(self, client, approver, category):
        manual = Manual.objects.create(title="เผยแพร่", category=category, status="published")
        client.force_login(approver)
        client.post("/admin/manuals/manual/", {"action": "unpublish", "_selected_action": [manual.pk]})
        manual.refresh_from_db()
        assert manual.status == "draft"
        client.logout()
        assert client.get(manual.get_absolute_url()).status_code == 404

    def test_it_publishes_in_every_section(self, client, approver):
        agency = Agency.objects.create(name="กรมส่งเสริมการปกครองท้องถิ่น")
        circular = Regulation.objects.create(agency=agency, number="ว 1", title="หนังสือ", status="review")
        client.force_login(approver)
        client.post(
            "/admin/regulations/regulation/", {"action": "publish", "_selected_action": [circular.pk]}
        )
        circular.refresh_from_db()
        assert circular.status == "published"

    def test_it_cannot_manage_accounts_or_imports(self, client, approver):
        client.force_login(approver)
        for url in ["/admin/kmlaas/user/", "/admin/subsidies/transfer/", "/admin/webboard/report/"]:
            assert client.get(url).status_code == 403, url


class TestRevisions:
    def test_a_change_note_on_a_published_manual_is_shown_to_readers(self, client, approver, category):
        manual = Manual.objects.create(title="คู่มือรายจ่าย", category=category, status="published")
        client.force_login(approver)
        response = client.post(
            f"/admin/manuals/manual/{manual.pk}/change/",
            manual_form(category, title="คู่มือรายจ่าย", status="published", change_note="เพิ่มขั้นตอนการยกเลิกฎีกา"),
        )
        assert response.status_code == 302
        client.logout()
        html = client.get(manual.get_absolute_url()).content.decode()
        assert "ประวัติการปรับปรุง" in html and "เพิ่มขั้นตอนการยกเลิกฎีกา" in html

    def test_a_note_written_on_a_draft_stays_private(self, client, writer, category):
        client.force_login(writer)
        client.post("/admin/manuals/manual/add/", manual_form(category, change_note="โน้ตภายใน"))
        manual = Manual.objects.get()
        Manual.objects.filter(pk=manual.pk).update(status="published")
        client.logout()
        assert "โน้ตภายใน" not in client.get(manual.get_absolute_url()).content.decode()

    def test_an_earlier_revision_is_compared_and_restored(self, client, approver, category):
        manual = Manual.objects.create(title="ฉบับแรก", category=category, status="draft")
        manual.title = "ฉบับแก้ไข"
        manual.save()
        first = manual.history.earliest("history_date")
        client.force_login(approver)
        history = client.get(f"/admin/manuals/manual/{manual.pk}/history/").content.decode()
        assert "ฉบับแรก" in history and "ฉบับแก้ไข" in history  # the change column compares them
        form = client.get(f"/admin/manuals/manual/{manual.pk}/history/{first.history_id}/")
        assert form.status_code == 200
        restored = client.post(
            f"/admin/manuals/manual/{manual.pk}/history/{first.history_id}/",
            manual_form(category, title="ฉบับแรก", change_note="ย้อนกลับเป็นฉบับแรก"),
        )
        assert restored.status_code == 302
        manual.refresh_from_db()
        assert manual.title == "ฉบับแรก"


class TestImports:
    def test_letters_imported_by_a_writer_are_drafts_recorded_with_who_imported_them(self, client):
        from pathlib import Path

        seeds = Path(__file__).resolve().parent.parent / "regulations" / "seeds"
        Agency.objects.create(name="กรมส่งเสริมการปกครองท้องถิ่น", number_prefix="มท 0808")
        writer = staff_in(CIRCULARS_WRITER, "circulars@example.com")
        client.force_login(writer)
        text = (seeds / "000_5683fc4fdc6ef4db.txt").read_text(encoding="utf-8")
        response = client.post("/admin/regulations/regulation/import/", {"text": text})
        assert response.status_code == 302, re.findall(
            r"errorlist[^>]*>(.*?)</ul", response.content.decode(), re.S
        )
        letter = Regulation.objects.numbered("มท 0808.4/ว 2121").get()
        assert letter.status == "draft"
        record = letter.history.get()
        assert record.history_user == writer and record.history_type == "+"


class TestOtherRoles:
    def test_the_moderator_reaches_the_webboard_admin_only(self, client):
        moderator = staff_in(MODERATORS_GROUP, "mod@example.com")
        client.force_login(moderator)
        assert client.get("/admin/webboard/report/").status_code == 200
        assert client.get("/admin/webboard/thread/").status_code == 200
        assert client.get("/admin/manuals/manual/").status_code == 403
        assert client.get("/admin/faq/faq/").status_code == 403

    def test_the_importer_reaches_imports_only(self, client):
        importer = staff_in(IMPORTER, "data@example.com")
        client.force_login(importer)
        assert client.get("/admin/subsidies/transfer/").status_code == 200
        assert client.get("/admin/fiscal/actual/").status_code == 200
        assert client.get("/admin/registry/lao/").status_code == 200
        assert client.get("/admin/manuals/manual/").status_code == 403
        assert client.get("/admin/kmlaas/user/").status_code == 403

    def test_the_account_manager_gives_roles_but_not_superuser(self, client, member):
        manager = staff_in(ACCOUNTS, "accounts@example.com")
        client.force_login(manager)
        approvers = Group.objects.get(name=APPROVER)
        page = client.get(f"/admin/kmlaas/user/{member.pk}/change/")
        assert page.status_code == 200
        response = client.post(
            f"/admin/kmlaas/user/{member.pk}/change/",
            {
                "email": member.email,
                "display_name": "สมชาย",
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "groups": [approvers.pk],
            },
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.is_staff and list(member.groups.all()) == [approvers]
        assert not member.is_superuser
        assert client.get("/admin/auth/group/add/").status_code == 403
        assert client.get("/admin/manuals/manual/").status_code == 403

    def test_a_writer_cannot_give_itself_a_role(self, client, writer):
        client.force_login(writer)
        assert client.get(f"/admin/kmlaas/user/{writer.pk}/change/").status_code == 403

    def test_group_permissions_read_in_thai(self, client, admin_user):
        client.force_login(admin_user)
        group = Group.objects.get(name=APPROVER)
        html = client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()
        assert "คู่มือและเอกสาร: เผยแพร่/ยกเลิกการเผยแพร่" in html
        assert "Can publish" not in html


def test_faq_writers_cannot_touch_manuals(client):
    user = staff_in("ผู้เขียน/บรรณาธิการ: คำถามที่พบบ่อย", "faqwriter@example.com")
    client.force_login(user)
    assert client.get("/admin/faq/faq/add/").status_code == 200
    assert client.get("/admin/manuals/manual/add/").status_code == 403
    assert not Faq.objects.exists()
