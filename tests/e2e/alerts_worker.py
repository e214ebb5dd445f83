"""`python -m tests.e2e.alerts_worker`: the task worker for the alerts browser
test, run once over what is due, with the mails it sends printed as JSON.
A process of its own, so it commits like the real worker does (the test's own
connection is inside a transaction that gunicorn's writes must not meet)."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmlaas.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
mail.outbox = []
call_command("run_worker", "--batch", "--worker-id", "e2e-alerts", verbosity=0)
# The last line of the output, after the worker's log lines.
print(
    json.dumps(
        [{"to": m.to, "subject": m.subject, "body": m.body, "headers": m.extra_headers} for m in mail.outbox]
    )
)
