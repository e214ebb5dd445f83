from django import template

from feedback.answers import KINDS

register = template.Library()


@register.filter
def feedback_kind(item):
    """The name the widget posts for item ("manuals.manual"), or "" for a kind readers cannot answer about."""
    label = item._meta.label_lower
    return label if label in KINDS else ""
