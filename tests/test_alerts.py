"""E-mail alerts seen by visitors, members and staff: subscribe, confirm, get the
item, unsubscribe in one click; manage by link or in the account; per-module feeds."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import Delivery, Subscription
from faq.models import Faq
from kmlaas.taxonomy import Module
from tests.alerts import approver, draft_circular, draft_update, link, publish, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments():
    return Module.objects.create(name="รายจ่าย/ฎีกา")


@pytest.fixture
def revenue():
    return Module.objects.create(name="รายรับ")


@pytest.fixture
def editor(admin_user):
    return approver(admin_user)


@pytest.fixture
def warm(client, db):
    """The site-wide fragments (contact, banners) are cached after the first page."""
    client.get("/alerts/")


class TestSubscribing:
    def test_a_visitor_subscribes_confirms_gets_the_circular_and_unsubscribes_in_one_click(
        self, client, editor, tasks_run_at_once, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/alerts/",
                {"email": " Somchai@Example.com ", "sections": ["regulations"], "frequency": "immediate"},
            )
        assert response.status_code == 302 and response["Location"] == "/alerts/sent/"
        assert "โปรดตรวจสอบอีเมล" in client.get("/alerts/sent/").content.decode()
        [confirm] = mail.outbox
        assert confirm.to == ["somchai@example.com"] and "ยืนยัน" in confirm.subject
        confirm_url = link(confirm, "/alerts/confirm/")
        assert confirm_url.startswith("http://127.0.0.1:8000/")

        # Not confirmed yet: a circular published now reaches no one.
        publish(editor, draft_circular(number="มท 0808.4/ว 9"), django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1

        path = confirm_url.split("8000", 1)[1]
        assert "ยืนยัน" in client.get(path).content.decode()
        assert client.post(path).status_code == 302
        assert Subscription.objects.get().confirmed_at is not None

        publish(editor, draft_circular(), django_capture_on_commit_callbacks)
        alert = mail.outbox[-1]
        assert len(mail.outbox) == 2
        assert (
            alert.subject
            == '[KM e-LAAS] ใหม่ในหนังสือสั่งการ ระเบียบ และกฎหมาย: มท 0808.4/ว 1 การบันทึกบัญชี & ปิดบัญชี "สิ้นปี"'
        )
        assert "&amp;" not in alert.body and "http://127.0.0.1:8000/regulations/" in alert.body
        unsubscribe = link(alert, "/alerts/unsubscribe/")
        assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link(alert, "/alerts/manage/") in alert.body
        assert "List-Unsubscribe: <http" in alert.message().as_string()
        assert Delivery.objects.get(item__isnull=False).status == "sent"

        # A mail client's one-click POST: no CSRF token, no cookie.
        one_click = Client(enforce_csrf_checks=True)
        path = unsubscribe.split("8000", 1)[1]
        response = one_click.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200 and "ยกเลิกการรับข่าวสารแล้ว" in response.content.decode()
        assert one_click.post(path).status_code == 200  # idempotent
        assert not Subscription.objects.exists()

        publish(editor, draft_circular(number="มท 0808.4/ว 2"), django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2

    def test_the_page_is_the_same_for_a_known_address_which_keeps_its_choices(
        self, client, tasks_run_at_once, django_capture_on_commit_callbacks
    ):
        known = subscribe("somchai@example.com", ["news"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/alerts/", {"email": "somchai@example.com", "sections": ["faq"], "frequency": "weekly"}
            )
        assert response["Location"] == "/alerts/sent/"
        known.refresh_from_db()
        assert known.sections == ["news"] and known.frequency == "immediate"
        [message] = mail.outbox
        assert (
            "รับข่าวสารจาก KM e-LAAS อยู่แล้ว" in message.body and f"/alerts/manage/{known.token}/" in message.body
        )

    def test_a_bad_form_is_shown_again_with_thai_errors(
        self, client, warm, django_assert_num_queries, payments
    ):
        with django_assert_num_queries(
            5
        ):  # rate counter, two cached fragments, modules for the form and the feeds
            response = client.post("/alerts/", {"email": "not-an-address", "frequency": "immediate"})
        html = response.content.decode()
        assert response.status_code == 200 and "โปรดเลือกอย่างน้อยหนึ่งหมวด" in html
        assert not Subscription.objects.exists()

    def test_the_honeypot_is_told_it_worked_and_nothing_is_stored(self, client, tasks_run_at_once):
        response = client.post(
            "/alerts/",
            {"email": "bot@example.com", "sections": ["news"], "frequency": "immediate", "website": "x"},
        )
        assert response["Location"] == "/alerts/sent/"
        assert not Subscription.objects.exists() and not mail.outbox

    def test_it_limits_requests_per_address(self, client):
        data = {"email": "somchai@example.com", "sections": ["news"], "frequency": "immediate"}
        assert [client.post("/alerts/", data).status_code for _ in range(6)] == [302] * 5 + [429]

    def test_bad_and_forged_links_are_404_with_a_thai_message(self, client):
        subscription = subscribe("somchai@example.com", ["news"], confirmed=False)
        for path in [
            "/alerts/confirm/forged:token/",
            f"/alerts/confirm/{subscription.token}/",
            "/alerts/manage/no-such-token/",
            "/alerts/unsubscribe/no-such-token/",
        ]:
            response = client.get(path)
            assert response.status_code == 404 and "ลิงก์ไม่ถูกต้องหรือหมดอายุ" in response.content.decode()

    def test_an_old_confirmation_link_has_expired(self, client):
        from alerts.mail import confirm_token

        subscription = subscribe("somchai@example.com", ["news"], confirmed=False)
        token = confirm_token(subscription)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            assert client.post(f"/alerts/confirm/{token}/").status_code == 404
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

    def test_the_manage_link_changes_the_choices_without_signing_in(
        self, client, warm, revenue, django_assert_num_queries
    ):
        subscription = subscribe("somchai@example.com", ["news"])
        with django_assert_num_queries(
            5
        ):  # the subscription, its modules, the modules offered, two cached fragments
            assert client.get(f"/alerts/manage/{subscription.token}/").status_code == 200
        response = client.post(
            f"/alerts/manage/{subscription.token}/",
            {"sections": ["updates", "faq"], "modules": [revenue.pk], "frequency": "weekly"},
        )
        assert response.status_code == 302
        subscription.refresh_from_db()
        assert subscription.sections == ["updates", "faq"] and subscription.frequency == "weekly"
        assert list(subscription.modules.all()) == [revenue]

    def test_pages_refuse_other_methods(self, client):
        subscription = subscribe("somchai@example.com", ["news"])
        assert client.put("/alerts/").status_code == 405
        assert client.post("/alerts/sent/").status_code == 405
        assert client.delete(f"/alerts/manage/{subscription.token}/").status_code == 405

    def test_the_subscribe_page_answers_in_constant_queries(
        self, client, warm, django_assert_num_queries, payments
    ):
        Module.objects.create(name="รายรับ")
        with django_assert_num_queries(4):  # two cached fragments, modules for the form and the feeds
            html = client.get("/alerts/").content.decode()
        assert "/alerts/modules/" in html and "รายรับ" in html


class TestMembers:
    def test_a_member_manages_alerts_from_the_account_page(
        self, client, warm, member, revenue, django_assert_num_queries
    ):
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        client.force_login(member)
        assert "/alerts/account/" in client.get("/accounts/profile/").content.decode()
        with django_assert_num_queries(
            7
        ):  # session, user, two fragments, two lookups for a subscription, modules
            assert client.get("/alerts/account/").status_code == 200
        response = client.post(
            "/alerts/account/", {"sections": ["updates"], "modules": [revenue.pk], "frequency": "immediate"}
        )
        assert response.status_code == 302
        subscription = Subscription.objects.get()
        assert subscription.user == member and subscription.email == member.email
        assert subscription.confirmed_at is not None  # allauth verified the address
        client.post("/alerts/account/", {"stop": "1"})
        assert not Subscription.objects.exists()

    def test_a_visitor_subscription_of_the_same_address_becomes_the_members(self, client, member):
        earlier = subscribe(member.email, ["news"])
        client.force_login(member)
        client.post("/alerts/account/", {"sections": ["faq"], "frequency": "weekly"})
        earlier.refresh_from_db()
        assert earlier.user == member and earlier.sections == ["faq"]
        assert Subscription.objects.count() == 1

    def test_another_member_never_sees_or_changes_it(self, client, member, other_member):
        mine = subscribe(member.email, ["news"])
        mine.user = member
        mine.save()
        client.force_login(other_member)
        html = client.get("/alerts/account/").content.decode()
        assert member.email not in html and mine.token not in html
        client.post("/alerts/account/", {"sections": ["faq"], "frequency": "weekly"})
        mine.refresh_from_db()
        assert mine.sections == ["news"] and Subscription.objects.count() == 2

    def test_anonymous_is_sent_to_sign_in(self, client):
        assert client.get("/alerts/account/")["Location"].startswith("/accounts/login/")


class TestModuleFeed:
    def test_it_lists_what_every_section_published_about_the_module(
        self, client, payments, revenue, django_assert_num_queries
    ):
        draft_update([payments], title="ฎีกาแบบใหม่", status="published")
        draft_update([revenue], title="ใบเสร็จแบบใหม่", status="published")
        draft_update([payments], title="ร่างที่ยังไม่เผยแพร่")
        faq = Faq.objects.create(title="วางฎีกาไม่ได้", status="published")
        faq.modules.set([payments])
        with django_assert_num_queries(5):  # the module, one query per section naming modules
            response = client.get(f"/alerts/modules/{payments.slug}/rss/")
        titles = [t.text for t in ET.fromstring(response.content).iter("title")]
        assert titles[1:] == ["วางฎีกาไม่ได้", "ฎีกาแบบใหม่"]  # newest first, across sections
        assert "ระบบงาน รายจ่าย/ฎีกา" in titles[0]

    def test_an_unknown_module_is_404(self, client, db):
        assert client.get("/alerts/modules/nothing/rss/").status_code == 404


class TestAdmin:
    def test_staff_search_subscriptions_change_choices_and_read_deliveries(self, editor):
        subscription = subscribe("somchai@example.com", ["news"])
        html = editor.get(
            "/admin/alerts/subscription/?q=somchai&confirmed=yes&frequency=immediate"
        ).content.decode()
        assert "somchai@example.com" in html
        url = f"/admin/alerts/subscription/{subscription.pk}/change/"
        assert editor.get(url).status_code == 200
        response = editor.post(
            url, {"sections": ["news", "faq"], "frequency": "weekly", "email": "x@example.com"}
        )
        assert response.status_code == 302
        subscription.refresh_from_db()
        assert subscription.sections == ["news", "faq"] and subscription.email == "somchai@example.com"
        # Only the address's owner subscribes it: no consent can be given for them.
        assert editor.get("/admin/alerts/subscription/add/").status_code == 403
        assert editor.get("/admin/alerts/delivery/?status=failed").status_code == 200
        assert editor.get("/admin/alerts/delivery/add/").status_code == 403
