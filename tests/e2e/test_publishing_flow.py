"""The department's publishing path in Chromium against the live server: a
writer enters a circular with a PDF and a Buddhist-Era date in CKEditor and
sends it for review; an approver publishes it from the list; readers then
find it on its page, in the feed and in the site search."""

import importlib
import urllib.request

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from regulations.models import Regulation
from tests import files
from tests.e2e.test_pages import SCREENSHOTS, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PASSWORD = "s3cret-Passw0rd"
WRITER, APPROVER = "writer-e2e@example.com", "approver-e2e@example.com"
TITLE = "ซักซ้อมแนวทางการบันทึกรายการกันเงินไว้เบิกเหลื่อมปีในระบบทดสอบเบราว์เซอร์"
NUMBER = "มท ๐๘๐๘.๔/ว ๙๘๗๖"


@pytest.fixture(scope="module")
def accounts(live_url, django_db_blocker):
    # Committed outside any test transaction so that gunicorn sees them; live_url flushes them.
    with django_db_blocker.unblock():
        importlib.import_module("kmlaas.members.migrations.0002_roles").make_roles(apps, None)
        users = get_user_model().objects
        writer = users.create_user(email=WRITER, password=PASSWORD, is_staff=True)
        writer.groups.add(Group.objects.get(name="ผู้เขียน/บรรณาธิการ: กฎหมาย ระเบียบ หนังสือสั่งการ"))
        approver = users.create_user(email=APPROVER, password=PASSWORD, is_staff=True)
        approver.groups.add(Group.objects.get(name="ผู้อนุมัติเผยแพร่"))


def sign_in(page, live_url, email, next_path):
    page.goto(f"{live_url}/admin/login/?next={next_path}")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_circular_goes_from_writer_to_approver_to_readers(live_url, browser, accounts, django_db_blocker):
    context, page = new_page(browser, 1280)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in(page, live_url, WRITER, "/admin/regulations/regulation/add/")
        page.select_option("#id_kind", "circular")
        page.click(".field-agency .select2-selection")
        page.locator(".select2-results__option").first.click()
        page.fill("#id_number", NUMBER)
        page.fill("#id_date", "27/11/2569")
        page.fill("#id_title", TITLE)
        page.locator(".field-body .ck-editor__editable").click()
        page.keyboard.type("ให้ อปท. บันทึกรายการกันเงินภายในวันที่ 30 กันยายน")
        page.select_option("#id_status", "review")
        page.locator("#kmlaas-attachment-content_type-object_id-group .add-row a").click()
        page.set_input_files(
            "#id_kmlaas-attachment-content_type-object_id-0-file",
            files={"name": "หนังสือ.pdf", "mimeType": "application/pdf", "buffer": files.PDF_BYTES},
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "admin-circular-written.png", full_page=True)
        page.click("input[name=_save]")
        expect(page.locator(".messagelist")).to_contain_text(TITLE)
        with django_db_blocker.unblock():
            circular = Regulation.objects.get(title=TITLE)
            assert circular.status == "review"
            assert circular.date.isoformat() == "2026-11-27"
            assert circular.attachments.count() == 1
            assert circular.history.first().history_user.email == WRITER
        assert urllib.request.urlopen(f"{live_url}/regulations/").read().decode().count(TITLE) == 0  # noqa: S310
        context.close()

        context, page = new_page(browser, 1280)
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, live_url, APPROVER, "/admin/regulations/regulation/?status__exact=review")
        page.locator(f"input[name=_selected_action][value='{circular.pk}']").check()
        page.select_option("select[name=action]", "publish")
        page.click("button[name=index]")
        expect(page.locator(".messagelist")).to_contain_text("เผยแพร่แล้ว 1 รายการ")
        with django_db_blocker.unblock():
            circular.refresh_from_db()
            assert circular.status == "published"
            assert circular.history.first().history_user.email == APPROVER
        context.close()

        context, page = new_page(browser, 360)
        page.goto(f"{live_url}{circular.get_absolute_url()}")
        expect(page.locator("h1")).to_contain_text(TITLE)
        expect(page.locator("body")).to_contain_text("27 พฤศจิกายน 2569")
        page.screenshot(path=SCREENSHOTS / "circular-published-360.png", full_page=True)
        feed = urllib.request.urlopen(f"{live_url}/regulations/feed/rss/").read().decode()  # noqa: S310
        assert TITLE in feed
        page.goto(f"{live_url}/search/?q=ว ๙๘๗๖")
        expect(page.locator("main")).to_contain_text(TITLE)
    finally:
        context.close()
    assert errors == []
