import logging
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.csp import CSP


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
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
