"""`make run` (kmlaas/serve.py) keeps the task worker running while gunicorn
serves, and on SIGTERM or SIGINT lets the work in hand finish, then stops
its children and the embedded database it started; gunicorn's master serves
the metrics of every process on METRICS_BIND."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

import psutil
import psycopg
import pytest
from django.db import connection
from django.tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from kmlaas import serve
from tests.databases import database_url
from tests.ports import free_port

BASE_DIR = Path(__file__).resolve().parent.parent


def sleeper(seconds):
    return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_a_worker_that_exits_is_restarted_while_gunicorn_runs(monkeypatch, capsys):
    crashed = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    replacements = []

    def start_worker():
        replacements.append(sleeper(60))
        return replacements[-1]

    monkeypatch.setattr(serve, "start_worker", start_worker)
    children = {"gunicorn": sleeper(3), "task worker": crashed}
    try:
        serve.supervise(children)  # returns when "gunicorn" exits
        assert len(replacements) == 1
        assert children["task worker"] is replacements[0]
        assert children["task worker"].poll() is None
        assert "task worker exited with status 3; restarting in 1 s" in capsys.readouterr().err
    finally:
        for process in replacements:
            process.kill()
            process.wait()


def test_make_run_prepares_the_metrics_folder_every_process_writes_to(monkeypatch, tmp_path):
    monkeypatch.setattr(serve, "LOCAL_DIR", tmp_path / ".local")
    for name in ("PROMETHEUS_MULTIPROC_DIR", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS"):
        monkeypatch.setenv(name, "")  # so that what local_environment sets is undone afterwards
        monkeypatch.delenv(name)

    serve.local_environment()

    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / ".local" / "metrics")
    assert (tmp_path / ".local" / "metrics").is_dir()


def test_stop_sends_sigterm_then_kills_a_child_that_ignores_it():
    polite = sleeper(60)
    serve.stop(polite, "polite")
    assert polite.returncode == -signal.SIGTERM

    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    stubborn.stdout.readline()  # its handler is in place
    started = time.monotonic()
    serve.stop(stubborn, "stubborn", timeout=1)
    assert stubborn.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10


@pytest.fixture
def start_serve(tmp_path):
    """Starts `make run` without its preparation (`--no-prepare`) on a free
    port with one gunicorn worker and returns it once /healthz answers;
    whatever a failed test left running is killed afterwards."""
    started = []

    def start(**env):
        port = free_port()
        env = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "METRICS_BIND": "", **env}
        env = {name: value for name, value in env.items() if value is not None}
        process = subprocess.Popen(
            [sys.executable, "-m", "kmlaas.serve", "--no-prepare"],
            cwd=BASE_DIR,
            env=env,
            stdout=(tmp_path / "serve.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        process.url, process.log = f"http://127.0.0.1:{port}", tmp_path / "serve.log"
        started.append((process, psutil.Process(process.pid)))
        _wait_for(f"{process.url}/healthz", process, process.log, seconds=90)
        started[-1] = (process, *psutil.Process(process.pid).children(recursive=True))
        return process

    yield start
    for process, *children in started:
        for leftover in [*children, process]:
            with suppress(psutil.NoSuchProcess, ProcessLookupError):
                leftover.kill()


def _alive(processes):
    return [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_lets_the_request_in_hand_finish_then_stops_everything(signum, start_serve):
    process = start_serve(DATABASE_URL=database_url())
    children = psutil.Process(process.pid).children(recursive=True)
    assert len(children) >= 3, process.log.read_text()  # gunicorn's master and worker, the task worker
    answers = []
    params = {**connection.get_connection_params(), "autocommit": False}
    with psycopg.connect(**params) as holder:
        # The home page's news query waits for this lock: a request in hand.
        holder.execute("LOCK TABLE news_newsitem IN ACCESS EXCLUSIVE MODE")
        visitor = threading.Thread(target=lambda: answers.append(_get(process.url)))
        visitor.start()
        time.sleep(1.5)
        assert visitor.is_alive()

        process.send_signal(signum)
        time.sleep(1)
        holder.rollback()  # the request goes on

    visitor.join(timeout=30)
    assert answers and answers[0][0] == 200
    assert process.wait(timeout=60) == 0, process.log.read_text()
    assert _alive(children) == []
    assert "stopping…" in process.log.read_text()


def test_a_stop_signal_also_stops_the_embedded_database_it_started(start_serve):
    # Not under pytest's tmp_path: its folders are private to this user, and
    # PostgreSQL runs as a user of its own when the tests run as root.
    data = Path(tempfile.mkdtemp(prefix="kmlaas-pgdata-")) / "pgdata"
    data.parent.chmod(0o755)
    try:
        process = start_serve(DATABASE_URL=None, EMBEDDED_PGDATA=str(data))
        postmaster = psutil.Process(int((data / "postmaster.pid").read_text().split()[0]))

        process.send_signal(signal.SIGTERM)

        assert process.wait(timeout=60) == 0, process.log.read_text()
        assert "embedded PostgreSQL stopped" in process.log.read_text()
        assert not (data / "postmaster.pid").exists()
        assert _alive([postmaster]) == []
    finally:
        if (data / "postmaster.pid").exists():  # the test failed: leave no server behind
            subprocess.run(
                [sys.executable, "-m", "kmlaas.embedded_db", "stop"],
                cwd=BASE_DIR,
                env={**os.environ, "EMBEDDED_PGDATA": str(data)},
                check=False,
            )
        shutil.rmtree(data.parent, ignore_errors=True)


# --- metrics under gunicorn, started the way `make run` starts it ------------


@task()
def echo(value):
    return value


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        with suppress(OSError):
            if _get(url)[0] == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds} s:\n{log.read_text()}")


def _workers_of(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _requests_counted(metrics_url, view):
    text = _get(metrics_url)[1]
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "kmlaas_http_requests_total" and sample.labels["view"] == view:
                return sample.value, text
    return 0, text


@pytest.mark.django_db(transaction=True)  # gunicorn and the task worker see what the test writes
def test_gunicorn_serves_every_process_metrics_on_metrics_bind_only(tmp_path):
    port, metrics_port = free_port(), None
    with socket.socket() as held:  # keep the first port while choosing the second
        held.bind(("127.0.0.1", port))
        metrics_port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "WEB_CONCURRENCY": "2",
        "METRICS_BIND": f"127.0.0.1:{metrics_port}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),  # as make run sets it
        "LOG_FORMAT": "json",
    }
    log = tmp_path / "out.log"
    with log.open("w") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kmlaas.wsgi", "-c", "kmlaas/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}"],
            cwd=serve.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
            cwd=serve.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    site, metrics_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}/metrics"
    try:
        _wait_for(f"{site}/healthz", gunicorn, log)
        for _ in range(10):
            assert _get(f"{site}/robots.txt")[0] == 200
        # Every worker is replaced: what the first ones counted must stay in the sum.
        first = _workers_of(gunicorn.pid)
        for pid in first:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while set(_workers_of(gunicorn.pid)) & set(first) or len(_workers_of(gunicorn.pid)) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        _wait_for(f"{site}/healthz", gunicorn, log)
        for _ in range(10):
            assert _get(f"{site}/robots.txt")[0] == 200

        result = echo.enqueue("metrics")
        deadline = time.monotonic() + 30
        while DBTaskResult.objects.get(pk=result.id).status != "SUCCESSFUL":
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)

        count, text = _requests_counted(metrics_url, "kmlaas.views.robots_txt")
        assert count == 20
        assert 'kmlaas_task_runs_total{status="SUCCESSFUL",task="tests.test_serve.echo"} 1.0' in text
        assert 'kmlaas_tasks{status="SUCCESSFUL"} 1.0' in text
        assert _get(f"{site}/metrics")[0] == 404
    finally:
        serve.stop(worker, "task worker", timeout=15)
        serve.stop(gunicorn, "gunicorn", timeout=25)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "kmlaas.request"]
    # /healthz is answered before the log line is written; /metrics was a 404.
    assert [line["view"] for line in requests] == ["kmlaas.views.robots_txt"] * 20 + ["unmatched"]
    assert any(line["logger"] == "gunicorn.error" for line in lines), "gunicorn's own lines are JSON too"
    assert not [line for line in log.read_text().splitlines() if '"GET /robots.txt HTTP' in line]
