"""What Prometheus scrapes: requests, latency and SQL per view, cache hits
and misses per cache, the task queue and the e-mails sent — and that none
of it is on a public address. In the test process the registry is the
single-process one; tests/test_serve.py scrapes a real gunicorn."""

import shutil
import subprocess
import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.tasks import task
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from kmlaas import metrics
from tests.ports import free_port

pytestmark = pytest.mark.django_db


@task()
def echo(value):
    return value


def scrape():
    """The scrape's samples as {(name, sorted labels): value}."""
    text = generate_latest(metrics.scrape_registry()).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def grew(before, after, name, **labels):
    return value(after, name, **labels) - value(before, name, **labels)


def test_requests_are_counted_per_view_with_their_latency_and_queries(client):
    before = scrape()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("news:index")).status_code == 200
    query_count = len(queries)  # read now: the next request empties the query log
    assert client.get("/no-such-page/?q=x").status_code == 404
    after = scrape()

    assert (
        grew(before, after, "kmlaas_http_requests_total", view="news:index", method="GET", status="2xx") == 1
    )
    assert grew(before, after, "kmlaas_http_request_duration_seconds_count", view="news:index") == 1
    assert grew(before, after, "kmlaas_http_request_duration_seconds_sum", view="news:index") > 0
    assert grew(before, after, "kmlaas_db_queries_total", view="news:index") == query_count > 0
    assert grew(before, after, "kmlaas_db_query_seconds_total", view="news:index") > 0
    # A path that matches no URL is one label, whatever was asked for.
    assert (
        grew(before, after, "kmlaas_http_requests_total", view="unmatched", method="GET", status="4xx") == 1
    )
    assert "no-such-page" not in generate_latest(metrics.scrape_registry()).decode()


def test_an_unknown_method_is_one_label(client):
    before = scrape()
    client.generic("BREW", reverse("news:index"))
    after = scrape()
    assert (
        grew(before, after, "kmlaas_http_requests_total", view="news:index", method="other", status="4xx")
        == 1
    )


def test_server_errors_are_counted_as_5xx(monkeypatch):
    monkeypatch.setattr("news.views.render", lambda *args, **kwargs: 1 / 0)
    before = scrape()
    assert Client(raise_request_exception=False).get(reverse("news:index")).status_code == 500
    after = scrape()
    assert (
        grew(before, after, "kmlaas_http_requests_total", view="news:index", method="GET", status="5xx") == 1
    )


def test_database_caches_count_hits_and_misses_per_alias():
    before = scrape()
    fragments = caches["fragments"]
    assert fragments.get("metrics-test") is None
    fragments.set("metrics-test", 1)
    assert fragments.get("metrics-test") == 1
    assert fragments.get_many(["metrics-test", "metrics-absent"]) == {"metrics-test": 1}
    assert caches["default"].get("metrics-absent", "fallback") == "fallback"
    after = scrape()
    assert grew(before, after, "kmlaas_cache_hits_total", cache="fragments") == 2
    assert grew(before, after, "kmlaas_cache_misses_total", cache="fragments") == 2
    assert grew(before, after, "kmlaas_cache_misses_total", cache="default") == 1
    assert grew(before, after, "kmlaas_cache_hits_total", cache="default") == 0


def test_a_cached_value_equal_to_the_default_is_still_a_hit():
    before = scrape()
    caches["fragments"].set("metrics-none", None)
    assert caches["fragments"].get("metrics-none", "fallback") is None
    assert grew(before, scrape(), "kmlaas_cache_hits_total", cache="fragments") == 1


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


def test_the_redis_cache_counts_hits_and_misses_under_its_alias(redis_url, settings):
    settings.CACHES = {
        "pages": {"BACKEND": "kmlaas.dbcache.RedisCache", "LOCATION": redis_url, "METRICS_NAME": "pages"}
    }
    cache = caches["pages"]
    for _ in range(100):  # the server needs a moment to listen
        try:
            cache.set("metrics-test", "x")
            break
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    before = scrape()
    assert cache.get("metrics-test") == "x"
    assert cache.get("metrics-absent") is None
    assert cache.get_or_set("metrics-new", "y") == "y"
    after = scrape()
    assert grew(before, after, "kmlaas_cache_hits_total", cache="pages") == 1
    assert grew(before, after, "kmlaas_cache_misses_total", cache="pages") == 2


def test_the_task_gauges_show_the_queue_by_status_and_the_oldest_wait():
    waiting = [echo.enqueue(n) for n in range(3)]
    DBTaskResult.objects.filter(pk=waiting[0].id).update(
        enqueued_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    DBTaskResult.objects.filter(pk=waiting[2].id).update(status="FAILED")
    samples = scrape()
    assert value(samples, "kmlaas_tasks", status="READY") == 2
    assert value(samples, "kmlaas_tasks", status="FAILED") == 1
    assert value(samples, "kmlaas_tasks", status="RUNNING") == 0
    assert 600 <= value(samples, "kmlaas_tasks_oldest_waiting_seconds") < 700


def test_an_empty_queue_has_waited_zero_seconds():
    assert value(scrape(), "kmlaas_tasks_oldest_waiting_seconds") == 0


def test_emails_sent_and_failed_are_counted_by_the_mailer(settings):
    backend = "kmlaas.mail.CountingMailer"
    closed_port = free_port()  # nothing listens there
    settings.MAILERS = {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {"backend": "django.core.mail.backends.locmem.EmailBackend"},
        },
        "broken": {
            "BACKEND": backend,
            "OPTIONS": {
                "backend": "django.core.mail.backends.smtp.EmailBackend",
                "host": "127.0.0.1",
                "port": closed_port,
                "timeout": 2,
            },
        },
    }
    before = scrape()
    assert mail.send_mail("เรื่อง", "ข้อความ", None, ["a@example.com"]) == 1
    message = mail.EmailMessage("เรื่อง", "ข้อความ", to=["b@example.com"])
    with pytest.raises(OSError):
        message.send(using="broken")
    after = scrape()
    assert len(mail.outbox) == 1
    assert grew(before, after, "kmlaas_emails_sent_total", mailer="default") == 1
    assert grew(before, after, "kmlaas_emails_failed_total", mailer="broken") == 1
    assert grew(before, after, "kmlaas_emails_sent_total", mailer="broken") == 0


@pytest.mark.parametrize("path", ["/metrics", "/metrics/", "/admin/metrics", "/api/metrics"])
def test_the_metrics_are_on_no_public_address(client, path):
    response = client.get(path)
    assert response.status_code in (302, 404)
    assert b"kmlaas_http_requests_total" not in response.content
