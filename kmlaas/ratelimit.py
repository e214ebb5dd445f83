"""The portal's own rate limits and "count once" windows (webboard posting,
FAQ votes, download and view counts), and the one place that says who the
client is.

Counters are atomic and never evicted: in Redis when REDIS_URL is set
(INCR), otherwise one row per key in a small table, bumped by a single
INSERT … ON CONFLICT DO UPDATE … RETURNING, so parallel requests cannot
read the same count. A window starts at a key's first hit; expired rows are
reused in place, and each hit also deletes a few others' expired rows in the
same statement — so the table stays small without a scheduled job, and every
hit costs exactly one query (the views' query counts stay constant).
"""

import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.db import connection, models

# Expired rows each hit deletes: more than one, so sweeping keeps ahead of
# the keys that expire; SKIP LOCKED, so parallel hits never wait on each other.
SWEEP_ROWS = 5


class RateCounter(models.Model):
    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate counter"
        default_permissions = ()

    def __str__(self):
        return f"{self.key}: {self.hits}"


def client_ip(request):
    """The visitor's address: the socket peer, or the address the
    TRUSTED_PROXY_COUNT-th proxy from the end of X-Forwarded-For saw
    (allauth's rule, so sign-in limits and the portal's agree)."""
    from allauth.account.adapter import get_adapter  # imports auth models: not at load time

    return get_adapter(request).get_client_ip(request)


def client_key(request):
    """A member by account, anyone else by address (an IPv6 /64, which one
    household or office usually gets whole)."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    address = ipaddress.ip_address(client_ip(request))
    if address.version == 6:
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return f"ip{address}"


def browser(request, *, create, flag):
    """Who gives a one-per-browser answer (a FAQ vote, a page's usefulness):
    a member by account, anyone else by session, made on the first answer
    when `create` (`flag` marks why it exists); None for a visitor without one."""
    if request.user.is_authenticated:
        return {"user": request.user, "session_key": None}
    if create:
        # Writing to the session loads it, so a stale cookie gets a fresh
        # session rather than a key that no longer exists.
        request.session[flag] = True
        if request.session.session_key is None:
            request.session.save()
    key = request.session.session_key
    return {"user": None, "session_key": key} if key else None


def hit(key, seconds):
    """Count one hit on key; returns the hits in the current window (1 = the first)."""
    if settings.REDIS_URL:
        return _hit_redis(f"rl:{key}", seconds)
    return _hit_table(key, seconds)


def allow(key, limit, seconds):
    """Count one attempt; False once more than limit were made in the window."""
    return hit(key, seconds) <= limit


def first(key, seconds):
    """True only for the first hit on key within the window."""
    return hit(key, seconds) == 1


def _hit_redis(key, seconds):
    cache = caches["default"]
    key = cache.make_and_validate_key(key)
    # Django's incr() checks the key exists first; were it to expire in between,
    # INCR would make a counter that never expires. One MULTI/EXEC of INCR and
    # TTL instead, and whichever hit finds no expiry sets it.
    client = cache._cache.get_client(key, write=True)
    with client.pipeline() as pipe:
        hits, ttl = pipe.incr(key).ttl(key).execute()
    if ttl < 0:
        client.expire(key, int(seconds))
    return hits


def _hit_table(key, seconds):
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH expired AS (SELECT key FROM {table} WHERE expires <= clock_timestamp() AND key <> %s "  # noqa: S608
            "ORDER BY expires LIMIT %s FOR UPDATE SKIP LOCKED), "
            f"swept AS (DELETE FROM {table} WHERE key IN (SELECT key FROM expired)) "
            f"INSERT INTO {table} (key, hits, expires) "
            "VALUES (%s, 1, clock_timestamp() + make_interval(secs => %s)) "
            "ON CONFLICT (key) DO UPDATE SET "
            f"hits = CASE WHEN {table}.expires <= clock_timestamp() THEN 1 ELSE {table}.hits + 1 END, "
            f"expires = CASE WHEN {table}.expires <= clock_timestamp() THEN EXCLUDED.expires "
            f"ELSE {table}.expires END "
            "RETURNING hits",
            [key[:200], SWEEP_ROWS, key[:200], seconds],
        )
        return cursor.fetchone()[0]
