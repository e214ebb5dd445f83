"""gunicorn settings for every deployment (make run and the Docker image)."""

import logging.config
import multiprocessing
import os
import shutil
import tempfile

# Each worker writes its metrics to files here; the master sums and serves
# them (kmlaas/metrics.py). prometheus_client reads the variable when first
# imported, so it is set before anything imports it, and inherited by the
# workers. Without one given, a private directory that lives as long as
# this server; make run gives one the task worker shares.
_own_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own_metrics_dir = tempfile.mkdtemp(prefix="kmlaas-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_dir

from kmlaas import logs, metrics  # noqa: E402 - after the variable above

# Where the master serves /metrics; never the public port. Empty: no metrics.
metrics_bind = os.environ.get("METRICS_BIND", "127.0.0.1:9100").strip()
if metrics_bind:
    metrics.parse_bind(metrics_bind)  # a typo stops the start, as in the settings

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Two workers per core plus one, capped: the portal is I/O-bound on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# No access log: the portal writes one line per request itself (request id,
# view, user id; no address, no query string).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# gunicorn's own lines (workers starting, timeouts) in the portal's format
# (LOG_FORMAT), so that stdout holds one format; applied in on_starting.
_logging = logs.logging_config(os.environ.get("LOG_FORMAT") or "json", loglevel.upper())
_logging["loggers"]["gunicorn.error"] = {"handlers": ["console"], "propagate": False}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket sits at one path per user, so two servers
# (make run beside make e2e, or two containers sharing a home) would fight
# over it; the portal does not use it.
control_socket_disable = True


def post_worker_init(worker):
    # The Thai word list takes a second or two to load; a new worker (one
    # starts every max_requests) loads it before taking requests, so that no
    # visitor's search waits for it.
    import gc

    from kmlaas.search.text import tokens

    tokens("ค้นหาเอกสาร")
    # The word list is millions of long-lived objects. Frozen, the garbage
    # collector no longer walks them: not in each full collection, and not at
    # exit, where the walk made a graceful stop take 10-15 s per worker.
    gc.freeze()


def on_starting(server):
    logging.config.dictConfig(_logging)
    # Counters start from zero: the files of processes that are gone (an
    # earlier run, a restarted container reusing their pids) are removed.
    metrics.remove_stale_files(os.environ["PROMETHEUS_MULTIPROC_DIR"])


def when_ready(server):
    # The task gauges read the database at scrape time, so the master sets
    # Django up (it opens no connection until a scrape, and closes it after).
    if metrics_bind:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmlaas.settings")
        django.setup()
        metrics.serve(metrics_bind)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)
