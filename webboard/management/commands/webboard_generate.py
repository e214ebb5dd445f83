"""Fill a scratch database with a large webboard for the benchmark:

    createdb -h 127.0.0.1 -U postgres kmlaas_webboard_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmlaas_webboard_bench manage.py migrate
    DATABASE_URL=… manage.py webboard_generate --members 5000 --threads 20000 --replies 200000

Rows go in with bulk inserts and the counters are set with a few UPDATEs,
so the full size takes minutes, not hours. Refuses a database that already
has threads unless --force.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from webboard.models import Post, Room, Thread

ROOMS = [
    "ระบบรายจ่าย / ฎีกา",
    "ระบบรายรับ",
    "งบประมาณ",
    "บัญชีและงบการเงิน",
    "ทะเบียนทรัพย์สิน",
    "เงินอุดหนุน",
    "ผู้ใช้และสิทธิ์",
    "เรื่องทั่วไป",
]
WORDS = "ฎีกา งบประมาณ เบิกจ่าย กันเงิน ใบผ่านรายการ บัญชี ปิดบัญชี รายรับ ภาษี ทะเบียน โอน เงินอุดหนุน ระบบ".split()
BATCH = 5000


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


class Command(BaseCommand):
    help = "Generate members, threads and replies in bulk for the webboard benchmark (scratch database only)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=5000)
        parser.add_argument("--threads", type=int, default=20000)
        parser.add_argument("--replies", type=int, default=200000)
        parser.add_argument("--long-thread", type=int, default=300, help="replies in the one long thread")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, members, threads, replies, long_thread, force, **options):
        if Thread.objects.exists() and not force:
            raise CommandError("This database already has threads; use a scratch database or --force.")
        rng = random.Random(7)  # noqa: S311 - repeatable fake data
        with transaction.atomic():
            users = self._members(members)
            rooms = [
                Room.objects.get_or_create(name=name, defaults={"position": i})[0]
                for i, name in enumerate(ROOMS)
            ]
            thread_ids = self._threads(rng, threads, rooms, users)
            self._posts(rng, thread_ids, users, replies, long_thread)
            self._counters()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"{members} members, {threads} threads, {replies} replies"))

    def _members(self, count):
        User = get_user_model()
        password = make_password("bench-Passw0rd")
        User.objects.bulk_create(
            [
                User(email=f"bench{n}@example.com", display_name=f"สมาชิก {n}", password=password)
                for n in range(count)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return list(User.objects.filter(email__startswith="bench").values_list("pk", flat=True))

    def _threads(self, rng, count, rooms, users):
        now = timezone.now()
        # Half the threads in the first room, so it has well over 500 pages.
        weights = [len(rooms)] + [1] * (len(rooms) - 1)
        batch = []
        for n in range(count):
            created = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
            batch.append(
                Thread(
                    room=rng.choices(rooms, weights)[0],
                    title=f"{_text(rng, 6)} ({n})",
                    author_id=rng.choice(users),
                    created_at=created,
                    last_post_at=created,
                    state=rng.choice([Thread.State.OPEN, Thread.State.ANSWERED]),
                )
            )
            if len(batch) == BATCH:
                Thread.objects.bulk_create(batch)
                batch = []
        Thread.objects.bulk_create(batch)
        return list(Thread.objects.order_by("pk").values_list("pk", "created_at", "author_id"))

    def _posts(self, rng, threads, users, replies, long_thread):
        counts = [0] * len(threads)
        counts[0] = long_thread
        for _ in range(max(replies - long_thread, 0)):
            counts[rng.randrange(len(threads))] += 1
        batch = []
        for (pk, created, author), extra in zip(threads, counts, strict=True):
            for position in range(1, extra + 2):
                body = _text(rng, rng.randint(15, 60))
                batch.append(
                    Post(
                        thread_id=pk,
                        position=position,
                        author_id=author if position == 1 else rng.choice(users),
                        body=body,
                        body_html=f"<p>{body}</p>",
                        created_at=created + timedelta(minutes=position * 7),
                    )
                )
                if len(batch) == BATCH:
                    Post.objects.bulk_create(batch)
                    batch = []
        Post.objects.bulk_create(batch)

    def _counters(self):
        thread, post, room = Thread._meta.db_table, Post._meta.db_table, Room._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {thread} t SET reply_count = s.n - 1, last_position = s.n, last_post_id = s.last_id,
                       last_post_at = s.last_at, first_post_id = s.first_id
                FROM (SELECT thread_id, count(*) n, max(id) last_id, max(created_at) last_at, min(id) first_id
                      FROM {post} GROUP BY thread_id) s
                WHERE s.thread_id = t.id
                """  # noqa: S608 - table names from the models
            )
            cursor.execute(
                f"""
                UPDATE {room} r SET thread_count = s.threads, post_count = s.threads + s.replies,
                       last_post_at = s.last_at,
                       last_thread_id = (SELECT id FROM {thread} WHERE room_id = r.id
                                         ORDER BY last_post_at DESC, id DESC LIMIT 1)
                FROM (SELECT room_id, count(*) threads, sum(reply_count) replies, max(last_post_at) last_at
                      FROM {thread} GROUP BY room_id) s
                WHERE s.room_id = r.id
                """  # noqa: S608
            )
