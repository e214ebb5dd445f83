"""Background work for the webboard: e-mailing watchers runs in the task
worker (django.tasks, database backend), so a slow or failing mail server
never slows or breaks posting."""

import email.policy
import logging
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from webboard import markup
from webboard.models import Notification, Post, RoomWatch, ThreadWatch
from webboard.unsubscribe import make_token

logger = logging.getLogger(__name__)

# RFC 5322 allows 998-character lines. With the default 78, Python wraps a
# long List-Unsubscribe URL (no spaces to break at) in an encoded-word,
# which mail clients then cannot read as a URL.
LONG_HEADER_POLICY = email.policy.default.clone(max_line_length=998)


class NotificationEmail(EmailMessage):
    def message(self, *, policy=LONG_HEADER_POLICY):
        return super().message(policy=policy)


def _subject(context):
    """One line of plain text: a title stored before titles were checked may
    still hold a line break, which would make Django refuse the message."""
    text = render_to_string("webboard/email/new_post_subject.txt", context)
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(text.split())


def _site_url(path):
    return settings.WEBBOARD_SITE_URL.rstrip("/") + path


def _recipients(post):
    """Who watches the thread or its room, minus the writer; a member
    watching both gets one e-mail, unsubscribing from the thread. A room
    watched for new threads only says nothing about replies."""
    thread = post.thread
    exclude = Q(user_id=post.author_id) if post.author_id else Q()
    room_watches = RoomWatch.objects.filter(room_id=thread.room_id, user__is_active=True)
    if not post.is_first:
        room_watches = room_watches.filter(mode=RoomWatch.Mode.ALL)
    by_user = {}
    for watch in room_watches.exclude(exclude).select_related("user"):
        by_user[watch.user_id] = (watch.user, "room", thread.room_id)
    for watch in (
        ThreadWatch.objects.filter(thread=thread, user__is_active=True)
        .exclude(exclude)
        .select_related("user")
    ):
        by_user[watch.user_id] = (watch.user, "thread", thread.pk)
    return list(by_user.values())


@task()
def notify_watchers(post_id):
    post = Post.objects.select_related("thread__room", "author").filter(pk=post_id).first()
    if post is None or post.is_hidden or not post.is_approved or not post.thread.search_visible:
        return 0
    recipients = _recipients(post)
    Notification.objects.bulk_create(
        [Notification(user=user, post=post) for user, _kind, _id in recipients], ignore_conflicts=True
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, kind, object_id in recipients:
            unsubscribe = _site_url(
                reverse("webboard:unsubscribe", args=[make_token(user.pk, kind, object_id)])
            )
            context = {
                "post": post,
                "body_text": markup.to_text(post.body_html),
                "thread": post.thread,
                "user": user,
                "url": _site_url(post.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
                "kind": kind,
            }
            message = NotificationEmail(
                subject=_subject(context),
                body=render_to_string("webboard/email/new_post.txt", context),
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    "Auto-Submitted": "auto-generated",
                },
            )
            try:
                message.send()
                sent += 1
            except Exception:
                # One bad address or a mail-server hiccup must not stop the others.
                logger.warning("Could not e-mail %s about post %s", user.pk, post.pk, exc_info=True)
    return sent
