"""Measure search at scale: index N generated Thai documents of realistic
length, then time 1–4 word Thai queries and the re-indexing of one edited
document. Run it against a scratch database, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmlaas_bench \\
        python manage.py search_benchmark --documents 100000

The generated entries are removed at the end unless --keep is given.
"""

import datetime
import multiprocessing
import random
import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection
from pythainlp.corpus import thai_words

from kmlaas.search import engine
from kmlaas.search.models import Entry, Query
from kmlaas.search.text import index_text, vocabulary

SECTION = "benchmark"
CHUNK = 1000


def _documents(chunk):
    """One chunk of generated documents, each from its own seeded generator
    so that runs repeat whatever the number of worker processes."""
    seed, common, first, last = chunk
    rng = random.Random(seed)  # noqa: S311 - repeatable generated data, not secrets
    today = datetime.date.today()
    documents = []
    for n in range(first, last):
        title = "".join(rng.choice(common) for _ in range(rng.randint(4, 9)))
        sentences = [
            "".join(rng.choice(common) for _ in range(rng.randint(6, 18))) for _ in range(rng.randint(8, 20))
        ]
        body = " ".join(sentences)  # about 1,500–3,500 characters, like a circular or an FAQ answer
        documents.append(
            {
                "object_id": n + 1,
                "title": title[:400],
                "body": body,
                "url": f"/benchmark/{n + 1}/",
                "date": today - datetime.timedelta(days=rng.randint(0, 3650)),
                "title_tokens": index_text(title),
                "body_tokens": index_text(body),
            }
        )
    return documents


def _ms(started):
    return (time.perf_counter() - started) * 1000


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
        seed = rng.randrange(2**32)
        chunks = [(seed + n, common, n, min(n + CHUNK, count)) for n in range(start, count, CHUNK)]
        # Word segmentation is the slow part and needs no database: every core
        # cuts words, in forked workers that inherit the loaded Django project.
        with multiprocessing.get_context("fork").Pool() as pool:
            for documents in pool.imap(_documents, chunks):
                batch = [
                    Entry(content_type=content_type, section=SECTION, is_public=True, **d) for d in documents
                ]
                engine.complete([entry.pk for entry in Entry.objects.bulk_create(batch)])
                done = documents[-1]["object_id"]
                self.stdout.write(f"  indexed {done} documents ({time.monotonic() - started:.0f} s)")
        with connection.cursor() as cursor:
            # As autovacuum leaves a table after a bulk load (VACUUM cannot run
            # inside a transaction, as in the test suite).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} search_entry, search_word")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"indexed {count - start} documents in {elapsed:.0f} s ({(count - start) / elapsed:.0f}/s)"
        )

    def _time_queries(self, rng, common, count):
        # The first search of a process loads the Thai word list (gunicorn
        # workers do it before taking requests): not part of a query's time.
        started = time.perf_counter()
        engine.search("ค้นหาเอกสาร", log=False)
        self.stdout.write(f"first search of a process (loads the word list): {_ms(started):.0f} ms")
        timings, empty = {n: [] for n in range(1, 5)}, 0
        for i in range(count):
            size = 1 + i % 4
            query = " ".join(rng.choice(common) for _ in range(size))
            started = time.perf_counter()
            results = engine.search(query, log=False)  # site-wide, as the search box does
            timings[size].append(_ms(started))
            empty += not results.count
        for size, values in timings.items():
            self._report(f"{size}-word queries", values)
        self._report("all queries", [t for values in timings.values() for t in values])
        self.stdout.write(f"  ({empty} of {count} queries found nothing and went on to the spelling help)")
        typing = []
        for _ in range(count // 2):
            word = rng.choice(common)
            started = time.perf_counter()
            engine.titles_starting(word[: rng.randint(3, max(3, len(word)))])
            typing.append(_ms(started))
        self._report("suggestions as you type", typing)

    def _report(self, label, values):
        values = sorted(values)
        self.stdout.write(
            f"{label}: p50 {statistics.median(values):.1f} ms, "
            f"p95 {values[int(len(values) * 0.95) - 1]:.1f} ms, max {values[-1]:.1f} ms"
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
