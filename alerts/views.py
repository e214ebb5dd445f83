"""The pages of e-mail alerts. A visitor asks on a form and confirms from
the mail (double opt-in); every mail's links (manage, unsubscribe) carry the
subscription's random token, so no sign-in is needed to change or stop it.
Members manage theirs in their account."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from alerts.forms import PreferencesForm, SubscribeForm
from alerts.mail import read_confirm_token
from alerts.models import Subscription
from alerts.tasks import send_confirmation
from kmlaas import ratelimit
from kmlaas.taxonomy import Module

# Per address (or member): enough to fix a typo, too few to mail-bomb anyone.
REQUESTS_PER_CLIENT = 5
REQUESTS_WINDOW = 3600
MAILS_PER_ADDRESS = 3
MAILS_WINDOW = 24 * 3600


def _not_found(request):
    return render(request, "alerts/invalid.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("website"):
            return redirect("alerts:sent")  # a bot: told it worked
        if not ratelimit.allow(
            f"alerts-ask:{ratelimit.client_key(request)}", REQUESTS_PER_CLIENT, REQUESTS_WINDOW
        ):
            return render(request, "429.html", status=429)
        if form.is_valid():
            _ask(form)
            return redirect("alerts:sent")
    modules = Module.objects.all()
    return render(
        request,
        "alerts/subscribe.html",
        {"form": form, "modules": modules, "crumbs": [(None, _("รับข่าวสารทางอีเมล"))]},
    )


@transaction.atomic
def _ask(form):
    """Store the choices and mail the address. The page that follows is the
    same whether the address was known or not; an address already confirmed
    keeps its choices and is mailed a link to change them instead."""
    email = form.cleaned_data["email"]
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    already = subscription is not None and subscription.confirmed_at is not None
    if not already:
        subscription = subscription or Subscription(email=email)
        subscription.sections = form.cleaned_data["sections"]
        subscription.frequency = form.cleaned_data["frequency"]
        subscription.save()
        subscription.modules.set(form.cleaned_data["modules"])
    if ratelimit.allow(f"alerts-mail:{email}", MAILS_PER_ADDRESS, MAILS_WINDOW):
        pk = subscription.pk
        transaction.on_commit(lambda: send_confirmation.enqueue(pk, already))


@require_safe
def sent(request):
    return render(request, "alerts/sent.html", {"crumbs": [(None, _("รับข่าวสารทางอีเมล"))]})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, signed):
    # A button, not the link itself: mail scanners open links, people press buttons.
    data = read_confirm_token(signed)
    subscription = data and Subscription.objects.filter(token=data.get("t"), email=data.get("e")).first()
    if subscription is None:
        return _not_found(request)
    if request.method == "POST":
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        messages.success(request, _("ยืนยันอีเมลแล้ว ท่านจะได้รับข่าวสารตามที่เลือกไว้"))
        return redirect("alerts:manage", subscription.token)
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscription = Subscription.objects.filter(token=token).prefetch_related("modules").first()
    if subscription is None:
        return _not_found(request)
    form = PreferencesForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("บันทึกการตั้งค่าแล้ว"))
        return redirect("alerts:manage", token)
    return render(request, "alerts/manage.html", {"form": form, "subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form of ours
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        # Idempotent: a second press (or a client's retry) ends on the same page.
        Subscription.objects.filter(token=token).delete()
        return render(request, "alerts/unsubscribed.html")
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return _not_found(request)
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


def _members_subscription(user):
    """The member's own, or one their address made as a visitor, which becomes theirs."""
    return (
        Subscription.objects.filter(user=user).first()
        or Subscription.objects.filter(email=user.email.lower(), user__isnull=True).first()
        or Subscription(user=user, email=user.email)
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    subscription = _members_subscription(request.user)
    form = PreferencesForm(request.POST or None, instance=subscription)
    if request.method == "POST" and "stop" in request.POST:
        if subscription.pk:
            subscription.delete()
        messages.success(request, _("ยกเลิกการรับข่าวสารทางอีเมลแล้ว"))
        return redirect("alerts:account")
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        subscription.user = request.user
        subscription.email = request.user.email
        # allauth verified the address: no second confirmation.
        verified = EmailAddress.objects.filter(
            user=request.user, email__iexact=request.user.email, verified=True
        )
        if subscription.confirmed_at is None and verified.exists():
            subscription.confirmed_at = timezone.now()
        subscription.save()
        form.save_m2m()
        messages.success(request, _("บันทึกการตั้งค่าแล้ว"))
        return redirect("alerts:account")
    return render(
        request,
        "alerts/account.html",
        {"form": form, "subscription": subscription, "crumbs": [(None, _("การแจ้งเตือนทางอีเมล"))]},
    )
