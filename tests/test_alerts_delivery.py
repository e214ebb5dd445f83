"""E-mail alerts from the worker: one mail per item to the subscribers it
concerns, scheduled items when they go live, retries that never mail twice,
the weekly digest."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts.models import AlertItem, Delivery
from alerts.tasks import MAX_ATTEMPTS
from kmlaas.taxonomy import Module
from tests.alerts import TZ, approver, draft_circular, draft_update, publish, run_due_tasks, subscribe
from updates.models import Update

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


class TestDelivery:
    def test_each_matching_confirmed_subscriber_gets_one_mail(
        self, editor, payments, revenue, tasks_run_at_once, django_capture_on_commit_callbacks
    ):
        subscribe("circulars@example.com", ["regulations"])
        subscribe("revenue@example.com", ["updates"], [revenue])
        subscribe("payments@example.com", ["updates"], [payments, revenue])
        subscribe("everything@example.com", ["regulations", "updates"])
        subscribe("unconfirmed@example.com", ["regulations", "updates"], confirmed=False)
        subscribe("weekly@example.com", ["regulations", "updates"], frequency="weekly")

        publish(editor, draft_update([payments]), django_capture_on_commit_callbacks)
        assert sorted(m.to[0] for m in mail.outbox) == ["everything@example.com", "payments@example.com"]

        mail.outbox.clear()
        publish(editor, draft_circular(), django_capture_on_commit_callbacks)
        assert sorted(m.to[0] for m in mail.outbox) == ["circulars@example.com", "everything@example.com"]

    def test_publishing_again_or_editing_a_published_item_mails_no_one_again(
        self, editor, tasks_run_at_once, django_capture_on_commit_callbacks
    ):
        subscribe("somchai@example.com", ["regulations"])
        circular = draft_circular()
        publish(editor, circular, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            editor.post(
                "/admin/regulations/regulation/", {"action": "unpublish", "_selected_action": [circular.pk]}
            )
        publish(editor, circular, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1 and AlertItem.objects.count() == 1

    def test_a_scheduled_item_alerts_when_it_goes_live_not_when_saved(
        self, editor, payments, django_capture_on_commit_callbacks
    ):
        subscribe("somchai@example.com", ["updates"])
        when = timezone.now() + datetime.timedelta(days=2)
        update = draft_update([payments], publish_at=when)
        publish(editor, update, django_capture_on_commit_callbacks)
        run_due_tasks(django_capture_on_commit_callbacks)
        assert not mail.outbox
        assert DBTaskResult.objects.get().run_after == when

        with time_machine.travel(when + datetime.timedelta(minutes=1)):
            run_due_tasks(django_capture_on_commit_callbacks)
        [message] = mail.outbox
        assert update.title in message.subject

    def test_a_scheduled_item_withdrawn_before_its_time_sends_nothing(
        self, editor, payments, django_capture_on_commit_callbacks
    ):
        subscribe("somchai@example.com", ["updates"])
        when = timezone.now() + datetime.timedelta(days=2)
        update = draft_update([payments], publish_at=when)
        publish(editor, update, django_capture_on_commit_callbacks)
        Update.objects.filter(pk=update.pk).update(status="draft")
        with time_machine.travel(when + datetime.timedelta(minutes=1)):
            run_due_tasks(django_capture_on_commit_callbacks)
        assert not mail.outbox and not Delivery.objects.exists()

    def test_a_failed_send_is_retried_later_and_recorded_never_twice(
        self, settings, editor, django_capture_on_commit_callbacks
    ):
        settings.MAILERS = {"default": {"BACKEND": "tests.test_alerts_delivery.FailingTwice"}}
        FailingTwice.failures = 2
        subscribe("somchai@example.com", ["regulations"])
        publish(editor, draft_circular(), django_capture_on_commit_callbacks)
        run_due_tasks(django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("queued", 1)
        assert "SMTP" in delivery.last_error and not mail.outbox

        for minutes in (6, 20):
            with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes)):
                run_due_tasks(django_capture_on_commit_callbacks)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
        assert len(mail.outbox) == 1

        # A duplicated task finds the row sent and sends nothing.
        from alerts.tasks import send_deliveries

        send_deliveries.call([delivery.pk])
        assert len(mail.outbox) == 1

    def test_it_gives_up_after_the_last_attempt(self, settings, django_capture_on_commit_callbacks):
        from alerts.tasks import send_deliveries

        settings.MAILERS = {"default": {"BACKEND": "tests.test_alerts_delivery.FailingTwice"}}
        FailingTwice.failures = MAX_ATTEMPTS
        subscription = subscribe("somchai@example.com", ["regulations"])
        circular = draft_circular(status="published")
        record = AlertItem.objects.create(
            content_type_id=_content_type(circular),
            object_id=circular.pk,
            section="regulations",
            published_at=circular.publish_at,
            queued_at=timezone.now(),
        )
        delivery = Delivery.objects.create(subscription=subscription, item=record)
        for _ in range(MAX_ATTEMPTS):
            send_deliveries.call([delivery.pk])
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


class FailingTwice(EmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FailingTwice.failures:
            FailingTwice.failures -= 1
            raise ConnectionRefusedError("SMTP server refused the connection")
        return super().send_messages(messages)


class TestDigest:
    def test_the_weekly_digest_groups_the_weeks_items_once(
        self, editor, payments, tasks_run_at_once, django_capture_on_commit_callbacks
    ):
        weekly = subscribe("weekly@example.com", ["regulations", "updates"], frequency="weekly")
        subscribe("faq-only@example.com", ["faq"], frequency="weekly")
        wednesday = datetime.datetime(2026, 6, 3, 10, tzinfo=TZ)
        with time_machine.travel(wednesday, tick=False):
            publish(editor, draft_circular(), django_capture_on_commit_callbacks)
            publish(editor, draft_update([payments]), django_capture_on_commit_callbacks)
        with time_machine.travel(wednesday + datetime.timedelta(days=7), tick=False):
            publish(
                editor,
                draft_circular(title="สัปดาห์ถัดไป", number="ว 5"),
                django_capture_on_commit_callbacks,
            )
        assert not mail.outbox  # weekly subscribers get nothing immediately

        with time_machine.travel(datetime.datetime(2026, 6, 8, 7, tzinfo=TZ), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_alert_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
                call_command("send_alert_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
        [digest] = mail.outbox
        assert digest.to == [weekly.email] and "2 รายการ" in digest.subject
        assert "== ข้อมูลการปรับปรุงระบบ ==" in digest.body and "== หนังสือสั่งการ" in digest.body
        assert "สัปดาห์ถัดไป" not in digest.body
        assert digest.extra_headers["List-Unsubscribe"].startswith(
            "<http://127.0.0.1:8000/alerts/unsubscribe/"
        )
        assert Delivery.objects.get(week__isnull=False).week == datetime.date(2026, 6, 1)
