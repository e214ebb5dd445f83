"""Posting rate limit per member (new threads, replies and edits), counted
atomically in kmlaas.ratelimit so parallel requests cannot slip past it and
no amount of other caching can evict it."""

from django.conf import settings

from kmlaas import ratelimit


def allow_post(user):
    """Count one post for the member; False once over the limit."""
    return ratelimit.allow(
        f"webboard-post:{user.pk}", settings.WEBBOARD_POST_LIMIT, settings.WEBBOARD_POST_WINDOW
    )
