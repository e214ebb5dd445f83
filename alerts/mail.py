"""The alert e-mails: plain Thai text, absolute links on SITE_URL, a one-click
unsubscribe (RFC 8058) and a link to change the choices in every mail."""

import unicodedata

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alerts.topics import TOPICS_BY_KEY
from webboard.tasks import NotificationEmail

CONFIRM_SALT = "alerts.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def one_line(text):
    """A subject is one line: a title with a stray line break would make Django refuse the mail."""
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text)
    return " ".join(text.split())


def site_url(path):
    return settings.WEBBOARD_SITE_URL.rstrip("/") + path


def confirm_token(subscription):
    return signing.dumps({"t": subscription.token, "e": subscription.email}, salt=CONFIRM_SALT)


def read_confirm_token(value):
    """The subscription token the link confirms, or None when forged or too old."""
    try:
        data = signing.loads(value, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return data


def _links(subscription):
    return {
        "unsubscribe_url": site_url(reverse("alerts:unsubscribe", args=[subscription.token])),
        "manage_url": site_url(reverse("alerts:manage", args=[subscription.token])),
    }


def _message(template, subscription, context, *, listed=True):
    context = {**context, **_links(subscription), "subscription": subscription}
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(render_to_string(f"alerts/email/{template}_subject.txt", context))
        body = render_to_string(f"alerts/email/{template}.txt", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if listed:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return NotificationEmail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[subscription.email],
        headers=headers,
    )


def describe(record, obj):
    """What a mail says about one item."""
    summary = getattr(obj, "summary", "") or getattr(obj, "description", "")
    return {
        "title": str(obj),
        "section": TOPICS_BY_KEY[record.section].label,
        "summary": " ".join(summary.split())[:300],
        "url": site_url(obj.get_absolute_url()),
        "published_at": record.published_at,
    }


def item_message(subscription, record, obj):
    return _message("item", subscription, {"item": describe(record, obj)})


def digest_message(subscription, week, entries):
    return _message("digest", subscription, {"week": week, "entries": entries})


def confirm_message(subscription):
    url = site_url(reverse("alerts:confirm", args=[confirm_token(subscription)]))
    return _message("confirm", subscription, {"confirm_url": url}, listed=False)


def already_message(subscription):
    return _message("already", subscription, {}, listed=False)
