"""Deployment checks (`manage.py check --deploy`) for settings Django does
not know about."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    # Links in e-mails and every page's canonical and shared address are
    # built on SITE_URL: left at its default they all point at a laptop.
    parts = urlsplit(settings.WEBBOARD_SITE_URL)
    if parts.scheme == "https" and parts.hostname not in ("127.0.0.1", "localhost"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.WEBBOARD_SITE_URL!r}: e-mail links and canonical page addresses "
            "would point there.",
            hint="Set SITE_URL to the portal's public https:// address.",
            id="kmlaas.W001",
        )
    ]
