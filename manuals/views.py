from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kmlaas.attachments import Kind
from kmlaas.publishing import Publishable, canonical_redirect, get_visible_or_404
from kmlaas.sections import SECTIONS_BY_KEY
from kmlaas.slugs import find_by_slug
from kmlaas.taxonomy import Module
from kmlaas.thai import BE_OFFSET
from manuals.collation import thai_order
from manuals.forms import FilterForm
from manuals.models import Category, Manual, files_of_each_manual

PAGE_SIZE = 20
FEATURED = 6
SECTION = SECTIONS_BY_KEY["manuals"]
# Other sections link their items to manuals through these reverse relations
# (faq.Faq.manuals, updates.Update.manuals); each is listed on the manual's
# page once its app defines it.
BACKLINKS = ("faqs", "updates")


def category_tree():
    """Top-level categories, each with .subcategories, and every category
    with .total: its current published documents, subcategories included."""
    now = timezone.now()
    live = Q(manuals__status=Publishable.Status.PUBLISHED, manuals__publish_at__lte=now)
    not_replaced = (
        Q(manuals__superseded_by__isnull=True)
        | ~Q(manuals__superseded_by__status=Publishable.Status.PUBLISHED)
        | Q(manuals__superseded_by__publish_at__gt=now)
    )
    categories = Category.objects.annotate(count=Count("manuals", filter=live & not_replaced)).order_by(
        "position", "name"
    )
    children = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category)
    roots = children[None]
    for root in roots:
        root.subcategories = children[root.pk]
        for child in root.subcategories:
            child.parent = root
            child.subcategories = []
            child.total = child.count
        root.total = root.count + sum(child.total for child in root.subcategories)
    return roots


def _search(queryset, query):
    # Thai is written without spaces between words, so each space-separated
    # part is matched as a substring: "บันทึกการจ่ายเงิน" finds "การบันทึกการจ่ายเงินในระบบ".
    for word in query.split()[:8]:
        in_files = files_of_each_manual().filter(text__icontains=word)
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | Q(version__icontains=word)
            | Exists(in_files)
        )
    return queryset


def _filter(queryset, data, category):
    if category is not None:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    elif data.get("category"):
        slug = data["category"]
        queryset = queryset.filter(Q(category__slug=slug) | Q(category__parent__slug=slug))
    if not data.get("old"):
        queryset = queryset.current()
    if query := data.get("q", "").strip():
        queryset = _search(queryset, query)
    if data.get("module"):
        queryset = queryset.filter(module__slug=data["module"])
    if data.get("kind"):
        queryset = queryset.filter(Exists(files_of_each_manual().filter(kind=data["kind"])))
    if data.get("year"):
        queryset = queryset.filter(publish_at__year=data["year"] - BE_OFFSET)
    match data.get("sort"):
        case "downloads":
            return queryset.order_by("-downloads", "-publish_at", "-id")
        case "title":
            return queryset.order_by(thai_order("title"), "id")
    return queryset.order_by("-publish_at", "-id")


def _listing(request, tree, category=None):
    published = Manual.objects.published()
    modules = list(Module.objects.all())
    years = list(
        published.annotate(be_year=ExtractYear("publish_at") + BE_OFFSET)
        .values_list("be_year", flat=True)
        .distinct()
        .order_by("-be_year")
    )
    form = FilterForm(
        request.GET or None, tree=tree, modules=modules, years=years, with_category=not category
    )
    data = form.filters()
    rows = published.with_files().select_related("category__parent", "module")
    page = Paginator(_filter(rows, data, category), PAGE_SIZE).get_page(request.GET.get("page"))
    featured = []
    if category is None and not data and page.number == 1:
        featured = rows.current().filter(featured_position__isnull=False).order_by("featured_position", "-id")
        featured = featured[:FEATURED]
    if category is None:
        crumbs = [(None, SECTION.title)]
    else:
        crumbs = [(SECTION.url, SECTION.title)]
        if category.parent_id:
            crumbs.append((category.parent.get_absolute_url(), category.parent.name))
        crumbs.append((None, category.name))
    return render(
        request,
        "manuals/index.html",
        {
            "section": SECTION,
            "category": category,
            "tree": tree,
            "form": form,
            "filtered": bool(data.keys() - {"sort"}),
            "page": page,
            "featured": featured,
            "crumbs": crumbs,
        },
    )


@require_safe
def index(request):
    return _listing(request, category_tree())


@require_safe
def category(request, slug):
    tree = category_tree()
    everything = [c for root in tree for c in (root, *root.subcategories)]
    current = next((c for c in everything if c.slug == slug), None)
    if current is None:
        _category, moved = find_by_slug(request, Category.objects.all(), slug)
        if moved:
            return moved
        raise Http404  # a category the shelves do not show
    return _listing(request, tree, current)


@require_safe
def detail(request, pk, slug=""):
    manual = get_visible_or_404(
        request, Manual.objects.select_related("category__parent", "module", "superseded_by"), pk=pk
    )
    if moved := canonical_redirect(manual, slug):
        return moved
    user = request.user
    files = list(manual.attachments.all())
    newer = manual.superseded_by
    backlinks = {name: getattr(manual, name).visible_to(user) for name in BACKLINKS if hasattr(Manual, name)}
    crumbs = [(SECTION.url, SECTION.title)]
    if manual.category.parent_id:
        crumbs.append((manual.category.parent.get_absolute_url(), manual.category.parent.name))
    crumbs += [(manual.category.get_absolute_url(), manual.category.name), (None, manual.title)]
    return render(
        request,
        "manuals/detail.html",
        {
            "item": manual,
            "documents": [f for f in files if f.kind != Kind.VIDEO],
            "videos": [f for f in files if f.kind == Kind.VIDEO],
            "video_links": manual.video_links.all(),
            "newer": newer if newer and newer.is_visible_to(user) else None,
            "older": manual.supersedes.visible_to(user).order_by("-publish_at"),
            "tags": manual.tags.all(),
            "related": manual.related_manuals.visible_to(user).select_related("category"),
            "regulations": manual.related_regulations.visible_to(user).order_by("-date"),
            "forms": manual.forms.visible_to(user),
            "history": list(manual.change_history()),
            **backlinks,
            "crumbs": crumbs,
        },
    )
