"""`make run`: prepare the database and demo content, then serve the portal
with gunicorn on http://127.0.0.1:8000 and run the task worker (restarted
if it exits) until Ctrl-C or SIGTERM.

    python -m kmlaas.serve            # prepare and serve
    python -m kmlaas.serve --no-prepare      # serve a database that is ready (migrated, with content)
    python -m kmlaas.serve --prepare-static  # collect static files only (make test, make e2e)
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"


def local_environment():
    """Settings for a local HTTP run: a secret key kept in .local/ (so sessions
    survive restarts), plain HTTP, and localhost as the only host."""
    LOCAL_DIR.mkdir(exist_ok=True)
    key_file = LOCAL_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ.setdefault("SECRET_KEY", key_file.read_text().strip())
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmlaas.settings")
    # gunicorn's workers and the task worker write their metrics here, and
    # gunicorn's master serves them all on METRICS_BIND (kmlaas/gunicorn.conf.py).
    # Every process of make run (migrate and load_demo too) writes there, so
    # it must exist before the first one starts.
    metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(LOCAL_DIR / "metrics")))
    metrics_dir.mkdir(parents=True, exist_ok=True)


def manage(*args):
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def prepare():
    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo")
    manage("ensure_admin")


def start(*command):
    """A child in its own process group: Ctrl-C in the terminal reaches only
    serve.py, which then stops each child in order."""
    return subprocess.Popen([sys.executable, *command], cwd=BASE_DIR, process_group=0)


def start_worker():
    # Background tasks (webboard e-mails) run in their own process so a slow
    # mail server never holds up a web request.
    return start(str(BASE_DIR / "manage.py"), "run_worker")


def stop(process, name, timeout=30):
    """SIGTERM (gunicorn finishes the requests in hand, the worker its task),
    then SIGKILL if it takes too long."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop within {timeout} s; killing it", file=sys.stderr)
        process.kill()
        process.wait()


def supervise(children):
    """Wait while gunicorn runs, restarting the task worker whenever it exits
    (1 s back-off, doubling while it keeps failing)."""
    delay, started = 1, time.monotonic()
    while children["gunicorn"].poll() is None:
        worker = children["task worker"]
        if worker.poll() is not None:
            if time.monotonic() - started > 60:
                delay = 1  # it had been running fine: not a crash loop
            print(
                f"task worker exited with status {worker.returncode}; restarting in {delay} s",
                file=sys.stderr,
            )
            time.sleep(delay)
            delay = min(delay * 2, 60)
            children["task worker"], started = start_worker(), time.monotonic()
        time.sleep(0.5)


def serve(prepared):
    from kmlaas import embedded_db

    # SIGTERM (kill, systemd, a container runtime) stops everything like
    # Ctrl-C, also while the database is still being prepared. SIGINT is set
    # too: a shell starts background jobs with it ignored, and Python then
    # leaves it so.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started_db = not os.environ.get("DATABASE_URL") and not embedded_db.is_running()
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    gunicorn_conf = str(BASE_DIR / "kmlaas" / "gunicorn.conf.py")
    children = {}  # stopped in this order: the web first, so no new work starts
    try:
        if started_db:
            embedded_db.start()
        if not prepared:
            prepare()
        print(f"\nKM e-LAAS is running at http://{bind}/  (admin: http://{bind}/admin/)  — Ctrl-C stops it.")
        if metrics_bind := os.environ.get("METRICS_BIND", "127.0.0.1:9100").strip():
            print(f"Metrics for Prometheus: http://{metrics_bind}/metrics")
        print()
        children["gunicorn"] = start("-m", "gunicorn", "kmlaas.wsgi", "-c", gunicorn_conf, "--bind", bind)
        children["task worker"] = start_worker()
        supervise(children)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not leave the children or the database
        # running; each stop is bounded by its timeout instead.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("stopping…", file=sys.stderr)
        for name, process in children.items():
            stop(process, name)
        if started_db:
            embedded_db.stop()
            print("embedded PostgreSQL stopped")


def main():
    local_environment()
    if "--prepare-static" in sys.argv[1:]:
        # Tests render pages through the same manifest static storage as
        # production, so the manifest must exist.
        manage("collectstatic", "--noinput", "--verbosity", "0")
    else:
        serve(prepared="--no-prepare" in sys.argv[1:])


if __name__ == "__main__":
    main()
