"""Index and query the one search table shared by every section.

Indexable models have a `search_section` (a key of kmlaas.sections) and a
`search_document()` returning {"title", "body", "date", "number"}. The
publishing code calls `index(item)` after an item is saved and `remove(item)`
when it is deleted; `rebuild()` (manage.py rebuild_search_index) redoes all.
"""

import datetime
import re
import time
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pythainlp.corpus import thai_stopwords

from kmlaas.search.models import Entry, Query, Word
from kmlaas.search.text import clean, index_text, spellings, synonyms, tokens
from kmlaas.thai import BE_OFFSET, to_arabic_digits
from regulations.numbers import looks_like_number, normalize_number

MAX_QUERY = 200
MAX_BODY = 60_000  # characters kept per item; long manuals are still found by their opening pages
FEW_RESULTS = 3
# How alike a title word must be to a query with few exact matches (pg_trgm's default is 0.6).
WORD_SIMILARITY = 0.35
# A typo or a half-typed word is short; a long query that matches nothing is
# a combination of words, which title similarity cannot rescue but would scan for.
FALLBACK_MAX_CHARS = 20
# How alike an index word must be to a typed one to be offered as its spelling.
SPELLING_SIMILARITY = 0.4
# Up to this many matches are ranked on their whole text. A word found in
# more items than this is common enough that title, phrase and date decide,
# which spares reading every long text (the cost grows with the matches).
RANK_ALL = 1000

_ADD_WORDS = """
    INSERT INTO search_word (text)
    SELECT DISTINCT word FROM search_entry, unnest(tsvector_to_array(vector)) AS word
    WHERE search_entry.id = ANY(%s) AND char_length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9./-]+$'
    ORDER BY 1
    ON CONFLICT DO NOTHING
"""


def indexable_models():
    return [model for model in apps.get_models() if hasattr(model, "search_document")]


def _is_public(item):
    status = getattr(item, "status", "published")
    return status == "published" and getattr(item, "search_visible", True)


def index(item):
    """Put one item in the index (or refresh it). Safe to call on drafts:
    they are stored but never shown."""
    document = item.search_document()
    title, body = document["title"], (document.get("body") or "")[:MAX_BODY]
    content_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        entry, _ = Entry.objects.update_or_create(
            content_type=content_type,
            object_id=item.pk,
            defaults={
                "section": item.search_section,
                "title": title[:400],
                "body": body,
                "url": item.get_absolute_url(),
                "date": document.get("date"),
                "number": normalize_number(document.get("number") or ""),
                "title_tokens": index_text(title),
                "body_tokens": index_text(body),
                "is_public": _is_public(item),
                "publish_at": getattr(item, "publish_at", None),
            },
        )
        complete([entry.pk])
    return entry


def complete(entry_ids):
    """Build the tsvector of entries whose tokens are written, and put their
    words in the spelling list. Drafts' words go in too: a spelling is
    offered only when it finds something visible."""
    Entry.objects.filter(pk__in=entry_ids).update(
        vector=SearchVector("title_tokens", weight="A", config="simple")
        + SearchVector("body_tokens", weight="B", config="simple")
    )
    _add_words(entry_ids)


def _add_words(entry_ids):
    with connection.cursor() as cursor:
        # In a fixed order, so two writers adding the same words cannot deadlock.
        cursor.execute(_ADD_WORDS, [list(entry_ids)])


def remove(item):
    Entry.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk).delete()


def rebuild(stdout=None):
    """Re-index every item of every indexable model and drop entries whose
    item is gone. Safe to run at any time: each item is replaced in place."""
    total = 0
    for model in indexable_models():
        content_type = ContentType.objects.get_for_model(model)
        seen = []
        for item in model.objects.all().iterator(chunk_size=500):
            index(item)
            seen.append(item.pk)
        Entry.objects.filter(content_type=content_type).exclude(object_id__in=seen).delete()
        total += len(seen)
        if stdout:
            stdout.write(f"  {model._meta.label}: {len(seen)}")
    with transaction.atomic():
        # Words only removed items had go; readers see the old list until commit.
        Word.objects.all().delete()
        _add_words(Entry.objects.values_list("pk", flat=True))
    return total


@dataclass
class Results:
    query: str
    page: object
    sections: list
    years: list
    count: int
    words: list
    spelling: str


@dataclass(frozen=True)
class _Parsed:
    text: str
    words: tuple
    number: str


def _parse(raw):
    text = clean(raw)[:MAX_QUERY]
    stop = thai_stopwords()
    words = [w for w in tokens(text, expand_compounds=False) if any(ch.isalnum() for ch in w)]
    meaningful = [w for w in words if w not in stop] or words
    number = normalize_number(text) if looks_like_number(text) else ""
    return _Parsed(text=text, words=tuple(dict.fromkeys(meaningful)), number=number)


