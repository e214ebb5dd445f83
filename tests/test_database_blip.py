"""What a visitor sees when PostgreSQL restarts under the portal: a page
read is run again on a fresh connection, a form post is not, and /healthz
tells the load balancer while the database is gone."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.databases import database_unreachable

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_this_connection():
    """Kill the test's database session from a second connection, as a
    PostgreSQL restart does; Django only notices at its next query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        (terminated,) = other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()
    assert terminated


def test_a_page_read_is_run_again_after_the_connection_is_terminated(client):
    terminate_this_connection()
    response = client.get(reverse("news:index"))
    assert response.status_code == 200


def test_a_head_request_is_run_again_too(client):
    terminate_this_connection()
    assert client.head(reverse("news:index")).status_code == 200


def test_a_post_is_never_run_again():
    client = Client(raise_request_exception=False)
    terminate_this_connection()
    # Run again, the view would find no banner 1 and answer 404.
    response = client.post(reverse("news:dismiss_banner", args=[1]))
    # The next request would replace the dead connection (the test client
    # skips that step); the test's own cleanup needs it now.
    connection.close()
    assert response.status_code == 503


def test_a_page_answers_503_while_the_database_is_unreachable():
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get(reverse("news:index"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "ระบบปิดปรับปรุงชั่วคราว" in response.content.decode()


def test_any_other_error_is_still_a_500(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("news.views.render", lambda *args, **kwargs: 1 / 0)
    response = client.get(reverse("news:index"))
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()


def test_healthz_answers_503_while_the_database_is_unreachable(client):
    assert client.get("/healthz").status_code == 200
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert client.get("/healthz").status_code == 200  # back as soon as the database is
