"""Blank the personal data of closed contact requests older than
CONTACT_RETENTION_DAYS (counted from closing). Run daily.

Blanked: name, e-mail, phone, organisation, the member link and the message
(people write personal details into it). Kept, for statistics and as the
record of what was answered: number, type, subject, dates, state history,
the public answer and internal notes. The status page no longer finds an
anonymised request."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from contact.models import ContactRequest


class Command(BaseCommand):
    help = "Anonymise closed contact requests older than CONTACT_RETENTION_DAYS / ลบข้อมูลส่วนบุคคลของเรื่องที่ปิดแล้วเกินกำหนด"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(days=settings.CONTACT_RETENTION_DAYS)
        due = ContactRequest.objects.filter(
            state=ContactRequest.State.CLOSED, closed_at__lt=cutoff, anonymised_at=None
        )
        if dry_run:
            count = due.count()
        else:
            count = due.update(
                name="",
                email="",
                phone="",
                organisation="",
                user=None,
                message="",
                anonymised_at=timezone.now(),
            )
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(f"{verb} {count} contact request(s) closed before {cutoff:%Y-%m-%d} / {count} เรื่อง")
