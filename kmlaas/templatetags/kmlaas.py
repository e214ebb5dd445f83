from django import template
from django.utils.translation import get_language

from kmlaas import thai
from kmlaas.richtext import sanitize

register = template.Library()


@register.filter
def thai_date(value, style="short"):
    """{{ d|thai_date }} → 4 มิ.ย. 2569; {{ d|thai_date:"long" }} → 4 มิถุนายน 2569;
    "datetime" and "long_datetime" add the time."""
    return thai.format_date(
        value,
        long=style.startswith("long"),
        with_time=style.endswith("datetime"),
        language=get_language() or "th",
    )


@register.filter
def fiscal_year(value):
    return thai.fiscal_year(value)


@register.filter
def richtext(value):
    return sanitize(value)
