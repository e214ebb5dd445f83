"""A real gunicorn serving the pytest-django test database, and one Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import dj_database_url
import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

# Playwright's sync API keeps an event loop running in the test thread, and
# Django refuses database work there (pytest-django's per-test transaction
# included). Nothing here is async code, so the guard is turned off for the
# browser check only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = settings.BASE_DIR / "artifacts"
STARTUP_SECONDS = 30


def database_url(db):
    """The test database as a DATABASE_URL the gunicorn process can read."""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    # A Unix socket directory goes in the host part, percent-encoded.
    host = quote(db.get("HOST") or "localhost", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    query = f"?{urlencode(db['OPTIONS'])}" if db.get("OPTIONS") else ""
    url = f"postgres://{quote(db['USER'] or '', safe='')}{password}@{host}{port}/{quote(db['NAME'], safe='')}{query}"
    parsed = dj_database_url.parse(url)
    wanted = (db["NAME"], db.get("HOST") or "localhost", str(db.get("PORT") or ""))
    got = (parsed["NAME"], parsed["HOST"], str(parsed["PORT"] or ""))
    assert got == wanted, f"DATABASE_URL {url!r} parses to {got}, expected {wanted}"
    return url


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url, process, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):  # refused, reset or timed out: not up yet
            pass
        time.sleep(0.2)
    pytest.fail(
        f"{url}/healthz did not answer 200 within {STARTUP_SECONDS}s:\n{log.read_text()}", pytrace=False
    )


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """Base URL of gunicorn serving the test database with the demo content."""
    if not (settings.BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        pytest.fail(
            "No static manifest: run `manage.py collectstatic --noinput` (make e2e does).", pytrace=False
        )
    with django_db_blocker.unblock():
        # This fills the database and flushes it afterwards: never the development one.
        assert "test" in connection.settings_dict["NAME"], "live_url must run on the test database"
        # Committed, not inside a test transaction, so gunicorn's own
        # connections see it.
        call_command("load_demo", verbosity=0)
        db = connection.settings_dict

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kmlaas.settings",
        "DATABASE_URL": database_url(db),
        "SECRET_KEY": settings.SECRET_KEY,
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "METRICS_BIND": "",  # not the default port, which make run may hold
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "gunicorn.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "gunicorn", "kmlaas.wsgi", "-c", "kmlaas/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_healthy(url, process, log)
        yield url
    finally:
        # Before django_db_setup drops the database: gunicorn's pooled
        # connections would make DROP DATABASE fail.
        process.terminate()
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # Other tests in the same run expect an empty database and cache.
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            for alias in ("default", "fragments"):
                caches[alias].clear()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail("The browser check needs Chromium: apt-get install chromium (Debian).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        yield browser
        browser.close()
