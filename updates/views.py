import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kmlaas.attachments import Kind
from kmlaas.publishing import canonical_redirect, get_visible_or_404
from kmlaas.search import engine
from kmlaas.sections import SECTIONS_BY_KEY
from kmlaas.slugs import find_by_slug
from kmlaas.taxonomy import Module
from kmlaas.thai import BE_OFFSET
from manuals.models import Manual
from regulations.models import Regulation
from updates.forms import FilterForm, SinceForm
from updates.models import Update

PAGE_SIZE = 20
SECTION = SECTIONS_BY_KEY["updates"]


def _for_list(queryset):
    return queryset.annotate(change_count=Count("items")).prefetch_related("modules")


def _filter(queryset, data):
    if data.get("module"):
        queryset = queryset.filter(modules=data["module"])
    if data.get("year"):
        queryset = queryset.filter(effective_on__year=data["year"] - BE_OFFSET)
    if data.get("q"):
        # The section's search box is the site search, kept to this section.
        ranked = engine.ranked_ids(data["q"], "updates")
        if ranked is not None:
            queryset = queryset.filter(pk__in=ranked)
    return queryset


def _modules_with_counts():
    live = Q(updates__status=Update.Status.PUBLISHED, updates__publish_at__lte=timezone.now())
    # Aggregating queries ignore Meta.ordering, hence the explicit order_by().
    return (
        Module.objects.annotate(count=Count("updates", filter=live))
        .filter(count__gt=0)
        .order_by("position", "name")
    )


@require_safe
def index(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    published = Update.objects.published()
    matching = _filter(published, data)
    page = Paginator(_for_list(matching.in_effect()).order_by("-effective_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Upcoming changes stay at the top, soonest first, until their date passes.
    upcoming = _for_list(matching.upcoming()).order_by("effective_on", "id") if page.number == 1 else []
    years = (
        published.annotate(be_year=ExtractYear("effective_on") + BE_OFFSET)
        .values("be_year")
        .annotate(count=Count("id"))
        .order_by("-be_year")
    )
    return render(
        request,
        "updates/index.html",
        {
            "section": SECTION,
            "form": form,
            "page": page,
            "upcoming": upcoming,
            "years": years,
            "modules": _modules_with_counts(),
            "filtered": any(data.get(k) for k in ("module", "year", "q")),
            "crumbs": [(None, SECTION.title)],
        },
    )


@require_safe
def timeline(request, slug):
    """Every change to one module, newest first, grouped by BE year: "all changes to รายจ่าย since 2567"."""
    module, moved = find_by_slug(request, Module.objects.all(), slug)
    if moved:
        return moved
    form = SinceForm(request.GET or None)
    since = form.cleaned_data.get("since") if form.is_valid() else None
    published = Update.objects.published()
    changes = published.filter(modules=module)
    if since:
        changes = changes.filter(effective_on__gte=datetime.date(since - BE_OFFSET, 1, 1))
    changes = changes.prefetch_related("items").order_by("-effective_on", "-id")
    years = []
    for change in changes:
        be_year = change.effective_on.year + BE_OFFSET
        if not years or years[-1]["be_year"] != be_year:
            years.append({"be_year": be_year, "changes": []})
        years[-1]["changes"].append(change)
    first_year = (
        published.filter(modules=module)
        .order_by("effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    this_year = timezone.localdate().year + BE_OFFSET
    since_choices = list(range(this_year, first_year.year + BE_OFFSET - 1, -1)) if first_year else []
    heading = _("การเปลี่ยนแปลงระบบงาน%(module)s") % {"module": module.name}
    return render(
        request,
        "updates/timeline.html",
        {
            "section": SECTION,
            "module": module,
            "heading": heading,
            "since": since,
            "since_choices": since_choices,
            "years": years,
            "count": sum(len(y["changes"]) for y in years),
            "modules": _modules_with_counts(),
            "crumbs": [(SECTION.url, SECTION.title), (None, module.name)],
        },
    )


@require_safe
def detail(request, pk, slug=""):
    update = get_visible_or_404(
        request,
        Update.objects.prefetch_related(
            "modules",
            "items",
            "attachments",
            Prefetch("manuals", queryset=Manual.objects.visible_to(request.user).order_by("title")),
            Prefetch(
                "regulations",
                queryset=Regulation.objects.visible_to(request.user)
                .select_related("agency")
                .order_by("-date"),
            ),
        ),
        pk=pk,
    )
    if moved := canonical_redirect(update, slug):
        return moved
    files = list(update.attachments.all())
    return render(
        request,
        "updates/detail.html",
        {
            "item": update,
            "videos": [f for f in files if f.kind == Kind.VIDEO],
            "attachments": [f for f in files if f.kind != Kind.VIDEO],
            "history": list(update.change_history()),
            "crumbs": [(SECTION.url, SECTION.title), (None, update.title)],
        },
    )
