from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from kmlaas.publishing import canonical_redirect, get_visible_or_404
from kmlaas.search import engine
from kmlaas.sections import SECTIONS_BY_KEY
from kmlaas.slugs import find_by_slug
from kmlaas.thai import BE_OFFSET
from news import banners, covers
from news.forms import SearchForm
from news.models import Banner, Category, NewsItem

PAGE_SIZE = 12
SECTION = SECTIONS_BY_KEY["news"]


def _archive(published):
    """Years (BE), newest first, each with its months and counts."""
    months = (
        published.annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    years = []
    for row in months:
        be_year = row["month"].year + BE_OFFSET
        if not years or years[-1]["be_year"] != be_year:
            years.append({"be_year": be_year, "count": 0, "months": []})
        years[-1]["count"] += row["count"]
        years[-1]["months"].append(
            {"date": row["month"], "number": row["month"].month, "count": row["count"]}
        )
    return years


def _listing(request, items, *, template_context, pinned_first):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    # The section's search box is the site search, kept to this section.
    ranked = engine.ranked_ids(query, "news") if query else None
    if ranked is not None:
        items = engine.order_by_ids(items, ranked)
    elif pinned_first:
        items = items.pinned_first()
    else:
        items = items.order_by("-publish_at", "-id")
    page = Paginator(items.select_related("category"), PAGE_SIZE).get_page(request.GET.get("page"))
    published = NewsItem.objects.published()
    live = Q(items__status=NewsItem.Status.PUBLISHED, items__publish_at__lte=timezone.now())
    categories = (
        Category.objects.annotate(count=Count("items", filter=live))
        .filter(count__gt=0)
        .order_by("position", "name")
    )
    return render(
        request,
        "news/index.html",
        {
            "section": SECTION,
            "form": form,
            "page": page,
            "categories": categories,
            "archive": _archive(published),
            **template_context,
        },
    )


@require_safe
def index(request):
    return _listing(
        request,
        NewsItem.objects.published(),
        template_context={"heading": SECTION.title, "crumbs": [(None, SECTION.title)]},
        pinned_first=True,
    )


@require_safe
def category(request, slug):
    chosen, moved = find_by_slug(request, Category.objects.all(), slug)
    if moved:
        return moved
    return _listing(
        request,
        NewsItem.objects.published().filter(category=chosen),
        template_context={
            "heading": chosen.name,
            "lead": chosen.description,
            "current_category": chosen,
            "crumbs": [(SECTION.url, SECTION.title), (None, chosen.name)],
        },
        pinned_first=True,
    )


@require_safe
def archive(request, year, month=None):
    if not 2400 <= year <= 2700 or (month is not None and not 1 <= month <= 12):
        raise Http404
    items = NewsItem.objects.published().filter(publish_at__year=year - BE_OFFSET)
    year_url = reverse("news:archive_year", args=[year])
    if month is None:
        heading = _("ข่าวปี พ.ศ. %(year)s") % {"year": year}
        crumbs = [(SECTION.url, SECTION.title), (None, heading)]
    else:
        items = items.filter(publish_at__month=month)
        heading = _("ข่าวเดือน%(month)s %(year)s") % {
            "month": MONTHS[month],
            "year": year,
        }
        crumbs = [(SECTION.url, SECTION.title), (year_url, str(year)), (None, heading)]
    return _listing(
        request,
        items,
        template_context={
            "heading": heading,
            "current_year": year,
            "current_month": month,
            "crumbs": crumbs,
        },
        pinned_first=False,
    )


def _crumbs(item):
    crumbs = [(SECTION.url, SECTION.title)]
    # The general category is usually named like the section itself.
    if item.category.name != str(SECTION.title):
        crumbs.append((item.category.get_absolute_url(), item.category.name))
    return [*crumbs, (None, item.title)]


@require_safe
def detail(request, pk, slug=""):
    item = get_visible_or_404(request, NewsItem.objects.select_related("category"), pk=pk)
    if moved := canonical_redirect(item, slug):
        return moved
    published = NewsItem.objects.published().only("pk", "slug", "title", "publish_at")
    older = (
        published.filter(Q(publish_at__lt=item.publish_at) | Q(publish_at=item.publish_at, pk__lt=item.pk))
        .order_by("-publish_at", "-pk")
        .first()
    )
    newer = (
        published.filter(Q(publish_at__gt=item.publish_at) | Q(publish_at=item.publish_at, pk__gt=item.pk))
        .order_by("publish_at", "pk")
        .first()
    )
    return render(
        request,
        "news/detail.html",
        {
            "item": item,
            "older": older,
            "newer": newer,
            "attachments": item.attachments.all(),
            "crumbs": _crumbs(item),
        },
    )


@require_safe
@cache_control(public=True, max_age=31536000, immutable=True)
def cover(request, name):
    """A cover image size. Names are random and never reused, so it is cached for a year."""
    path = f"{covers.FOLDER}{name}"
    if not covers.RENDITION_NAME.fullmatch(name) or not default_storage.exists(path):
        raise Http404
    return FileResponse(default_storage.open(path, "rb"), content_type="image/jpeg")


@require_POST
def dismiss_banner(request, pk):
    """Hide a site-wide banner for this visitor. A plain form post (works
    without JavaScript) redirects back; static/js/announcement.js posts it in
    the background and gets 204."""
    banner = get_object_or_404(Banner, pk=pk)
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)
    else:
        back = request.POST.get("next", "")
        # A path on this site only: redirect() would look a bare word ("abc") up as a URL name.
        safe = back.startswith("/") and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        response = HttpResponseRedirect(back if safe else reverse("home"))
    banners.remember_dismissal(request, response, banner)
    return response
