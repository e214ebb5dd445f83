import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kmlaas.members.forms import DeleteAccountForm, ProfileForm
from kmlaas.members.models import Profile
from webboard.models import Notification, Post, RoomWatch, Thread, ThreadWatch


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    instance = Profile.objects.select_related("lao").filter(user=request.user).first() or Profile(
        user=request.user
    )
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=instance, user=request.user)
        if "refresh" not in request.POST and form.is_valid():
            form.save()
            messages.success(request, _("บันทึกข้อมูลสมาชิกแล้ว"))
            return redirect("members:profile")
        if "refresh" in request.POST:
            form.errors.clear()
    else:
        form = ProfileForm(instance=instance, user=request.user)
    return render(
        request,
        "members/profile.html",
        {"form": form, "crumbs": [(None, _("ข้อมูลสมาชิก"))]},
    )


def _export(user):
    profile = Profile.objects.select_related("lao").filter(user=user).first()
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at")
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "profile": profile
        and {
            "full_name": profile.full_name,
            "position": profile.position,
            "workplace": profile.workplace,
            "lao": profile.lao and {"code": profile.lao.code, "name": profile.lao.name},
            "agency": profile.agency,
            "phone": profile.phone,
            "privacy_consent_at": profile.consent_at,
            "privacy_policy_version": profile.consent_version,
        },
        "threads": [
            {"id": t.pk, "title": t.title, "created_at": t.created_at}
            for t in Thread.objects.filter(author=user).order_by("created_at")
        ],
        "posts": [
            {"id": p.pk, "thread": p.thread.title, "body": p.body, "created_at": p.created_at}
            for p in posts.iterator()
        ],
        "watching": {
            "threads": list(ThreadWatch.objects.filter(user=user).values_list("thread_id", flat=True)),
            "rooms": list(RoomWatch.objects.filter(user=user).values_list("room__name", flat=True)),
        },
        "notifications": Notification.objects.filter(user=user).count(),
    }


@login_required
@require_safe
def export(request):
    response = HttpResponse(
        json.dumps(_export(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="km-elaas-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            # Posts and threads point at the user with SET_NULL: they stay,
            # shown as written by a deleted account; everything personal cascades.
            logout(request)
            user.delete()
        messages.success(request, _("ลบบัญชีและข้อมูลส่วนตัวแล้ว ขอบคุณที่ใช้งาน KM e-LAAS"))
        return redirect("home")
    return render(
        request,
        "members/delete.html",
        {"form": form, "crumbs": [(None, _("ลบบัญชี"))]},
    )
