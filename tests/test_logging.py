"""What an operator reads on stdout: one JSON line per request and per task,
with the request id that the visitor sees on an error page, and nothing
personal beyond the member's id."""

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.tasks import task
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kmlaas.management.commands.run_worker import ReconnectingWorker
from tests.databases import database_unreachable

pytestmark = pytest.mark.django_db

NEW_ID = re.compile(r"[0-9a-f]{32}")


@task()
def chatty(value):
    logging.getLogger("tests.chatty").warning("working on %s", value)
    return value


@task()
def broken():
    raise RuntimeError("no")


@pytest.fixture
def log_lines():
    """Records as the configured stdout handler writes them (same formatter
    and filters), parsed; the function returns those of one logger."""
    (console,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logging.getLogger().addHandler(handler)

    def lines(logger=None):
        parsed = [json.loads(line) for line in buffer.getvalue().splitlines()]
        return [line for line in parsed if logger is None or line["logger"] == logger]

    lines.raw = buffer.getvalue
    yield lines
    logging.getLogger().removeHandler(handler)


def test_each_request_writes_one_json_line_without_query_or_address(client, member, log_lines):
    client.force_login(member)
    response = client.get(
        reverse("news:index") + "?q=somchai@example.com",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Secret/1.0",
    )
    (line,) = log_lines("kmlaas.request")
    assert line["level"] == "INFO"
    assert line["time"].startswith("20")
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == member.pk
    assert line["view"] == "news:index"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/news/", 200)
    assert line["duration_ms"] > 0
    raw = log_lines.raw()
    for personal in ("somchai", "q=", "203.0.113.9", "Secret/1.0", client.cookies["sessionid"].value):
        assert personal not in raw


def test_a_visitor_is_anonymous(client, log_lines):
    client.get(reverse("news:index"))
    (line,) = log_lines("kmlaas.request")
    assert line["user_id"] == "anonymous"


def test_a_well_formed_request_id_from_the_proxy_is_kept(client, log_lines):
    response = client.get(reverse("news:index"), HTTP_X_REQUEST_ID="proxy-1a2b.3c_4")
    assert response["X-Request-ID"] == "proxy-1a2b.3c_4"
    assert log_lines("kmlaas.request")[0]["request_id"] == "proxy-1a2b.3c_4"


@pytest.mark.parametrize(
    "hostile", ["abc\ndef", "x" * 1000, "รหัส-123", "a b", "", "<script>", "abc\r\nSet-Cookie: x=1"]
)
def test_a_hostile_request_id_is_replaced_by_a_new_one(client, log_lines, hostile):
    response = client.get(reverse("news:index"), HTTP_X_REQUEST_ID=hostile)
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    assert log_lines("kmlaas.request")[0]["request_id"] == response["X-Request-ID"]


def test_the_500_page_shows_the_request_id_that_every_line_of_the_request_carries(monkeypatch, log_lines):
    monkeypatch.setattr("news.views.render", lambda *args, **kwargs: 1 / 0)
    response = Client(raise_request_exception=False).get(reverse("news:index"), HTTP_X_REQUEST_ID="ticket-42")
    assert response.status_code == 500
    page = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in page
    assert "รหัสอ้างอิง" in page and "<code>ticket-42</code>" in page
    error, request = log_lines("django.request"), log_lines("kmlaas.request")
    assert error[0]["level"] == "ERROR" and "ZeroDivisionError" in error[0]["exc_info"]
    assert error[0]["request_id"] == request[0]["request_id"] == "ticket-42"
    assert request[0]["status"] == 500


def test_the_503_page_shows_the_request_id_too(log_lines):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get(reverse("news:index"))
    assert response.status_code == 503
    request_id = response["X-Request-ID"]
    assert f"<code>{request_id}</code>" in response.content.decode()
    assert log_lines("kmlaas.request")[0]["request_id"] == request_id


def test_a_404_is_one_line_not_two(client, log_lines):
    client.get("/no-such-page/")
    assert [line["logger"] for line in log_lines()] == ["kmlaas.request"]


def run_in_worker(result):
    worker = ReconnectingWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        batch=True,
        interval=0,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    )
    worker.run_task(DBTaskResult.objects.get(pk=result.id))


def test_a_task_run_writes_its_line_and_its_lines_carry_the_task_id(log_lines):
    result = chatty.enqueue("งาน")
    run_in_worker(result)
    inside, line = log_lines("tests.chatty")[0], log_lines("kmlaas.task")[0]
    assert line["task"] == "tests.test_logging.chatty"
    assert line["task_id"] == str(result.id) == inside["request_id"] == line["request_id"]
    assert line["status"] == "SUCCESSFUL"
    assert line["duration_ms"] >= 0


def test_a_failed_task_is_logged_as_failed(log_lines):
    run_in_worker(broken.enqueue())
    assert log_lines("kmlaas.task")[0]["status"] == "FAILED"


def run_settings(code, **env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kmlaas.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_log_format_plain_is_for_people_at_a_terminal():
    result = run_settings("import logging; logging.getLogger('kmlaas.x').warning('สวัสดี')", LOG_FORMAT="plain")
    assert result.returncode == 0, result.stderr
    assert re.search(r"WARNING kmlaas\.x \[-\] สวัสดี$", result.stdout.strip())


def test_an_unknown_log_format_stops_the_start():
    result = run_settings("", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml': use json or plain." in result.stderr
