"""The background worker (`manage.py run_worker`) keeps processing tasks
after its database connection is cut and the database refuses connections
for a while, as when PostgreSQL restarts."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from tests.databases import database_url

BASE_DIR = Path(__file__).resolve().parent.parent
APPLICATION_NAME = "kmlaas_test_worker"


@task()
def echo(value):
    return value


def _wait_until_done(result, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = DBTaskResult.objects.get(pk=result.id)
        if row.status not in ("READY", "RUNNING"):
            return row
        time.sleep(0.2)
    pytest.fail(f"task {result.id} still {row.status} after {seconds} s")


def _restart_the_database_under_the_worker(seconds=2.5):
    """What a PostgreSQL restart looks like to the worker: its connection is
    cut, then new connections are refused for a while."""
    # PostgreSQL refuses to lock out the database a session is connected to,
    # so this runs from the server's maintenance database.
    params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with psycopg.connect(**params) as admin:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        try:
            terminated = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                [APPLICATION_NAME],
            ).fetchall()
            time.sleep(seconds)  # the worker polls meanwhile and cannot reconnect
        finally:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    return len(terminated)


@pytest.fixture
def worker(tmp_path):
    log = tmp_path / "worker.log"
    # No metrics server: it would take the default port, 9100.
    env = {
        **os.environ,
        "DATABASE_URL": database_url(application_name=APPLICATION_NAME),
        "DEBUG": "false",
        "METRICS_BIND": "",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_the_worker_processes_tasks_after_a_database_restart(worker):
    first = _wait_until_done(echo.enqueue("before"))
    assert first.status == "SUCCESSFUL"
    assert first.return_value == "before"

    assert _restart_the_database_under_the_worker() >= 1

    second = _wait_until_done(echo.enqueue("after"))
    assert second.status == "SUCCESSFUL", worker.log.read_text()
    assert second.return_value == "after"
    assert worker.poll() is None, worker.log.read_text()
    assert "database connection lost" in worker.log.read_text()


@pytest.mark.django_db(transaction=True)
def test_the_worker_stops_cleanly_on_sigterm(worker):
    _wait_until_done(echo.enqueue("ready"))
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=15) == 0


@pytest.mark.django_db(transaction=True)  # the worker checks its connection is in autocommit
def test_a_task_left_running_by_a_killed_worker_runs_again_when_it_is_replaced():
    from django.core.management import call_command

    abandoned = echo.enqueue("again")
    busy = echo.enqueue("elsewhere")
    DBTaskResult.objects.filter(pk=abandoned.id).update(status="RUNNING", worker_ids=["host-a"])
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", worker_ids=["host-b"])

    call_command("run_worker", "--batch", "--worker-id", "host-a", verbosity=0)

    assert DBTaskResult.objects.get(pk=abandoned.id).status == "SUCCESSFUL"
    # Another host's worker may still be running its task: left alone.
    assert DBTaskResult.objects.get(pk=busy.id).status == "RUNNING"
