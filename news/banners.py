"""Which site-wide banners a visitor still sees, and remembering dismissals.

A dismissal lives in a cookie, not the session: reading it costs no database
query on any page, and it works for visitors who never logged in.
"""

from django.conf import settings

from news.models import Banner

COOKIE = "kmlaas_dismissed"
MAX_REMEMBERED = 20
COOKIE_DAYS = 90


def dismissed_keys(request):
    return set(filter(None, request.COOKIES.get(COOKIE, "").split("_")))


def visible_to(request):
    if request is None:
        return []
    dismissed = dismissed_keys(request)
    return [banner for banner in Banner.current() if banner.dismiss_key not in dismissed]


def remember_dismissal(request, response, banner):
    keys = [key for key in request.COOKIES.get(COOKIE, "").split("_") if key and key != banner.dismiss_key]
    keys = [*keys[-(MAX_REMEMBERED - 1) :], banner.dismiss_key]
    response.set_cookie(
        COOKIE,
        "_".join(keys),
        max_age=COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
