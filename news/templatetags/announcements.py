from django import template

from news import banners

register = template.Library()


@register.simple_tag(takes_context=True)
def site_announcements(context):
    """{% site_announcements as banners %}: the banners this visitor has not dismissed."""
    return banners.visible_to(context.get("request"))
