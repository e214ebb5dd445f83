"""Recording "was this page useful?" answers on the six kinds of content page.

As with the FAQ's votes (faq/votes.py), a visitor is a member by account or,
when not logged in, a session made at the first answer; the database allows
one answer per page each. Unlike the FAQ vote, an answer is not changed
afterwards (only its comment may be added), and every attempt from one
address is counted, so a script that throws its cookies away still cannot
flood the report.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from downloads.models import Form
from faq.models import Faq
from feedback.models import Answer, Page
from kmlaas import ratelimit
from manuals.models import Manual
from news.models import NewsItem
from regulations.models import Regulation
from updates.models import Update

# Which pages may be answered about, by the name the form sends ("manuals.manual").
KINDS = {model._meta.label_lower: model for model in (Manual, Regulation, Faq, NewsItem, Update, Form)}
ATTEMPTS_PER_ADDRESS = 30
ATTEMPT_WINDOW = 3600
_SESSION_FLAG = "page_feedback"


class AlreadyAnswered(Exception):
    """This browser (or member) has answered about this page before."""


class NothingToComment(Exception):
    """A comment from a visitor who has not answered about the page."""


class TooManyAttempts(Exception):
    """The address has sent its share of answers for the hour."""


def check_rate(request):
    key = f"page-feedback:{ratelimit.client_key(request)}"
    if not ratelimit.allow(key, ATTEMPTS_PER_ADDRESS, ATTEMPT_WINDOW):
        raise TooManyAttempts


def record(request, item, *, helpful, comment=""):
    """Store a first answer about item. Raises AlreadyAnswered."""
    who = ratelimit.browser(request, create=False, flag=_SESSION_FLAG)
    if who and Answer.objects.filter(page__in=_page_of(item), **who).exists():
        raise AlreadyAnswered
    page = _page_for(item)
    who = ratelimit.browser(request, create=True, flag=_SESSION_FLAG)
    try:
        with transaction.atomic():
            Answer.objects.create(page=page, helpful=helpful, comment=comment, **who)
    except IntegrityError:  # the same browser's parallel request got there first
        raise AlreadyAnswered from None
    _refresh_counts(page)


def add_comment(request, item, comment):
    """Attach a comment to this visitor's answer. Raises NothingToComment."""
    who = ratelimit.browser(request, create=False, flag=_SESSION_FLAG)
    answer = (
        Answer.objects.filter(page__in=_page_of(item), **who).select_related("page").first() if who else None
    )
    if answer is None:
        raise NothingToComment
    answer.comment = comment
    answer.save(update_fields=["comment"])
    _refresh_counts(answer.page)


def _page_of(item):
    content_type = ContentType.objects.get_for_model(item)
    return Page.objects.filter(content_type=content_type, object_id=item.pk)


def _page_for(item):
    page, _created = Page.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        defaults={"title": str(item)[:500], "url": item.get_absolute_url()[:500]},
    )
    return page


def _refresh_counts(page):
    counts = Answer.objects.filter(page=page).aggregate(
        yes=Count("pk", filter=Q(helpful=True)),
        no=Count("pk", filter=Q(helpful=False)),
        comments=Count("pk", filter=~Q(comment="")),
    )
    Page.objects.filter(pk=page.pk).update(
        helpful_yes=counts["yes"],
        helpful_no=counts["no"],
        comments=counts["comments"],
        last_answer_at=timezone.now(),
    )
