"""Turning a solved webboard thread into an FAQ draft.

The webboard calls this from its staff action ("ทำเป็นคำถามที่พบบ่อย");
an editor then picks the topic, tidies the wording and publishes.
"""

from django.utils import timezone

from faq.models import Faq
from kmlaas.richtext import sanitize


def create_from_thread(title, question_html, answer_html, author):
    """A new draft FAQ from a thread's title, its opening post and the accepted answer."""
    return Faq.objects.create(
        title=" ".join(title.split())[:300],
        details=str(sanitize(question_html)),
        answer=str(sanitize(answer_html)),
        author=author,
        status=Faq.Status.DRAFT,
        publish_at=timezone.now(),
        last_reviewed=timezone.localdate(),
    )
