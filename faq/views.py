from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from faq import votes
from faq.forms import SearchForm, VoteForm
from faq.models import Faq, Topic
from kmlaas.publishing import canonical_redirect, get_visible_or_404
from kmlaas.search import engine
from kmlaas.sections import SECTIONS_BY_KEY
from kmlaas.slugs import find_by_slug
from kmlaas.taxonomy import Module
from manuals.models import Manual
from regulations.models import Regulation

PAGE_SIZE = 30
POPULAR = 10
SECTION = SECTIONS_BY_KEY["faq"]


def _live(prefix):
    return Q(**{f"{prefix}status": Faq.Status.PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


def _sidebar():
    return {
        # Aggregating queries ignore Meta.ordering, hence the explicit order_by().
        "topics": Topic.objects.annotate(count=Count("faqs", filter=_live("faqs__")))
        .filter(count__gt=0)
        .order_by("position", "name"),
        "modules": Module.objects.annotate(count=Count("faqs", filter=_live("faqs__")))
        .filter(count__gt=0)
        .order_by("position", "name"),
    }


def _search(items, data):
    """Matching questions, best first when there are words to search for."""
    if data.get("module"):
        items = items.filter(modules=data["module"])
    # The section's search box is the site search, kept to this section.
    ranked = engine.ranked_ids(data["q"], "faq") if data.get("q") else None
    if ranked is None:
        return _in_reading_order(items)
    return engine.order_by_ids(items.select_related("topic"), ranked)


def _in_reading_order(items):
    return items.select_related("topic").order_by("topic__position", "topic__name", "position", "id")


@require_safe
def index(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    published = Faq.objects.published()
    context = {"section": SECTION, "form": form, "crumbs": [(None, SECTION.title)], **_sidebar()}
    if data.get("q") or data.get("module"):
        context["page"] = Paginator(_search(published, data), PAGE_SIZE).get_page(request.GET.get("page"))
        context["searching"] = True
        context["by_relevance"] = bool(data.get("q"))
    else:
        context["popular"] = published.select_related("topic").order_by("-helpful_yes", "position", "id")[
            :POPULAR
        ]
    return render(request, "faq/index.html", context)


def _category_page(request, items, *, heading, lead, crumb, current, grouped):
    page = Paginator(_in_reading_order(items), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "faq/category.html",
        {
            "section": SECTION,
            "heading": heading,
            "lead": lead,
            "page": page,
            "current": current,
            "grouped": grouped,
            "form": SearchForm(initial={"module": current.slug} if isinstance(current, Module) else None),
            "crumbs": [(SECTION.url, SECTION.title), (None, crumb)],
            **_sidebar(),
        },
    )


@require_safe
def topic(request, slug):
    chosen, moved = find_by_slug(request, Topic.objects.all(), slug)
    if moved:
        return moved
    return _category_page(
        request,
        Faq.objects.published().filter(topic=chosen),
        heading=chosen.name,
        lead=chosen.description,
        crumb=chosen.name,
        current=chosen,
        grouped=False,
    )


@require_safe
def module(request, slug):
    chosen, moved = find_by_slug(request, Module.objects.all(), slug)
    if moved:
        return moved
    return _category_page(
        request,
        Faq.objects.published().filter(modules=chosen),
        heading=chosen.name,
        lead=chosen.description,
        crumb=chosen.name,
        current=chosen,
        grouped=True,
    )


@require_safe
def detail(request, pk, slug=""):
    faq = get_visible_or_404(
        request,
        Faq.objects.select_related("topic").prefetch_related(
            "modules",
            "tags",
            Prefetch("related", queryset=Faq.objects.visible_to(request.user).order_by("position", "id")),
            Prefetch("manuals", queryset=Manual.objects.visible_to(request.user).order_by("title")),
            Prefetch("regulations", queryset=Regulation.objects.visible_to(request.user).order_by("-date")),
        ),
        pk=pk,
    )
    if moved := canonical_redirect(faq, slug):
        return moved
    crumbs = [(SECTION.url, SECTION.title)]
    if faq.topic:
        crumbs.append((faq.topic.get_absolute_url(), faq.topic.name))
    crumbs.append((None, faq.title))
    return render(
        request,
        "faq/detail.html",
        {
            "item": faq,
            "my_vote": votes.vote_of(request, faq),
            "vote_form": VoteForm(),
            "crumbs": crumbs,
        },
    )


@require_POST
def vote(request, pk):
    faq = get_object_or_404(Faq.objects.published(), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors.get("__all__", [])) or "invalid")
    comment = form.cleaned_data["comment"].strip() if "comment" in request.POST else None
    try:
        votes.record(request, faq, helpful=form.cleaned_data["helpful"], comment=comment)
    except votes.TooManyVotes:
        messages.warning(request, _("มีผู้ตอบจากเครือข่ายนี้หลายครั้งแล้ว โปรดเข้าสู่ระบบเพื่อแสดงความเห็น"))
    return redirect(f"{faq.get_absolute_url()}#feedback")
