"""A mailer that counts what it sends (kmlaas/metrics.py), configured in
MAILERS around the real backend:

    MAILERS = {"default": {"BACKEND": "kmlaas.mail.CountingMailer",
                           "OPTIONS": {"backend": "django.core.mail.backends.smtp.EmailBackend", …}}}

Every other option goes to that backend. Counted here, where a message is
handed to the mail server, so webboard notices, sign-up confirmations and
error reports to ADMINS are all seen.
"""

from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string

from kmlaas.metrics import EMAILS_FAILED, EMAILS_SENT


class CountingMailer(BaseEmailBackend):
    def __init__(self, *, backend, alias=None, **options):
        super().__init__(alias=alias)
        self.backend = import_string(backend)(alias=alias, **options)
        # A name, not the labelled counters: messages keep their mailer, and
        # the test outbox deep-copies them (a counter holds a lock).
        self.label = alias or "default"

    def open(self):
        return self.backend.open()

    def close(self):
        return self.backend.close()

    def send_messages(self, email_messages):
        email_messages = list(email_messages)
        try:
            sent = self.backend.send_messages(email_messages) or 0
        except Exception:
            EMAILS_FAILED.labels(self.label).inc(len(email_messages))
            raise
        if sent:
            EMAILS_SENT.labels(self.label).inc(sent)
        if sent < len(email_messages):
            # The SMTP backend returns fewer when it refused some silently.
            EMAILS_FAILED.labels(self.label).inc(len(email_messages) - sent)
        return sent
