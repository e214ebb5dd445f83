"""Error reports to Sentry or a compatible service (GlitchTip, Bugsink),
on only when SENTRY_DSN is set. sentry-sdk is an optional dependency
(`pip install 'kmlaas[sentry]'`; the Docker image has it).

Nothing personal leaves: no user, address or cookies (send_default_pii is
left at its default, off: sentry-sdk 2.75 deprecates passing it, in favour
of data_collection, which would also drop the SDK's password scrubber), no
request bodies, no query strings, no local variables of the stack (a
request's repr holds its query string, a user's their e-mail). Each report
carries the request id the visitor sees on the error page, as the tag
request_id.
"""

from django.core.exceptions import ImproperlyConfigured

from kmlaas import logs, version


def init(dsn, *, environment, traces_sample_rate):
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: install the portal with its "
            "'sentry' extra (pip install 'kmlaas[sentry]', or sentry-sdk[django]), or unset SENTRY_DSN."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=f"kmlaas@{version()}",
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=_scrub,
        before_send_transaction=_scrub,
    )


def _scrub(event, hint):
    request = event.get("request") or {}
    for key in ("query_string", "data", "cookies", "env"):
        request.pop(key, None)
    # The page before may have been a search: its address holds the query.
    (request.get("headers") or {}).pop("Referer", None)
    event.setdefault("tags", {})["request_id"] = logs.request_id.get()
    return event
