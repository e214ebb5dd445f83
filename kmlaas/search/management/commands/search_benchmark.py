"""Measure search at scale: index N generated Thai documents of realistic
length, then time 1–4 word Thai queries and the re-indexing of one edited
document. Run it against a scratch database, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmlaas_bench \\
        python manage.py search_benchmark --documents 100000

The generated entries are removed at the end unless --keep is given.
"""

import datetime
import random
import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from pythainlp.corpus import thai_words

from kmlaas.search import engine
from kmlaas.search.models import Entry, Query
from kmlaas.search.text import index_text, vocabulary

SECTION = "benchmark"


class Command(BaseCommand):
    help = "Index generated Thai documents and report query latency percentiles."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2569)
        parser.add_argument("--keep", action="store_true", help="leave the generated entries in place")

    def handle(self, *args, documents, queries, seed, keep, **options):
        rng = random.Random(seed)  # noqa: S311 - repeatable generated data, not secrets
        # Real Thai words, the e-LAAS vocabulary over-represented as in real documents.
        words = sorted(w for w in thai_words() if 2 <= len(w) <= 12)
        common = rng.sample(words, 8000) + sorted(vocabulary())
        self._generate(rng, common, documents)
        self._time_queries(rng, common, queries)
        self._time_reindex()
        if not keep:
            Entry.objects.filter(section=SECTION).delete()

    def _generate(self, rng, common, count):
        content_type = ContentType.objects.get_for_model(Query)
        start = Entry.objects.filter(section=SECTION).count()
        if start >= count:
            self.stdout.write(f"{start} generated documents already indexed")
            return
        started = time.monotonic()
        batch = []
        for n in range(start, count):
            title = "".join(rng.choice(common) for _ in range(rng.randint(4, 9)))
            sentences = [
                "".join(rng.choice(common) for _ in range(rng.randint(6, 18)))
                for _ in range(rng.randint(8, 20))
            ]
            body = " ".join(sentences)  # about 1,500–3,500 characters, like a circular or an FAQ answer
            batch.append(
                Entry(
                    content_type=content_type,
                    object_id=n + 1,
                    section=SECTION,
                    title=title[:400],
                    body=body,
                    url=f"/benchmark/{n + 1}/",
                    date=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 3650)),
                    title_tokens=index_text(title),
                    body_tokens=index_text(body),
                    is_public=True,
                )
            )
            if len(batch) == 1000:
                self._flush(batch)
                self.stdout.write(f"  indexed {n + 1} documents ({time.monotonic() - started:.0f} s)")
        self._flush(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"indexed {count - start} documents in {elapsed:.0f} s ({(count - start) / elapsed:.0f}/s)"
        )

    def _flush(self, batch):
        if not batch:
            return
        created = Entry.objects.bulk_create(batch)
        Entry.objects.filter(pk__in=[e.pk for e in created]).update(
            vector=SearchVector("title_tokens", weight="A", config="simple")
            + SearchVector("body_tokens", weight="B", config="simple")
        )
        batch.clear()

    def _time_queries(self, rng, common, count):
        timings = {n: [] for n in range(1, 5)}
        for i in range(count):
            size = 1 + i % 4
            query = " ".join(rng.choice(common) for _ in range(size))
            started = time.perf_counter()
            results = engine.search(query, section=SECTION, log=False)
            if results:
                list(results.page.object_list)
            timings[size].append((time.perf_counter() - started) * 1000)
        everything = sorted(t for values in timings.values() for t in values)
        for size, values in timings.items():
            values.sort()
            self.stdout.write(
                f"{size}-word queries: p50 {statistics.median(values):.1f} ms, "
                f"p95 {values[int(len(values) * 0.95) - 1]:.1f} ms, max {values[-1]:.1f} ms"
            )
        self.stdout.write(
            f"all queries: p50 {statistics.median(everything):.1f} ms, p95 {everything[int(len(everything) * 0.95) - 1]:.1f} ms"
        )

    def _time_reindex(self):
        from regulations.models import Agency, Regulation

        agency, _ = Agency.objects.get_or_create(name="หน่วยงานทดสอบประสิทธิภาพ")
        regulation = Regulation.objects.create(
            agency=agency, title="หนังสือทดสอบการจัดทำดัชนี", body="<p>" + "การกันเงินไว้เบิกเหลื่อมปี " * 400 + "</p>"
        )
        regulation.title = "หนังสือทดสอบการจัดทำดัชนี (แก้ไข)"
        started = time.perf_counter()
        regulation.save()  # saving re-indexes
        self.stdout.write(f"re-indexing one edited document: {(time.perf_counter() - started) * 1000:.0f} ms")
        regulation.delete()
        agency.delete()
