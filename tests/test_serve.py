"""`make run` (kmlaas/serve.py) keeps the task worker running while gunicorn
serves, and stops its children in order."""

import signal
import subprocess
import sys
import time

from kmlaas import serve


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
