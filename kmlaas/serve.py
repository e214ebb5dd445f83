"""`make run`: prepare the database and demo content, then serve the portal
with gunicorn on http://127.0.0.1:8000 until Ctrl-C.

    python -m kmlaas.serve            # prepare and serve
    python -m kmlaas.serve --prepare-static  # collect static files only (make test, make e2e)
"""

import os
import secrets
import signal
import subprocess
import sys
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


def manage(*args):
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def prepare():
    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo")
    manage("ensure_admin")


def serve():
    from kmlaas import embedded_db

    started_db = not os.environ.get("DATABASE_URL") and not embedded_db.is_running()
    prepare()
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    print(f"\nKM e-LAAS is running at http://{bind}/  (admin: http://{bind}/admin/)  — Ctrl-C stops it.\n")
    # Background tasks (webboard e-mails) run in their own process so a slow
    # mail server never holds up a web request.
    worker = subprocess.Popen([sys.executable, str(BASE_DIR / "manage.py"), "db_worker"], cwd=BASE_DIR)
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kmlaas.wsgi",
            "-c",
            str(BASE_DIR / "kmlaas" / "gunicorn.conf.py"),
            "--bind",
            bind,
        ],
        cwd=BASE_DIR,
    )
    try:
        gunicorn.wait()
    except KeyboardInterrupt:
        # The terminal sent SIGINT to gunicorn as well; let it finish its
        # graceful shutdown before the database goes away.
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait()
    finally:
        # The worker finishes the task in hand on SIGTERM, then exits.
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
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
        serve()


if __name__ == "__main__":
    main()
