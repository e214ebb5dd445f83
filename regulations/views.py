from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kmlaas.attachments import Attachment, Kind
from kmlaas.publishing import canonical_redirect, get_visible_or_404
from kmlaas.search import engine
from kmlaas.sections import SECTIONS_BY_KEY
from kmlaas.thai import BE_OFFSET
from regulations.forms import FilterForm
from regulations.models import Regulation, Relation

PAGE_SIZE = 20
SECTION = SECTIONS_BY_KEY["regulations"]


def _with_pdf_flag(queryset):
    pdfs = Attachment.objects.filter(
        content_type__app_label="regulations",
        content_type__model="regulation",
        object_id=OuterRef("pk"),
        kind=Kind.PDF,
    )
    return queryset.annotate(has_pdf=Exists(pdfs))


def _filter(queryset, data):
    ranked = None
    if query := data.get("q", "").strip():
        # The section's search box is the site search, kept to this section.
        ranked = engine.ranked_ids(query, "regulations")
    for name in ("kind", "agency", "legal_status", "urgency"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("year"):
        queryset = queryset.filter(date__year=data["year"] - BE_OFFSET)
    if ranked is not None and not data.get("sort"):
        return engine.order_by_ids(queryset, ranked)
    if ranked is not None:
        queryset = queryset.filter(pk__in=ranked)
    if data.get("sort") == "oldest":
        return queryset.order_by("date", "id")
    return queryset.order_by("-date", "-id")


@require_safe
def index(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    published = Regulation.objects.published()
    items = _with_pdf_flag(_filter(published.select_related("agency"), data))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    years = (
        published.with_year()
        .exclude(date=None)
        .values("be_year")
        .annotate(count=Count("id"))
        .order_by("-be_year")
    )
    return render(
        request,
        "regulations/index.html",
        {
            "section": SECTION,
            "form": form,
            "page": page,
            "years": years,
            "filtered": bool(
                data and any(data.get(k) for k in ("q", "kind", "agency", "year", "legal_status", "urgency"))
            ),
            "crumbs": [(None, SECTION.title)],
        },
    )


@require_safe
def detail(request, pk, slug=""):
    regulation = get_visible_or_404(request, Regulation.objects.select_related("agency"), pk=pk)
    if moved := canonical_redirect(regulation, slug):
        return moved
    visible = Regulation.objects.visible_to(request.user)
    outgoing = regulation.relations.select_related("target")
    incoming = Relation.objects.filter(target=regulation, source__in=visible).select_related("source")
    return render(
        request,
        "regulations/detail.html",
        {
            "item": regulation,
            "outgoing": outgoing,
            "cited_by": [r for r in incoming if r.kind != Relation.Kind.FORWARDS],
            "forwarded_by": [r for r in incoming if r.kind == Relation.Kind.FORWARDS],
            "attachments": regulation.attachments.all(),
            "manuals": regulation.manuals.visible_to(request.user),
            "crumbs": [(SECTION.url, SECTION.title), (None, regulation.number or _("รายละเอียด"))],
        },
    )
