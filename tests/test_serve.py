"""`make run` (kmlaas/serve.py) keeps the task worker running while gunicorn
serves, and on SIGTERM or SIGINT lets the work in hand finish, then stops
its children and the embedded database it started."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
import pytest
from django.db import connection

from kmlaas import serve

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


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env, log_path):
    """`make run` without its preparation, on a free port with one gunicorn
    worker; returns the process once /healthz answers."""
    port = _free_port()
    env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "METRICS_BIND": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "kmlaas.serve", "--no-prepare"],
        cwd=BASE_DIR,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    process.url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with suppress(OSError):
            if urllib.request.urlopen(f"{process.url}/healthz", timeout=2).status == 200:  # noqa: S310
                return process
        assert process.poll() is None, log_path.read_text()
        time.sleep(0.3)
    process.kill()
    pytest.fail(f"make run did not answer within 90 s:\n{log_path.read_text()}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_lets_the_request_in_hand_finish_then_stops_everything(signum, tmp_path):
    log = tmp_path / "serve.log"
    process = _serve({**os.environ, "DATABASE_URL": _test_database_url()}, log)
    children = psutil.Process(process.pid).children(recursive=True)
    assert len(children) >= 3, log.read_text()  # gunicorn's master and worker, the task worker
    answers = []
    params = {**connection.get_connection_params(), "autocommit": False}
    with psycopg.connect(**params) as holder:
        # The home page's news query waits for this lock: a request in hand.
        holder.execute("LOCK TABLE news_newsitem IN ACCESS EXCLUSIVE MODE")
        visitor = threading.Thread(
            target=lambda: answers.append(urllib.request.urlopen(process.url, timeout=60))  # noqa: S310
        )
        visitor.start()
        time.sleep(1.5)
        assert visitor.is_alive()

        process.send_signal(signum)
        time.sleep(1)
        holder.rollback()  # the request goes on

    visitor.join(timeout=30)
    assert answers and answers[0].status == 200
    assert process.wait(timeout=60) == 0, log.read_text()
    assert [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
    assert "stopping…" in log.read_text()


def test_a_stop_signal_also_stops_the_embedded_database_it_started(tmp_path):
    data = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    log = tmp_path / "serve.log"
    process = _serve({**env, "EMBEDDED_PGDATA": str(data)}, log)
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    assert psutil.pid_exists(postmaster)

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=60) == 0, log.read_text()
    assert "embedded PostgreSQL stopped" in log.read_text()
    assert not (data / "postmaster.pid").exists()
    assert not psutil.pid_exists(postmaster) or psutil.Process(postmaster).status() == psutil.STATUS_ZOMBIE


def _test_database_url():
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{quote(db['USER'] or '')}@{host}{port}/{db['NAME']}"
