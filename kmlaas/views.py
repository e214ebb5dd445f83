import sys

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kmlaas import logs
from kmlaas.pages import PolicyPage
from kmlaas.sections import SECTIONS
from kmlaas.slugs import find_by_slug

SEARCH_EXAMPLES = ["กันเงิน", "ใบผ่านรายการจ่าย", "ปิดบัญชีสิ้นปี", "ว 2625"]


@require_safe
def home(request):
    from manuals.models import Manual
    from news.models import NewsItem
    from regulations.models import Regulation
    from updates.models import Update

    context = {
        "cards": SECTIONS,
        "search_examples": SEARCH_EXAMPLES,
        "latest_news": NewsItem.objects.published().pinned_first()[:4],
        "latest_updates": Update.objects.published().order_by("-announced_on", "-id")[:4],
        "latest_circulars": Regulation.objects.published().exclude(date=None).order_by("-date", "-id")[:5],
        "most_downloaded": Manual.objects.published()
        .current()
        .with_files()
        .order_by("-downloads", "-id")[:5],
        "provinces": _provinces(),
    }
    return render(request, "home.html", context)


def _provinces():
    """For the home page's subsidy lookup: 77 rows that change once in decades."""
    from kmlaas.registry.models import Province

    return caches["fragments"].get_or_set(
        "home-provinces-v1", lambda: list(Province.objects.values("code", "name")), 86400
    )


@require_safe
def policy_page(request, slug):
    page, moved = find_by_slug(request, PolicyPage.objects.visible_to(request.user), slug)
    if moved:
        return moved
    return render(request, "policy_page.html", {"page": page, "crumbs": [(None, page.title)]})


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico on pages (PDFs, feeds) that name no icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
@cache_control(public=True, max_age=31536000, immutable=True)
def editor_image(request, name):
    """Images staff put into rich text (random names, so cacheable forever)."""
    path = f"editor/{name}"
    if "/" in name or not default_storage.exists(path):
        raise Http404
    try:
        return FileResponse(default_storage.open(path, "rb"))
    except IsADirectoryError:  # /media/editor/2026: a folder on the local disk "exists" too
        raise Http404 from None


def server_error(request):
    """The 500 page, or a 503 while the database cannot be reached (a restart
    or failover): the visitor is told it is temporary and proxies see
    Retry-After. Rendered without context processors, as Django's own is.
    Both show the request id, which the visitor can quote and the log line
    and error report carry."""
    error = sys.exc_info()[1]
    context = {"request_id": logs.request_id.get()}
    if isinstance(error, (OperationalError, InterfaceError)):
        html = loader.get_template("500.html").render({**context, "unavailable": True})
        return HttpResponse(html, status=503, headers={"Retry-After": "10"})
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
