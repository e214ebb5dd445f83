"""Prometheus metrics, served away from the public site.

prometheus_client directly: django-prometheus (2.5.0) pins Django<6.1, and
what it adds (per-model and migration metrics) is not what an operator of
this portal watches.

Under gunicorn every worker process writes its samples to files in
PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode, chosen by
that variable at import), and the master serves the sum on METRICS_BIND
(kmlaas/gunicorn.conf.py); `make run` points the task worker at the same
directory. A worker on its own (a container) serves its own METRICS_BIND
(kmlaas/management/commands/run_worker.py). Labels are bounded: a view is
its URL name, never the raw path.
"""

import logging
import os
import re
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

# Few buckets keep the series per view small; a page slower than 10 s is
# counted in +Inf, and the request timeout is 60 s anyway.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
TASK_BUCKETS = (0.1, 0.5, 1, 5, 15, 60, 300, 1800)

HTTP_REQUESTS = Counter(
    "kmlaas_http_requests",
    "Requests answered, by view, method and status class",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "kmlaas_http_request_duration_seconds",
    "Time to produce the response (streamed files: until the first byte)",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
DB_QUERIES = Counter("kmlaas_db_queries", "SQL queries run by requests, by view", ["view"])
DB_SECONDS = Counter("kmlaas_db_query_seconds", "Time spent in SQL queries by requests, by view", ["view"])
CACHE_HITS = Counter("kmlaas_cache_hits", "Cache reads that found the key", ["cache"])
CACHE_MISSES = Counter("kmlaas_cache_misses", "Cache reads that did not find the key", ["cache"])
TASK_RUNS = Counter("kmlaas_task_runs", "Background tasks run, by task and outcome", ["task", "status"])
TASK_DURATION = Histogram(
    "kmlaas_task_duration_seconds", "Time a background task ran", ["task"], buckets=TASK_BUCKETS
)
EMAILS_SENT = Counter("kmlaas_emails_sent", "E-mails the mail server accepted", ["mailer"])
EMAILS_FAILED = Counter("kmlaas_emails_failed", "E-mails that could not be handed over", ["mailer"])

_METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))
_STATUS_CLASSES = {n: f"{n}xx" for n in range(1, 6)}


def method_label(method):
    # Clients may send any word as a method.
    return method if method in _METHODS else "other"


def status_label(status_code):
    return _STATUS_CLASSES.get(status_code // 100, "other")


class TaskQueueCollector:
    """The task table as gauges, read at scrape time: rows per status, and
    how long the oldest task due to run has waited. Every process that
    serves metrics reports it (alert on max over them); the worker may be
    the thing that is down."""

    def collect(self):
        from django.db import DatabaseError, connection
        from django.db.models import Count, Min
        from django.tasks import TaskResultStatus
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        try:
            counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("*")).order_by())
            oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
        except DatabaseError as error:
            logger.warning("metrics: could not read the task table (%s)", str(error).strip())
            return []
        finally:
            # This runs in the metrics server's thread, in gunicorn's master
            # too: no connection may be left open to be copied into a fork.
            if not connection.in_atomic_block:
                connection.close()
        rows = GaugeMetricFamily(
            "kmlaas_tasks", "Background tasks in the table, by status", labels=["status"]
        )
        for status in TaskResultStatus.values:
            rows.add_metric([status], counts.get(status, 0))
        waiting = GaugeMetricFamily(
            "kmlaas_tasks_oldest_waiting_seconds",
            "Age of the oldest task due to run and not yet taken (0: none)",
        )
        waiting.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0)
        return [rows, waiting]


def scrape_registry():
    """What a scrape returns: this process's metrics, or in multiprocess
    mode every process's summed from the directory, plus the task gauges."""
    registry = CollectorRegistry()
    if multiprocess_dir():
        MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(TaskQueueCollector())
    return registry


def multiprocess_dir():
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


def parse_bind(bind):
    """'127.0.0.1:9100' or '[::]:9100' → (address, port)."""
    match = re.fullmatch(r"\[?([^\[\]]*)\]?:(\d{1,5})", bind.strip())
    if not match:
        raise ValueError(
            f"METRICS_BIND={bind!r}: use address:port, e.g. 127.0.0.1:9100 (empty turns it off)."
        )
    return match[1] or "0.0.0.0", int(match[2])  # noqa: S104 - an explicit ':9100' means every address


def serve(bind):
    """Start the metrics HTTP server in a daemon thread; an empty bind turns
    it off. A port already taken is logged, not fatal: the portal serves on."""
    if not bind:
        return None
    address, port = parse_bind(bind)
    try:
        server, _thread = start_http_server(port, address, registry=scrape_registry())
    except OSError as error:
        logger.error("metrics: cannot listen on %s (%s); no metrics are served", bind, error)
        return None
    logger.info("metrics: serving on http://%s/metrics", bind)
    return server


def remove_stale_files(directory):
    """Delete the sample files of processes that are gone (and this one's,
    whose pid a restarted container reuses), so that a new start begins
    from zero; files of live processes (make run's task worker beside
    gunicorn) stay. Returns the directory, created if missing."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for file in path.glob("*.db"):
        pid = file.stem.rpartition("_")[2]
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            file.unlink(missing_ok=True)
    return path


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
