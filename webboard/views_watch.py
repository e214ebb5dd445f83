"""Watching a room: every new thread and reply, new threads only, or
nothing (webboard.tasks reads the choice when it mails)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kmlaas.slugs import find_by_slug
from webboard.forms import RoomWatchForm
from webboard.models import Room, RoomWatch


@login_required
@require_POST
def watch_room(request, slug):
    room, moved = find_by_slug(request, Room.objects.filter(is_active=True), slug)
    if moved:
        return moved
    form = RoomWatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("โปรดเลือกว่าจะรับอีเมลจากห้องนี้อย่างไร"))
        return redirect(room)
    watch = RoomWatch.objects.filter(room=room, user=request.user).first()
    mode = form.cleaned_data["mode"]
    if not mode:
        # A form without the choice (an older page) switches watching on or off.
        mode = RoomWatchForm.OFF if watch else RoomWatch.Mode.ALL
    if mode == RoomWatchForm.OFF:
        if watch:
            watch.delete()
        messages.success(request, _("เลิกติดตามห้องนี้แล้ว"))
    else:
        RoomWatch.objects.update_or_create(room=room, user=request.user, defaults={"mode": mode})
        if mode == RoomWatch.Mode.NEW_THREADS:
            messages.success(request, _("ติดตามห้องนี้แล้ว — จะได้รับอีเมลเมื่อมีกระทู้ใหม่เท่านั้น"))
        else:
            messages.success(request, _("ติดตามห้องนี้แล้ว — จะได้รับอีเมลทุกกระทู้ใหม่และทุกคำตอบ"))
    return redirect(room)
