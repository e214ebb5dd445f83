"""Questions like the one being typed: while a member writes the title of a
new thread, the site search (kmlaas.search.engine, the same ranking as the
search page) offers FAQ answers and threads that may already answer it."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from kmlaas import ratelimit
from kmlaas.search import engine
from kmlaas.search.models import Entry
from webboard.models import Thread

MIN_CHARS = 3
LIMIT = 5
FAQ_FIRST = 3  # answers first, but threads keep a place when there are some
# A member pausing every few words asks a few times a minute; a script, more.
PER_MINUTE = 30


def _titles(section, ids):
    entries = Entry.objects.filter(section=section, object_id__in=ids).values("object_id", "title", "url")
    by_id = {entry["object_id"]: entry for entry in entries}
    return [by_id[pk] for pk in ids if pk in by_id]


def find_similar(text):
    """Up to LIMIT {title, url, kind}: FAQ answers, then threads, each in
    the engine's order. Only what the search shows everyone comes back;
    threads are checked again against the board, so a thread of a room just
    switched off never shows even before its index entry catches up."""
    faq_ids = (engine.ranked_ids(text, "faq", limit=LIMIT) or [])[:LIMIT]
    thread_ids = (engine.ranked_ids(text, "webboard", limit=LIMIT) or [])[:LIMIT]
    if thread_ids:
        visible = set(
            Thread.objects.listed()
            .filter(room__is_active=True, pk__in=thread_ids)
            .values_list("pk", flat=True)
        )
        thread_ids = [pk for pk in thread_ids if pk in visible]
    faqs = [{"title": e["title"], "url": e["url"], "kind": "faq"} for e in _titles("faq", faq_ids)]
    threads = [
        {"title": e["title"], "url": e["url"], "kind": "thread"} for e in _titles("webboard", thread_ids)
    ]
    chosen = faqs[:FAQ_FIRST]
    chosen += threads[: LIMIT - len(chosen)]
    chosen += faqs[FAQ_FIRST : FAQ_FIRST + LIMIT - len(chosen)]
    return chosen


@require_safe
def similar(request):
    text = request.GET.get("q", "").strip()
    status, results = 200, []
    if len(text) >= MIN_CHARS:
        if ratelimit.allow(f"webboard-similar:{ratelimit.client_key(request)}", PER_MINUTE, 60):
            results = find_similar(text)
        else:
            status = 429
    response = JsonResponse({"results": results}, status=status, json_dumps_params={"ensure_ascii": False})
    # The same words ask the same again while a member edits the title.
    patch_cache_control(response, private=True, max_age=0 if status == 429 else 60)
    return response
