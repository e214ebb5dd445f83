"""The admin's calendar picker in Buddhist-Era years, in Chromium against the live server."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from kmlaas import thai
from tests.e2e.test_pages import SCREENSHOTS, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

EMAIL, PASSWORD = "calendar@example.com", "s3cret-Passw0rd"


@pytest.fixture(scope="module")
def editor_account(live_url, django_db_blocker):
    # Committed outside any test transaction, so that gunicorn sees it; live_url flushes it.
    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser(email=EMAIL, password=PASSWORD)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_calendar_shows_and_writes_buddhist_era_dates(live_url, browser, editor_account, width):
    context, page = new_page(browser, width)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_url}/admin/login/?next=/admin/news/newsitem/add/")
        page.fill("#id_username", EMAIL)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        date = page.locator("#id_publish_at_0")
        open_calendar = page.locator("#id_publish_at_0 + .datetimeshortcuts button")
        calendar = page.locator("dialog.calendarbox[open]")

        # Opened on an empty input: this month, captioned with its BE year.
        date.fill("")
        open_calendar.click()
        today = timezone.localdate()
        expect(calendar.locator("caption")).to_have_text(re.compile(rf" {today.year + thai.BE_OFFSET}$"))
        calendar.locator(".calendar-shortcuts a").nth(1).click()  # yesterday | today | tomorrow
        expect(date).to_have_value(thai.format_numeric_date(today))

        # Opened on a BE date already typed: that month, and a click writes the day in BE.
        date.fill("17/07/2563")
        open_calendar.click()
        expect(calendar.locator("caption")).to_have_text("กรกฎาคม 2563")
        expect(calendar.locator("td.selected a")).to_have_text("17")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"admin-calendar-{width}.png")
        calendar.locator("td a", has_text=re.compile(r"^20$")).click()
        expect(date).to_have_value("20/07/2563")
        expect(calendar).to_have_count(0)
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert errors == []
