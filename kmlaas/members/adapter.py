"""allauth's adapter with two changes: how the visitor's address is read, and
whom the account e-mails come from."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

# The context keys through which allauth hands its e-mails a link to the site
# (confirmation, password reset, "already exists", "unknown account").
MAIL_LINKS = ["activate_url", "password_reset_url", "signup_url"]


def on_portal(url):
    """The same page on the portal's public address (SITE_URL)."""
    portal = urlsplit(settings.WEBBOARD_SITE_URL)
    page = urlsplit(url)
    return urlunsplit((portal.scheme, portal.netloc, portal.path.rstrip("/") + page.path, page.query, ""))


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The address TRUSTED_PROXY_COUNT proxies saw, as allauth reads it —
        but a request that reached the portal past its proxies (too few
        X-Forwarded-For entries) or names no valid address is counted by its
        socket peer instead of failing: every rate limit needs some address."""
        try:
            address = get_client_ip(request)
        except ImproperlyConfigured:
            address = None
        return address or request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - an address, not a bind

    def send_mail(self, template_prefix, email, context):
        """Without django.contrib.sites allauth names the request's host as the
        site ("Hello from 127.0.0.1:8000") and links to it; behind a proxy that
        may be an internal name. The mails greet with the portal's name instead
        and link to SITE_URL, as the webboard's mails do."""
        portal = SimpleNamespace(
            name=f"KM e-LAAS — {gettext('คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท.')}",
            domain=urlsplit(settings.WEBBOARD_SITE_URL).netloc,
        )
        links = {key: on_portal(context[key]) for key in MAIL_LINKS if key in context}
        super().send_mail(template_prefix, email, {**context, **links, "current_site": portal})
