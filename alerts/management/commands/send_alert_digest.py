"""`manage.py send_alert_digest`: queue last week's digest for every weekly
subscriber (the worker sends it). Run it once a week, Monday morning; running
it again for the same week sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand

from alerts.tasks import last_week, queue_digests


class Command(BaseCommand):
    help = "Queue the weekly e-mail digest (สรุปรายสัปดาห์) of the week before this one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", type=datetime.date.fromisoformat, help="Monday of the week to send (YYYY-MM-DD)"
        )

    def handle(self, *args, week=None, **options):
        week = week or last_week()
        if week.weekday() != 0:
            week -= datetime.timedelta(days=week.weekday())
        queue_digests.enqueue(week.isoformat())
        self.stdout.write(f"Weekly digest queued for the week of {week} (สรุปรายสัปดาห์ {week})")
