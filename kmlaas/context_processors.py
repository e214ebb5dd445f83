from kmlaas.pages import SiteContact
from kmlaas.sections import SECTIONS


def site(request):
    match = getattr(request, "resolver_match", None)
    return {
        "site_contact": SiteContact.current(),
        "sections": SECTIONS,
        "current_section": match.namespace if match else "",
    }
