"""Alert mail goes out here, in the worker (django.tasks), never in a web
request: an item becomes one Delivery row per subscriber, the rows are sent in
batches, and a failed send is tried again later, up to MAX_ATTEMPTS times.
The row is locked while its mail is sent and a sent row is never sent again,
so a retried or duplicated task does not mail anyone twice."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from alerts import mail
from alerts.models import AlertItem, Delivery, Subscription
from alerts.topics import module_ids, topic_of

logger = logging.getLogger(__name__)

BATCH = 100
MAX_ATTEMPTS = 5
FIRST_RETRY = datetime.timedelta(minutes=5)  # then 10, 20, 40 minutes


def later(a_task, when, *args):
    """Enqueue now, or at `when` if that is still ahead. The immediate backend
    (tests, some development runs) cannot wait: the due task is then left to
    whoever runs it at its time."""
    if when is not None and when > timezone.now():
        if not a_task.get_backend().supports_defer:
            return None
        return a_task.using(run_after=when).enqueue(*args)
    return a_task.enqueue(*args)


def _enqueue_batches(ids):
    for start in range(0, len(ids), BATCH):
        send_deliveries.enqueue(ids[start : start + BATCH])


def matches(subscription_sections, subscription_modules, record):
    """The rule, here for the digest (the immediate query in send_item says the
    same): the section is chosen, and when both the subscriber and the item
    name modules, they share one. An item about no module (a circular, news)
    reaches everyone who chose its section."""
    if record.section not in subscription_sections:
        return False
    return not (subscription_modules and record.module_ids) or bool(
        subscription_modules & set(record.module_ids)
    )


@task()
def send_item(alert_id):
    """Fan one published item out to its immediate subscribers."""
    with transaction.atomic():
        record = (
            AlertItem.objects.select_for_update()
            .select_related("content_type")
            .filter(pk=alert_id, queued_at__isnull=True)
            .first()
        )
        if record is None:
            return 0
        obj = record.content_type.model_class().objects.filter(pk=record.object_id).first()
        if obj is None or obj.status != obj.Status.PUBLISHED:
            return 0  # withdrawn before its time: publishing it again calls item_published
        if obj.publish_at > timezone.now():
            # Moved later meanwhile: wait for the new time.
            record.published_at = obj.publish_at
            record.save(update_fields=["published_at"])
            transaction.on_commit(lambda: later(send_item, obj.publish_at, alert_id))
            return 0
        record.module_ids = module_ids(obj, topic_of(obj))
        record.published_at = obj.publish_at
        record.queued_at = timezone.now()
        record.save(update_fields=["module_ids", "published_at", "queued_at"])
        subscribers = Subscription.objects.filter(
            confirmed_at__isnull=False,
            frequency=Subscription.Frequency.IMMEDIATE,
            sections__contains=[record.section],
        )
        if record.module_ids:
            subscribers = subscribers.filter(Q(modules__isnull=True) | Q(modules__in=record.module_ids))
        ids = subscribers.values_list("pk", flat=True).distinct()
        Delivery.objects.bulk_create(
            [Delivery(subscription_id=pk, item=record) for pk in ids], ignore_conflicts=True
        )
        queued = list(
            Delivery.objects.filter(item=record, status=Delivery.Status.QUEUED).values_list("pk", flat=True)
        )
    _enqueue_batches(queued)
    return len(queued)


def week_bounds(week):
    start = timezone.make_aware(datetime.datetime.combine(week, datetime.time()))
    return start, start + datetime.timedelta(days=7)


def last_week(today=None):
    """Monday of the week before this one (local time)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7)


def _week_records(week):
    start, end = week_bounds(week)
    return list(
        AlertItem.objects.filter(queued_at__gte=start, queued_at__lt=end)
        .select_related("content_type")
        .order_by("section", "-published_at")
    )


@task()
def queue_digests(week_iso):
    """One digest Delivery per weekly subscriber with something that week."""
    week = datetime.date.fromisoformat(week_iso)
    records = _week_records(week)
    if not records:
        return 0
    subscribers = Subscription.objects.filter(
        confirmed_at__isnull=False, frequency=Subscription.Frequency.WEEKLY
    ).prefetch_related("modules")
    wanted = [
        Delivery(subscription=s, week=week)
        for s in subscribers.iterator(chunk_size=500)
        if any(matches(s.sections, {m.pk for m in s.modules.all()}, r) for r in records)
    ]
    Delivery.objects.bulk_create(wanted, ignore_conflicts=True)
    queued = list(
        Delivery.objects.filter(week=week, status=Delivery.Status.QUEUED).values_list("pk", flat=True)
    )
    _enqueue_batches(queued)
    return len(queued)


def _digest_entries(subscription, week):
    chosen = set(subscription.modules.values_list("pk", flat=True))
    entries = []
    for record in _week_records(week):
        if matches(subscription.sections, chosen, record):
            obj = record.item()
            if obj is not None:
                entries.append(mail.describe(record, obj))
    return entries


def _message(delivery):
    """The mail for a delivery, or None when there is nothing to say any more."""
    subscription = delivery.subscription
    if subscription.confirmed_at is None:
        return None
    if delivery.item_id:
        obj = delivery.item.item()
        return obj and mail.item_message(subscription, delivery.item, obj)
    entries = _digest_entries(subscription, delivery.week)
    return entries and mail.digest_message(subscription, delivery.week, entries)


@task()
def send_deliveries(delivery_ids):
    sent = 0
    for pk in delivery_ids:
        retry_at = None
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription", "item__content_type")
                .filter(pk=pk, status=Delivery.Status.QUEUED)
                .first()
            )
            if delivery is None:
                continue  # sent already, or another worker has it
            message = _message(delivery)
            delivery.attempts += 1
            if not message:
                delivery.status = Delivery.Status.FAILED
                delivery.last_error = "ไม่ได้ส่ง: รายการไม่เผยแพร่แล้วหรือผู้รับยังไม่ยืนยัน"
            else:
                try:
                    message.send()
                except Exception as error:
                    logger.warning(
                        "alert delivery %s failed (attempt %s)", pk, delivery.attempts, exc_info=True
                    )
                    delivery.last_error = f"{type(error).__name__}: {error}"[:500]
                    if delivery.attempts >= MAX_ATTEMPTS:
                        delivery.status = Delivery.Status.FAILED
                    else:
                        retry_at = timezone.now() + FIRST_RETRY * 2 ** (delivery.attempts - 1)
                else:
                    delivery.status = Delivery.Status.SENT
                    delivery.sent_at = timezone.now()
                    delivery.last_error = ""
                    sent += 1
            delivery.save(update_fields=["attempts", "status", "last_error", "sent_at"])
        if retry_at:
            later(send_deliveries, retry_at, [pk])
    return sent


@task()
def send_confirmation(subscription_id, already=False):
    """The double opt-in mail, or for a confirmed address a link to its settings
    (the page that asked says the same in both cases)."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return 0
    message = mail.already_message(subscription) if already else mail.confirm_message(subscription)
    message.send()
    return 1
