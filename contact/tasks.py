"""E-mails to the person who wrote in: the confirmation with the tracking
number, and staff's answer. Sent by the task worker, never in the request."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from contact.models import ContactRequest

logger = logging.getLogger(__name__)


def _status_url(contact):
    path = reverse("contact:status") + "?" + urlencode({"number": contact.number})
    return settings.WEBBOARD_SITE_URL.rstrip("/") + path


def _send(contact, template, subject):
    with translation.override(settings.LANGUAGE_CODE):
        context = {"contact": contact, "status_url": _status_url(contact)}
        message = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject} {contact.number}",
            body=render_to_string(template, context),
            to=[contact.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.send()


@task()
def send_confirmation(request_id):
    contact = ContactRequest.objects.filter(pk=request_id, anonymised_at=None).first()
    if contact is None:
        return False
    _send(contact, "contact/email/confirmation.txt", _("ได้รับเรื่องของท่านแล้ว เลขที่"))
    return True


@task()
def send_answer(request_id):
    contact = ContactRequest.objects.filter(pk=request_id, anonymised_at=None).first()
    if contact is None or not contact.answer:
        return False
    _send(contact, "contact/email/answer.txt", _("คำตอบเรื่องเลขที่"))
    return True
