"""The test database as other processes reach it, and as a visitor sees it
when PostgreSQL is gone."""

import socket
from contextlib import contextmanager
from urllib.parse import quote, urlencode

from django.db import connection


def database_url(name=None, **query):
    """The test database (or another database on its server) as a
    DATABASE_URL for a subprocess: gunicorn, the worker, manage.py."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    query = f"?{urlencode(query)}" if query else ""
    return f"postgres://{user}{password}@{host}{port}/{name or db['NAME']}{query}"


def a_closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@contextmanager
def database_unreachable():
    """PostgreSQL is gone: the open connection is closed and every new one
    is refused until the block ends."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = a_closed_port()
    try:
        yield
    finally:
        connection.settings_dict["PORT"] = port
        connection.close()
