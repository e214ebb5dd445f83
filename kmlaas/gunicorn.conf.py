"""gunicorn settings for every deployment (make run and the Docker image)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Two workers per core plus one, capped: the portal is I/O-bound on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket sits at one path per user, so two servers
# (make run beside make e2e, or two containers sharing a home) would fight
# over it; the portal does not use it.
control_socket_disable = True


def post_worker_init(worker):
    # The Thai word list takes a second or two to load; a new worker (one
    # starts every max_requests) loads it before taking requests, so that no
    # visitor's search waits for it.
    import gc

    from kmlaas.search.text import tokens

    tokens("ค้นหาเอกสาร")
    # The word list is millions of long-lived objects. Frozen, the garbage
    # collector no longer walks them: not in each full collection, and not at
    # exit, where the walk made a graceful stop take 10-15 s per worker.
    gc.freeze()
