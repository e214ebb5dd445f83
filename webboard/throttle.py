"""Posting rate limit per member, counted in the shared cache so it holds
across every worker process and machine. The window is a fixed bucket: the
key names it, so the counter simply expires."""

import time

from django.conf import settings
from django.core.cache import cache


def _key(user, window):
    return f"webboard:posts:{user.pk}:{int(time.time() // window)}"


def allow_post(user):
    """Count one post for the member; False once over the limit."""
    window = settings.WEBBOARD_POST_WINDOW
    key = _key(user, window)
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= settings.WEBBOARD_POST_LIMIT
