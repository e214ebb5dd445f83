"""Ports for the servers tests start (gunicorn, Redis, a fake Sentry): a
free one from 8200-8299, clear of what a developer runs beside the suite
(make run on 8000, its metrics on 9100)."""

import socket

RANGE = range(8200, 8300)


def free_port():
    for port in RANGE:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {RANGE.start}-{RANGE.stop - 1}")
