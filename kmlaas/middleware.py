import logging

from django.conf import settings
from django.db import connection
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