def _tsquery(words):
    combined = None
    for word in words:
        alternatives = None
        for form in sorted(synonyms(word)):
            for position, sequence in enumerate(spellings(form)):
                # The word itself as a phrase; the plain dictionary's parts
                # anywhere (a longer compound may have swallowed them).
                # Both escape everything: no operator typed can break them.
                kind = "phrase" if position == 0 else "plain"
                query = SearchQuery(" ".join(sequence), config="simple", search_type=kind)
                alternatives = query if alternatives is None else alternatives | query
        if alternatives is not None:
            combined = alternatives if combined is None else combined & alternatives
    return combined


def visible_entries():
    now = timezone.now()
    return Entry.objects.filter(is_public=True).filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))


def _matches(parsed, section=None):
    """The visible entries, what a match is, and how matches are scored: a
    score from the title, number and date (cheap whatever the number of
    matches) and one from the whole text (read for each match)."""
    entries = visible_entries()
    if section:
        entries = entries.filter(section=section)
    tsquery = _tsquery(parsed.words)
    condition = Q(pk__in=[])
    score = Value(0.0, output_field=FloatField())
    text_score = Value(0.0, output_field=FloatField())
    if tsquery is not None:
        condition |= Q(vector=tsquery)
        text_score = SearchRank(F("vector"), tsquery, weights=[0.1, 0.2, 0.4, 1.0])
    if parsed.number:
        # A document number typed in full or in part comes first.
        condition |= Q(number__contains=parsed.number)
        score += Case(
            When(number=parsed.number, then=Value(20.0)),
            When(number__contains=parsed.number, then=Value(10.0)),
            default=Value(0.0),
        )
    phrase = " ".join(parsed.words)
    if phrase:
        score += Case(When(_has("title_tokens", phrase), then=Value(1.0)), default=Value(0.0))
        text_score += Case(When(_has("body_tokens", phrase), then=Value(0.3)), default=Value(0.0))
        # Every word in the title, even apart, beats many mentions in a long text.
        in_title = Q()
        for word in parsed.words:
            in_title &= _has("title_tokens", word)
        score += Case(When(in_title, then=Value(0.5)), default=Value(0.0))
    # A mild preference for recent items: a year-old one loses a little.
    score += RawSQL(
        "COALESCE(0.2 / (1 + GREATEST(current_date - search_entry.date, 0) / 365.0), 0)",
        [],
        output_field=FloatField(),
    )
    return entries, condition, score, text_score


def _has(field, text):
    # strpos(): on Thai text twice as quick as the LIKE that __contains makes,
    # which counts for a common word's thousands of matches.
    return Q(GreaterThan(StrIndex(field, Value(text)), 0))


def _facets(matched):
    """Counts by section and by BE year, and the number of matches, from one
    grouped query."""
    rows = list(
        matched.annotate(be_year=ExtractYear("date") + BE_OFFSET)
        .values("section", "be_year")
        .annotate(count=Count("id"))
    )
    sections, years = {}, {}
    for row in rows:
        sections[row["section"]] = sections.get(row["section"], 0) + row["count"]
        if row["be_year"]:
            years[row["be_year"]] = years.get(row["be_year"], 0) + row["count"]
    return (
        [{"section": key, "count": n} for key, n in sorted(sections.items(), key=lambda item: -item[1])],
        [{"be_year": key, "count": n} for key, n in sorted(years.items(), reverse=True)],
        sum(sections.values()),
    )


def search(raw, *, section=None, year=None, page_number=1, per_page=20, log=True):
    started = time.monotonic()
    parsed = _parse(raw)
    if not parsed.words and not parsed.number:
        return None
    entries, condition, score, text_score = _matches(parsed, section)
    # One transaction, so the looser similarity threshold stays local to it.
    with transaction.atomic():
        matched = entries.filter(condition)
        sections, years, total = _facets(matched)
        if total < FEW_RESULTS and len(parsed.text) <= FALLBACK_MAX_CHARS:
            # Typos and partial words: titles with a word that looks alike count too.
            _set_local("pg_trgm.word_similarity_threshold", WORD_SIMILARITY)
            similarity = TrigramWordSimilarity(parsed.text, "title")
            matched = entries.annotate(similarity=similarity).filter(
                condition | Q(title__trigram_word_similar=parsed.text)
            )
            score += F("similarity")
            sections, years, total = _facets(matched)
        ranked = matched.annotate(score=score + text_score if total <= RANK_ALL else score)
        if year:
            ranked = ranked.filter(date__year=year - BE_OFFSET)
            count = next((facet["count"] for facet in years if facet["be_year"] == year), 0)
        else:
            count = total
        ranked = ranked.defer("title_tokens", "body_tokens", "vector").order_by("-score", "-date", "-id")
        paginator = Paginator(ranked, per_page)
        paginator.count = count  # known from the facets: saves a COUNT over every match
        page = paginator.get_page(page_number)
        page.object_list = list(page.object_list)
    if log:
        Query.objects.create(
            text=parsed.text,
            section=section or "",
            results=count,
            milliseconds=int((time.monotonic() - started) * 1000),
        )
    return Results(
        query=parsed.text,
        page=page,
        sections=sections,
        years=years,
        count=count,
        words=_highlight_words(parsed),
        spelling="" if count else spelling(parsed.text, section),
    )


