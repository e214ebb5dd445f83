"""E-mail alerts in Chromium against the live server: a visitor subscribes on a
phone, confirms from the mail, an approver publishes a circular, the visitor's
mail arrives and its unsubscribe link ends the subscription.

gunicorn queues the mails as tasks in the database; a worker run here over what
is due (tests/e2e/alerts_worker.py) prints the mails it sent."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from playwright.sync_api import expect

from alerts.models import Subscription
from regulations.models import Agency, Regulation
from tests.e2e.conftest import database_url
from tests.e2e.test_pages import SCREENSHOTS, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PASSWORD = "s3cret-Passw0rd"
APPROVER = "alerts-approver-e2e@example.com"
VISITOR = "alerts-visitor-e2e@example.com"
TITLE = "แนวทางการบันทึกรายรับเงินอุดหนุนสำหรับการทดสอบการแจ้งเตือนทางอีเมล"


@pytest.fixture(scope="module")
def circular(live_url, django_db_blocker):
    # Committed outside any test transaction so that gunicorn sees them; live_url flushes them.
    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser(email=APPROVER, password=PASSWORD)
        agency, _created = Agency.objects.get_or_create(name="กองบริหารการคลังท้องถิ่น")
        return Regulation.objects.create(
            title=TITLE, agency=agency, number="มท ๐๘๐๘.๔/ว ๙๙๐๑", summary="สาระสำคัญ", status="review"
        )


def on_live(url, live_url):
    """A link from a mail (on SITE_URL) on the server under test."""
    return live_url + "/" + url.split("/", 3)[3]


def run_worker():
    """The mails to the visitor that the worker sent (the demo's own queued mails go out too)."""
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict), "METRICS_BIND": ""}
    done = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "tests.e2e.alerts_worker"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    sent = json.loads(done.stdout.strip().splitlines()[-1])
    return [message for message in sent if message["to"] == [VISITOR]]


def link(message, path):
    return re.search(rf"https?://\S+{path}\S+/", message["body"])[0]


def test_subscribe_confirm_publish_receive_and_unsubscribe(live_url, browser, circular, django_db_blocker):
    errors = []
    context, page = new_page(browser, 360)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_url}/alerts/")
        page.fill("#id_email", VISITOR)
        page.get_by_label("หนังสือสั่งการ ระเบียบ และกฎหมาย").check()
        page.get_by_role("button", name="สมัครรับข่าวสาร").click()
        expect(page.locator("h1")).to_contain_text("โปรดตรวจสอบอีเมลของท่าน")
        [confirm] = run_worker()
        page.goto(on_live(link(confirm, "/alerts/confirm/"), live_url))
        page.get_by_role("button", name="ยืนยัน", exact=True).click()
        expect(page.locator("body")).to_contain_text("ยืนยันอีเมลแล้ว")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "alerts-confirmed-360.png", full_page=True)
        context.close()

        context, page = new_page(browser, 1280)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_url}/admin/login/?next=/admin/regulations/regulation/?status__exact=review")
        page.fill("#id_username", APPROVER)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.locator(f"input[name=_selected_action][value='{circular.pk}']").check()
        page.select_option("select[name=action]", "publish")
        page.click("button[name=index]")
        expect(page.locator(".messagelist")).to_contain_text("เผยแพร่แล้ว 1 รายการ")
        context.close()

        [alert] = run_worker()
        assert TITLE in alert["subject"]
        unsubscribe = link(alert, "/alerts/unsubscribe/")
        assert alert["headers"]["List-Unsubscribe"] == f"<{unsubscribe}>"

        context, page = new_page(browser, 360)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(on_live(unsubscribe, live_url))
        page.get_by_role("button", name="ยกเลิกการรับ", exact=True).click()
        expect(page.locator("h1")).to_contain_text("ยกเลิกการรับข่าวสารแล้ว")
        with django_db_blocker.unblock():
            assert not Subscription.objects.filter(email=VISITOR).exists()
    finally:
        context.close()
    assert errors == []
