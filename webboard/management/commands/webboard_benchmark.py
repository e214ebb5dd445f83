"""Time the webboard's pages against a database filled by webboard_generate:
the board index, a room's first and 500th page, and the long thread's first
and last page, as a visitor and as a signed-in member. Prints p50/p95 and
the number of queries of each page (which must not grow with the data)."""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from webboard.models import Room, Thread
from webboard.views import POSTS_PER_PAGE


class Command(BaseCommand):
    help = "Measure p95 response times and query counts of the webboard pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--room-page", type=int, default=500)

    def handle(self, *args, runs, room_page, **options):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        room = Room.objects.annotate(n=Count("threads")).order_by("-n").first()
        long_thread = Thread.objects.order_by("-reply_count").first()
        last_page = (long_thread.last_position - 1) // POSTS_PER_PAGE + 1
        pages = {
            "board index": "/webboard/",
            "room page 1": room.get_absolute_url(),
            f"room page {room_page}": f"{room.get_absolute_url()}?page={room_page}",
            "room unanswered p.50": f"{room.get_absolute_url()}?show=unanswered&page=50",
            f"thread ({long_thread.reply_count} replies) p.1": long_thread.get_absolute_url(),
            f"thread ({long_thread.reply_count} replies) p.{last_page}": (
                f"{long_thread.get_absolute_url()}?page={last_page}"
            ),
        }
        visitor = Client()
        member = Client()
        member.force_login(get_user_model().objects.filter(email__startswith="bench").first())
        self.stdout.write(
            f"{'page':36} {'who':8} {'p50 ms':>7} {'p95 ms':>7} {'cpu p95':>7} {'db p95':>7} {'queries':>7}"
        )
        for name, url in pages.items():
            for who, client in (("visitor", visitor), ("member", member)):
                assert client.get(url).status_code == 200, url  # warm caches and connections
                # Wall time, plus this process's CPU time and the time spent
                # waiting on PostgreSQL: on a shared, busy machine the wall
                # time includes waiting for a core, the other two do not.
                timings, cpu, db = [], [], []
                for _ in range(runs):
                    spent = [0.0]
                    with connection.execute_wrapper(_timed(spent)):
                        start, start_cpu = time.perf_counter(), time.process_time()
                        client.get(url)
                        timings.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - start_cpu) * 1000)
                    db.append(spent[0] * 1000)
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                self.stdout.write(
                    f"{name:36} {who:8} {statistics.median(timings):7.1f} {_p95(timings):7.1f} "
                    f"{_p95(cpu):7.1f} {_p95(db):7.1f} {len(queries):7d}"
                )


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


def _timed(spent):
    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - start

    return wrapper
