import datetime
import re

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from kmlaas import sharing, thai
from kmlaas.richtext import sanitize

register = template.Library()


@register.filter
def thai_date(value, style="short"):
    """{{ d|thai_date }} → 4 มิ.ย. 2569; {{ d|thai_date:"long" }} → 4 มิถุนายน 2569;
    "datetime" and "long_datetime" add the time (of a datetime). A value that
    is not a date is left as it is: history pages pass any field's value."""
    if not isinstance(value, datetime.date):
        return "" if value is None else value
    return thai.format_date(
        value,
        long=style.startswith("long"),
        with_time=style.endswith("datetime"),
        language=get_language() or "th",
    )


# A year in a title Django has already formatted ("2026", "มิถุนายน 2026").
_CE_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


@register.filter
def be_years(title):
    """The admin's date hierarchy links with BE years: Django builds their
    titles as text from CE dates and offers no hook, so the year is rewritten."""
    return _CE_YEAR.sub(lambda year: str(int(year[0]) + thai.BE_OFFSET), str(title))


@register.simple_tag
def current_be_year():
    return thai.be_year(timezone.localdate())


@register.filter
def fiscal_year(value):
    return thai.fiscal_year(value)


@register.filter
def richtext(value):
    return sanitize(value)


@register.inclusion_tag("includes/_share_meta.html", takes_context=True)
def share_meta(context, item=None, title="", summary="", image=None):
    """{% share_meta item summary=item.summary %} on a detail page; base.html's
    bare {% share_meta %} shares any other page as the portal."""
    request = context.get("request")
    if request is None:  # a page rendered without one (an e-mail, a bare test render)
        return {}
    return {"share": sharing.card(request, item, title=title, summary=summary, image=image)}
