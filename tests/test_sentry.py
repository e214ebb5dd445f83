"""Error reports (kmlaas/sentry.py): with SENTRY_DSN an error goes to a
Sentry-compatible endpoint — here a fake one on 127.0.0.1 — tagged with
the request id, and without anything personal; without a DSN nothing goes."""

import gzip
import json
import os
import subprocess
import sys
import threading
import wsgiref.util
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

import kmlaas
from kmlaas import sentry
from kmlaas.wsgi import application
from tests.ports import free_port

pytestmark = pytest.mark.django_db


class ReportedError(Exception):
    pass


class FakeSentry(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.received.append(body.decode())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake_sentry():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), FakeSentry)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def received(fake_sentry):
    fake_sentry.received.clear()

    def events():
        """The error events sent so far (envelope items of type "event")."""
        sentry_sdk.flush(timeout=5)
        found = []
        for envelope in fake_sentry.received:
            lines = envelope.splitlines()
            for header, payload in zip(lines[1::2], lines[2::2], strict=False):
                if json.loads(header).get("type") == "event":
                    found.append(payload)
        return found

    events.raw = lambda: "\n".join(fake_sentry.received)
    return events


@pytest.fixture
def reporting(fake_sentry):
    sentry.init(
        f"http://public@127.0.0.1:{fake_sentry.server_port}/1", environment="test", traces_sample_rate=0
    )
    yield
    sentry_sdk.flush(timeout=5)
    sentry_sdk.get_global_scope().set_client(None)  # off again for the rest of the suite


def fail_on_news_index(monkeypatch):
    def render(*args, **kwargs):
        raise ReportedError("the news page broke")

    monkeypatch.setattr("news.views.render", render)


def through_wsgi(path, query="", **headers):
    """A request through the WSGI application gunicorn runs, where Sentry's
    Django integration attaches the request to the report (the test client
    skips that layer)."""
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "testserver", **headers}
    wsgiref.util.setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    # As the test client does: the request must not close the test's
    # connection (it is inside the test's transaction).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        answer["body"] = b"".join(body).decode()
        body.close()
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)
    return answer


def test_an_error_is_reported_once_with_its_request_id_and_nothing_personal(
    reporting, received, monkeypatch, member
):
    fail_on_news_index(monkeypatch)
    browser = Client()
    browser.force_login(member)
    session = browser.cookies["sessionid"].value
    response = through_wsgi(
        reverse("news:index"),
        "q=secret-search",
        HTTP_COOKIE=f"sessionid={session}",
        HTTP_X_REQUEST_ID="ticket-77",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_REFERER="https://km.example.go.th/search/?q=secret-referer",
    )
    assert response["status"] == 500
    assert "<code>ticket-77</code>" in response["body"]

    (event,) = received()
    report = json.loads(event)
    assert report["exception"]["values"][-1]["type"] == "ReportedError"
    assert report["tags"]["request_id"] == "ticket-77"
    assert report["environment"] == "test"
    assert report["release"] == f"kmlaas@{kmlaas.version()}"
    assert report["request"]["url"].endswith("/news/")  # what failed is there; who asked is not
    raw = received.raw()
    for personal in (
        member.email,
        "somchai",
        "203.0.113.9",
        "198.51.100.7",
        session,
        "secret-search",
        "secret-referer",
    ):
        assert personal not in raw, personal


def test_without_a_dsn_nothing_is_sent(received, monkeypatch):
    assert not sentry_sdk.get_client().is_active()
    fail_on_news_index(monkeypatch)
    assert Client(raise_request_exception=False).get(reverse("news:index")).status_code == 500
    assert received() == []
    assert received.raw() == ""


def run_settings(code, *, without_sentry=False, **env):
    # A None in sys.modules fails the import, as when the extra is not installed.
    hide = "import sys; sys.modules['sentry_sdk'] = None\n" if without_sentry else ""
    return subprocess.run(
        [sys.executable, "-c", hide + "import django; django.setup()\n" + code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kmlaas.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_environment_turns_it_on_and_sets_it_up():
    result = run_settings(
        "import sentry_sdk; o = sentry_sdk.get_client().options\n"
        "print(o['environment'], o['traces_sample_rate'], o['send_default_pii'], o['release'])",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_TRACES_SAMPLE_RATE="0.25",
    )
    assert result.returncode == 0, result.stderr
    # send_default_pii: None is the SDK's "off" (passing False is deprecated in 2.75).
    assert result.stdout.split() == ["staging", "0.25", "None", f"kmlaas@{kmlaas.version()}"]


def test_it_is_off_by_default():
    result = run_settings("import sentry_sdk; print(sentry_sdk.get_client().is_active())", SENTRY_DSN="")
    assert result.stdout.strip() == "False", result.stderr


def test_a_dsn_without_sentry_sdk_installed_stops_the_start():
    result = run_settings("", without_sentry=True, SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert result.returncode != 0
    assert "SENTRY_DSN is set but sentry-sdk is not installed" in result.stderr
