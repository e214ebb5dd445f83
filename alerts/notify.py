"""The one way into e-mail alerts: the publishing code calls `item_published`
whenever it saves an item as published. The item is recorded once and the
mails go out from the worker when it is public — a scheduled item when its
time comes, not when it is saved."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from alerts.models import AlertItem
from alerts.tasks import later, send_item
from alerts.topics import topic_of


def item_published(obj):
    topic = topic_of(obj)
    if topic is None or obj.status != obj.Status.PUBLISHED:
        return None
    record, _created = AlertItem.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"section": topic.key, "published_at": obj.publish_at},
    )
    if record.queued_at is not None:
        return record  # already announced: an edit of a published item mails no one
    if record.published_at != obj.publish_at:
        record.published_at = obj.publish_at  # rescheduled while waiting
        record.save(update_fields=["published_at"])
    transaction.on_commit(lambda: later(send_item, record.published_at, record.pk))
    return record
