from django.shortcuts import render
from django.views.decorators.http import require_safe

from kmlaas.search import engine
from kmlaas.search.forms import SearchForm
from kmlaas.sections import SECTIONS, SECTIONS_BY_KEY

SNIPPET_WIDTH = 240


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = engine.search(
            data["q"], section=data["section"] or None, year=data["year"], page_number=request.GET.get("page")
        )
    if results:
        for entry in results.page.object_list:
            entry.section_title = (
                SECTIONS_BY_KEY[entry.section].title if entry.section in SECTIONS_BY_KEY else ""
            )
            entry.title_html = engine.highlight(entry.title, results.words)
            entry.snippet_html = engine.highlight(entry.body, results.words, width=SNIPPET_WIDTH)
        for facet in results.sections:
            facet["title"] = (
                SECTIONS_BY_KEY[facet["section"]].title
                if facet["section"] in SECTIONS_BY_KEY
                else facet["section"]
            )
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", "") if form.is_valid() else "",
            "results": results,
            "sections": SECTIONS,
            "popular": engine.popular_queries(),
        },
    )


@require_safe
def suggest(request):
    """Titles as the visitor types (an htmx fragment; plain HTML without it)."""
    titles = engine.titles_starting(request.GET.get("q", ""))
    return render(request, "search/_suggestions.html", {"titles": titles})
