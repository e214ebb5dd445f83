"""Recording "was this helpful?" answers.

A visitor is a member (by account) or, when not logged in, a session. A
session costs nothing to throw away, so new answers from visitors who are
not logged in are also limited per address and question (an office behind
one address still gets a few). The unique constraints on Vote make a second
row impossible, so answering again changes the one answer instead of adding
another; the counts shown in the admin are recomputed from the votes table
after every write.
"""

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from faq.models import Faq, Vote
from kmlaas import ratelimit

_SESSION_FLAG = "faq_voter"
ANONYMOUS_VOTES_PER_ADDRESS = 3
ANONYMOUS_VOTE_WINDOW = 24 * 3600


class TooManyVotes(Exception):
    """Another new anonymous answer from an address that has given its share."""


def vote_of(request, faq):
    """This visitor's vote on the question, or None (no query for a visitor without a session)."""
    who = ratelimit.browser(request, create=False, flag=_SESSION_FLAG)
    if who is None:
        return None
    return Vote.objects.filter(faq=faq, **who).first()


def record(request, faq, *, helpful=None, comment=None):
    """Store the visitor's answer and/or comment; returns the vote, or None when
    there is only a comment and no earlier answer to attach it to. Raises
    TooManyVotes for a new anonymous answer over the address's limit."""
    who = ratelimit.browser(request, create=False, flag=_SESSION_FLAG)
    vote = Vote.objects.filter(faq=faq, **who).first() if who else None
    if helpful is None:
        if vote is None:
            return None
        vote.comment = comment or ""
        vote.save(update_fields=["comment", "updated_at"])
        return vote
    if vote is None and not request.user.is_authenticated:
        # Checked before a session is made, so refused requests leave nothing behind.
        key = f"faq-vote:{faq.pk}:{ratelimit.client_key(request)}"
        if not ratelimit.allow(key, ANONYMOUS_VOTES_PER_ADDRESS, ANONYMOUS_VOTE_WINDOW):
            raise TooManyVotes
        who = ratelimit.browser(request, create=True, flag=_SESSION_FLAG)
    defaults = {"helpful": helpful}
    if comment is not None:
        defaults["comment"] = comment
    vote, _created = Vote.objects.update_or_create(faq=faq, **who, defaults=defaults)
    refresh_counts(faq)
    return vote


def refresh_counts(faq):
    """Recount the question's answers from the votes table, in one UPDATE."""

    def count(helpful):
        votes = Vote.objects.filter(faq=OuterRef("pk"), helpful=helpful).order_by()
        return Coalesce(Subquery(votes.values("faq").annotate(n=Count("pk")).values("n")), Value(0))

    Faq.objects.filter(pk=faq.pk).update(helpful_yes=count(True), helpful_no=count(False))
