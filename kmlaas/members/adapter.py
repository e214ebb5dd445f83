"""allauth's adapter with one change: how the visitor's address is read."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured


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
