"""The public contact form, its thank-you page and the status page.

The status page answers only to a tracking number together with the e-mail
it was sent from, gives the same answer for a wrong number and a wrong
address, and is rate limited, so numbers cannot be walked through."""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from contact import tasks
from contact.forms import ContactForm, StatusForm, count_links
from contact.models import ContactRequest, StateChange
from kmlaas import ratelimit

SESSION_KEY = "contact_number"


def _member_initial(user):
    if not user.is_authenticated:
        return {}
    profile = getattr(user, "profile", None)
    name = (profile.full_name if profile else "") or user.get_short_name()
    return {"name": name, "email": user.email}


def _allowed(request, email):
    """One submission more for this visitor (member or address) and this e-mail?"""
    limit, window = settings.CONTACT_LIMIT, settings.CONTACT_WINDOW
    by_client = ratelimit.allow(f"contact:{ratelimit.client_key(request)}", limit, window)
    by_email = ratelimit.allow(f"contact-email:{email.lower()}", limit, window)
    return by_client and by_email


@require_http_methods(["GET", "HEAD", "POST"])
def contact_form(request):
    form = ContactForm(request.POST or None, initial=_member_initial(request.user))
    status = 200
    if request.method == "POST" and form.is_bot:
        # Told it worked, so it has no reason to try again; nothing is kept.
        request.session[SESSION_KEY] = ""
        return redirect("contact:thanks")
    if request.method == "POST" and form.is_valid():
        if _allowed(request, form.cleaned_data["email"]):
            contact = _store(form, request.user)
            request.session[SESSION_KEY] = contact.number
            return redirect("contact:thanks")
        form.add_error(None, _("ท่านส่งเรื่องถี่เกินไป โปรดรอสักครู่แล้วลองใหม่"))
        status = 429
    context = {"form": form, "crumbs": [(None, _("ติดต่อ/ร้องเรียน"))]}
    return render(request, "contact/form.html", context, status=status)


@transaction.atomic
def _store(form, user):
    contact = form.save(commit=False)
    contact.user = user if user.is_authenticated else None
    contact.held = count_links(f"{contact.subject} {contact.message}") > settings.CONTACT_MAX_LINKS
    contact.save()
    contact.assign_number()
    StateChange.objects.create(request=contact, state=contact.state)
    if not contact.held:
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(contact.pk))
    return contact


@require_safe
def thanks(request):
    context = {"number": request.session.get(SESSION_KEY), "crumbs": [(None, _("ติดต่อ/ร้องเรียน"))]}
    return render(request, "contact/thanks.html", context)


def _digest(text):
    return hashlib.sha256(text.encode()).digest()


def _find(number, email):
    """The request with this number sent from this e-mail, or None either way."""
    contact = ContactRequest.objects.filter(number=number, anonymised_at=None).first()
    stored = contact.email.lower() if contact else ""
    # Compared in constant time (digests of equal length), whether or not the number was found.
    same = hmac.compare_digest(_digest(stored), _digest(email.lower()))
    if contact is None or not stored or not same:
        return None
    return contact


@require_http_methods(["GET", "HEAD", "POST"])
def status(request):
    form = StatusForm(request.POST or None, initial={"number": request.GET.get("number", "")[:40]})
    context = {"form": form, "crumbs": [(None, _("ติดตามสถานะเรื่อง"))]}
    code = 200
    if request.method == "POST" and form.is_valid():
        key = f"contact-status:{ratelimit.client_key(request)}"
        if not ratelimit.allow(key, settings.CONTACT_STATUS_LIMIT, settings.CONTACT_WINDOW):
            form.add_error(None, _("ท่านค้นหาถี่เกินไป โปรดรอสักครู่แล้วลองใหม่"))
            code = 429
        elif contact := _find(form.cleaned_data["number"], form.cleaned_data["email"]):
            context["contact"] = contact
            context["changes"] = contact.changes.all()
        else:
            form.add_error(None, _("ไม่พบเรื่องที่มีเลขที่และอีเมลนี้ — ตรวจเลขที่เรื่องและอีเมลอีกครั้ง"))
    return render(request, "contact/status.html", context, status=code)
