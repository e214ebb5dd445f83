import logging
import time
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.csp import CSP
from django.utils.functional import SimpleLazyObject, empty

from kmlaas import logs, metrics


class AdminCSPMiddleware:
    """Loosen style-src for the admin only.

    CKEditor 5 injects <style> elements at run time, which a strict style-src
    blocks; the public site keeps the strict policy. Scripts stay 'self'
    everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/ckeditor5/")):
            response._csp_config = {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            }
        return response


logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answer /healthz before host validation and HTTPS redirects.

    Load balancers and the container's HEALTHCHECK call it by IP address,
    which ALLOWED_HOSTS rightly refuses for every other URL. It reports
    whether the database answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:  # any database failure means unhealthy
            logger.exception("health check: database unavailable")
            return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok"})


class RetryAfterDatabaseRestartMiddleware:
    """Run a GET or HEAD view once more when its database connection died.

    A PostgreSQL restart or failover kills the connections Django keeps
    open (CONN_MAX_AGE). The health check at the start of each request
    replaces one that died while idle, but one that dies during the request
    raises OperationalError or InterfaceError. A safe request is simply run
    again on a fresh connection; anything else (a POST may have written half
    of its work before the error) gets the error page as before. Last in
    MIDDLEWARE, so its process_exception runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method not in ("GET", "HEAD")
            or not isinstance(exception, (OperationalError, InterfaceError))
            or getattr(request, "database_retried", False)
            # Inside a transaction the view did not open (a test's, or a
            # caller's), closing the connection would lose that transaction.
            or connection.in_atomic_block
        ):
            return None
        request.database_retried = True
        logger.warning(
            "database connection lost during %s %s; running it again", request.method, request.path
        )
        for conn in connections.all(initialized_only=True):
            with suppress(DatabaseError):
                conn.close()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        # A TemplateResponse that failed while rendering is not rendered
        # again by Django when it comes back from here.
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the visitor chose English with the language switch.

    Many officers' phones and office PCs are set to English; following the
    browser's Accept-Language would show them an English frame around Thai
    documents they did not ask for.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _has_nul(request):
    if "\x00" in request.path_info:
        return True
    if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
        return True
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return False
    # Uploaded file names need no check: Django drops their unprintable characters.
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())


class RefuseNulMiddleware:
    """Answer 400 to a NUL character anywhere in the path, query or form.

    PostgreSQL text cannot hold NUL: a view that filters or saves with it
    fails deep in the database driver. No person types one (it comes from
    scanners and fuzzers), so it is refused once here, before any view,
    instead of in every form and query-string filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            context = {"request_id": logs.request_id.get()}
            return HttpResponseBadRequest(render_to_string("400.html", context, request=request))
        return self.get_response(request)


request_logger = logging.getLogger("kmlaas.request")


class QueryCounter:
    """A database execute wrapper that counts the queries and their time."""

    __slots__ = ("count", "seconds")

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class ObserveRequestsMiddleware:
    """Gives each request an id, counts it in the metrics and writes its
    one log line.

    The id is the caller's X-Request-ID when that is well-formed (a proxy
    that sets one), else a new one; it is on every log line written during
    the request, in the X-Request-ID response header, on the error pages
    and in error reports, so what a visitor quotes can be found. The view
    is named by its URL name, never its path, to keep the metrics' labels
    few. Nothing personal is logged beyond the member's id: no address, no
    query string.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.incoming_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        token = logs.request_id.set(request_id)
        try:
            queries = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(queries):
                response = self.get_response(request)
            elapsed = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            self.record(request, response.status_code, elapsed, queries)
            return response
        finally:
            logs.request_id.reset(token)

    def record(self, request, status, elapsed, queries):
        view = _view_label(request)
        metrics.HTTP_REQUESTS.labels(
            view, metrics.method_label(request.method), metrics.status_label(status)
        ).inc()
        metrics.HTTP_LATENCY.labels(view).observe(elapsed)
        if queries.count:
            metrics.DB_QUERIES.labels(view).inc(queries.count)
            metrics.DB_SECONDS.labels(view).inc(queries.seconds)
        path = request.path
        duration_ms = round(elapsed * 1000, 1)
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            # A percent-encoded line break must not forge a plain-text log line.
            path if path.isprintable() else path.encode("unicode_escape").decode(),
            status,
            duration_ms,
            extra={
                "user_id": _user_id(request),
                "view": view,
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
            },
        )


def _view_label(request):
    match = request.resolver_match
    if match is not None:
        return match.view_name
    # Whitenoise answers before the URL is resolved; anything else is a 404
    # or was refused before it.
    return "static" if request.path.startswith(settings.STATIC_URL) else "unmatched"


def _user_id(request):
    """The member's id, "anonymous", or None when the request never looked
    (a static file sent with a session cookie): finding out would cost the
    request queries it did not make."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    if user is not None:
        return user.pk if user.is_authenticated else "anonymous"
    return None if settings.SESSION_COOKIE_NAME in request.COOKIES else "anonymous"
