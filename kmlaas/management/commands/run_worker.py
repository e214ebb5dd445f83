"""`manage.py run_worker`: django_tasks_db's db_worker that outlives a
database restart.

Django's connection health check (CONN_HEALTH_CHECKS) replaces a connection
that died while the worker slept, but while PostgreSQL is restarting the
reconnection itself fails ("connection refused", "the database system is
starting up"), and a connection can also die in the middle of a query.
db_worker tolerates only SQLite's "database is locked" and re-raises every
other OperationalError, so the process exits with a traceback and no
e-mail is sent until someone restarts it. Here the worker drops its
connections, waits (1 s, doubling up to 30 s) and goes back to polling;
the options are db_worker's own.

A worker killed outright (out of memory, SIGKILL, a power cut) leaves its
task marked RUNNING for ever. Its id here is the host's name, not a random
one, so the worker that takes its place on the same host (make run's
supervisor, the container's restart) puts that task back in the queue. Run
one worker per host, or give each its own --worker-id.

Each task run writes one log line (task, id, outcome, duration; every line
written during the task carries its id as request_id) and is counted in the
metrics: into gunicorn's directory when PROMETHEUS_MULTIPROC_DIR names one
(make run), else served on this process's own METRICS_BIND (a container).
"""

import logging
import os
import socket
import time
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.tasks import TaskResultStatus
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from kmlaas import logs, metrics

logger = logging.getLogger("django_tasks_db")
task_logger = logging.getLogger("kmlaas.task")

# Seconds between reconnection attempts: doubles while the database stays
# down, so a long outage logs a line every half minute, not every second.
FIRST_DELAY = 1
MAX_DELAY = 30


class ReconnectingWorker(db_worker.Worker):
    def run(self):
        delay = FIRST_DELAY
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                logger.warning("database connection lost (%s); retrying in %s s", str(error).strip(), delay)
            # The exception left the atomic block, so the broken connection
            # can be closed; the next query opens a fresh one.
            for connection in connections.all(initialized_only=True):
                with suppress(DatabaseError):
                    connection.close()
            time.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)

    def run_task(self, db_task_result):
        token = logs.request_id.set(str(db_task_result.id))
        started = time.perf_counter()
        try:
            super().run_task(db_task_result)
        finally:
            elapsed = time.perf_counter() - started
            task, status = db_task_result.task_path, db_task_result.status
            metrics.TASK_RUNS.labels(task, status).inc()
            metrics.TASK_DURATION.labels(task).observe(elapsed)
            duration_ms = round(elapsed * 1000, 1)
            task_logger.info(
                "task %s %s %sms",
                task,
                status,
                duration_ms,
                extra={
                    "task": task,
                    "task_id": str(db_task_result.id),
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            logs.request_id.reset(token)


def requeue_abandoned(worker_id):
    """Put back in the queue the tasks this worker id was running when its
    process died; returns how many."""
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, worker_ids__contains=[worker_id])
    count = abandoned.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("%s task(s) left running by a previous worker %s queued again", count, worker_id)
    return count


class Command(db_worker.Command):
    help = "Run the background task worker (db_worker that reconnects after a database restart)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=socket.gethostname()[:64] or "worker")

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        requeue_abandoned(options["worker_id"])
        if not batch and not metrics.multiprocess_dir():
            metrics.serve(settings.METRICS_BIND)
        worker = ReconnectingWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            # Only the reloader's child process runs tasks and handles signals.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
