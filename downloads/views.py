from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from downloads.forms import FilterForm
from downloads.models import Category, Form, FormVersion
from kmlaas.publishing import Publishable, canonical_redirect, get_visible_or_404
from kmlaas.sections import SECTIONS_BY_KEY
from manuals.collation import thai_order

PAGE_SIZE = 20
SECTION = SECTIONS_BY_KEY["downloads"]


def _current_files():
    """Each form's newest version with its files, in two queries for the whole page."""
    newest = FormVersion.objects.order_by("-released_on", "-id").prefetch_related("attachments")[:1]
    return Prefetch("versions", queryset=newest, to_attr="newest")


def _filter(queryset, data):
    if data.get("category"):
        queryset = queryset.filter(category__slug=data["category"])
    for word in data.get("q", "").split()[:8]:
        in_versions = FormVersion.objects.filter(form=OuterRef("pk")).filter(
            Q(label__icontains=word) | Q(note__icontains=word)
        )
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Exists(in_versions)
        )
    match data.get("sort"):
        case "updated":
            return queryset.order_by("-released_on", "-id")
        case "downloads":
            return queryset.order_by("-downloads", "-id")
        case "title":
            return queryset.order_by(thai_order("title"), "id")
    return queryset.order_by(F("featured_position").asc(nulls_last=True), "-released_on", "-id")


@require_safe
def index(request):
    now = timezone.now()
    listed = Q(
        forms__status=Publishable.Status.PUBLISHED, forms__publish_at__lte=now, forms__versions__isnull=False
    )
    categories = list(
        Category.objects.annotate(count=Count("forms", filter=listed, distinct=True)).order_by(
            "position", "name"
        )
    )
    form = FilterForm(request.GET or None, categories=categories)
    data = form.filters()
    rows = Form.objects.published().offered().with_stats().select_related("category")
    rows = _filter(rows, data).prefetch_related(_current_files())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "downloads/index.html",
        {
            "section": SECTION,
            "form": form,
            "categories": categories,
            "filtered": bool(data.keys() - {"sort"}),
            "page": page,
            "crumbs": [(None, SECTION.title)],
        },
    )


@require_safe
def detail(request, pk, slug=""):
    versions = FormVersion.objects.prefetch_related("attachments")
    item = get_visible_or_404(
        request,
        Form.objects.with_stats()
        .select_related("category", "module")
        .prefetch_related(Prefetch("versions", queryset=versions)),
        pk=pk,
    )
    if moved := canonical_redirect(item, slug):
        return moved
    current, *earlier = item.versions.all() or [None]
    return render(
        request,
        "downloads/detail.html",
        {
            "item": item,
            "current": current,
            "earlier": earlier,
            "manuals": item.manuals.visible_to(request.user).select_related("category"),
            "crumbs": [(SECTION.url, SECTION.title), (None, item.title)],
        },
    )


@require_safe
def latest(request, pk, extension):
    """A link that never goes stale: the current version's file in this format.
    Circulars and other sites can point here and always get the newest form."""
    item = get_visible_or_404(request, Form.objects.all(), pk=pk)
    current = item.versions.first()
    if current is None:
        raise Http404
    wanted = next((f for f in current.attachments.all() if f.extension == extension.lower()), None)
    if wanted is None:
        raise Http404
    return redirect(wanted)