def _set_local(setting, value):
    """Change a PostgreSQL setting until the end of the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [setting, str(value)])


def spelling(text, section=None, max_words=6):
    """The query with each typed word swapped for the closest word in the
    index, offered when that finds something; "" when there is none."""
    typed = text.split()[:max_words]
    corrected = []
    with transaction.atomic():
        _set_local("pg_trgm.similarity_threshold", SPELLING_SIMILARITY)
        for word in typed:
            closest = None
            if len(word) >= 3:
                closest = (
                    Word.objects.filter(text__trigram_similar=word)
                    .annotate(similarity=TrigramSimilarity("text", word))
                    .order_by("-similarity", "text")
                    .values_list("text", flat=True)
                    .first()
                )
            corrected.append(closest or word)
    if corrected == typed:
        return ""
    suggestion = " ".join(corrected)
    entries, condition, _, _ = _matches(_parse(suggestion), section)
    return suggestion if entries.filter(condition).exists() else ""


def titles_starting(raw, limit=8):
    """Search-as-you-type: titles containing what has been typed so far,
    from three characters (the trigram index needs them)."""
    text = clean(raw)[:MAX_QUERY]
    if len(text) < 3:
        return []
    return list(
        visible_entries()
        .filter(title__icontains=text)
        .order_by("-date", "-id")
        .values("title", "url", "section")[:limit]
    )


def _highlight_words(parsed):
    forms = set()
    for word in parsed.words:
        forms.update(synonyms(word))
    if parsed.number:
        forms.add(parsed.number)
    return sorted((f for f in forms if len(f) > 1), key=len, reverse=True)


def highlight(text, words, *, width=None):
    """Escape `text` and wrap each occurrence of `words` in <mark>, on the
    document's own characters (Thai digits stay Thai). With `width`, only a
    window of that many characters around the first match is returned."""
    original = text or ""
    # Fold digits and case one character for one, so positions carry over.
    folded = to_arabic_digits(original).lower()
    if len(folded) != len(original):
        folded = original
    spans = []
    if words:
        pattern = re.compile("|".join(re.escape(word) for word in words))
        spans = [match.span() for match in pattern.finditer(folded)]
    start = max(0, spans[0][0] - width // 3) if width and spans else 0
    end = min(len(original), start + width) if width else len(original)
    pieces, cursor = [], start
    for left, right in spans:
        if left < cursor or right > end:
            continue
        pieces += [escape(original[cursor:left]), f"<mark>{escape(original[left:right])}</mark>"]
        cursor = right
    pieces.append(escape(original[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(original) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped


def popular_queries(limit=8):
    """What people searched for most in the last 90 days and found."""

    def compute():
        since = timezone.now() - datetime.timedelta(days=90)
        return list(
            Query.objects.filter(searched_at__gte=since, results__gt=0)
            .values("text")
            .annotate(times=Count("id"))
            .order_by("-times", "text")
            .values_list("text", flat=True)[:limit]
        )

    # Read on every results page; an hour-old list is fresh enough.
    return caches["fragments"].get_or_set(f"search-popular-{limit}", compute, 3600)


def ranked_ids(raw, section, limit=1000):
    """Ids of a section's items that match a query, best first: how a
    section's own search box uses this engine. None when the query has no
    words to search for."""
    parsed = _parse(raw)
    if not parsed.words and not parsed.number:
        return None
    entries, condition, score, text_score = _matches(parsed, section)
    matched = entries.filter(condition)
    if matched[: RANK_ALL + 1].count() <= RANK_ALL:
        score += text_score
    return list(
        matched.annotate(score=score)
        .order_by("-score", "-date", "-id")
        .values_list("object_id", flat=True)[:limit]
    )


def order_by_ids(queryset, ids):
    """Keep a queryset in the order of `ids` (a search ranking)."""
    ranking = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)], output_field=IntegerField()
    )
    return queryset.filter(pk__in=ids).annotate(search_rank=ranking).order_by("search_rank")
