"""Reading is public; writing needs a member with a confirmed e-mail address.
Each view runs a fixed number of queries however long the thread or room."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kmlaas import ratelimit
from kmlaas.members.roles import is_moderator, is_verified
from kmlaas.slugs import find_by_slug
from webboard import markup, posting, throttle
from webboard.forms import (
    EditForm,
    HideForm,
    ListFilterForm,
    ModerateForm,
    PostForm,
    ReportForm,
    RoomWatchForm,
    ThreadForm,
)
from webboard.models import (
    ModerationLog,
    Notification,
    Post,
    ReadMarker,
    Report,
    Room,
    RoomWatch,
    Thread,
    ThreadWatch,
)
from webboard.unsubscribe import read_token

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20  # light pages on a phone over a slow line
VIEW_DEDUP_SECONDS = 6 * 3600

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _crumbs(*trail):
    return [(reverse("webboard:index"), _("เว็บบอร์ด")), *trail]


def _with_read_marks(threads, user):
    """Only for filtering on "unread"; listing pages use _flag_unread, which
    reads the markers of the rows shown in one query instead."""
    marker = ReadMarker.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_post_id")[:1]
    return threads.annotate(read_upto=Subquery(marker))


def _flag_unread(threads, user):
    threads = list(threads)
    marks = {}
    if user.is_authenticated and threads:
        marks = dict(
            ReadMarker.objects.filter(user=user, thread_id__in=[t.pk for t in threads]).values_list(
                "thread_id", "last_read_post_id"
            )
        )
    for thread in threads:
        upto = marks.get(thread.pk)
        thread.is_unread = (
            user.is_authenticated
            and thread.last_post_at >= user.date_joined
            and (upto is None or upto < thread.last_post_id)
        )
        thread.is_new = thread.is_unread and upto is None
    return threads


class ThreadPage(Page):
    """A page of threads fetched in two steps: the ids of the page from the
    index alone (an index-only scan, cheap even at page 500), then those
    rows with their authors."""

    def __init__(self, ids_queryset, number, paginator):
        ids = list(ids_queryset)
        rows = Thread.objects.filter(pk__in=ids).with_progress().select_related("author", "room").in_bulk()
        super().__init__([rows[pk] for pk in ids if pk in rows], number, paginator)


class ThreadPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count=None):
        super().__init__(object_list.values_list("pk", flat=True), per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return super().count if self._known_count is None else self._known_count

    def _get_page(self, object_list, number, paginator):
        return ThreadPage(object_list, number, paginator)


def _member_required(request):
    """None when the member may post; otherwise where to send them."""
    if not is_verified(request.user):
        messages.warning(request, _("โปรดยืนยันอีเมลก่อนตั้งกระทู้หรือตอบ — ระบบได้ส่งลิงก์ยืนยันไปที่อีเมลของท่านแล้ว"))
        return redirect("account_email")
    return None


def _throttled(request):
    if throttle.allow_post(request.user):
        return False
    messages.error(request, _("ท่านส่งข้อความถี่เกินไป โปรดรอสักครู่แล้วลองใหม่"))
    return True


@require_safe
def index(request):
    rooms = Room.objects.filter(is_active=True).select_related("last_thread")
    latest = (
        Thread.objects.listed().with_progress().filter(room__is_active=True).select_related("room", "author")
    )
    context = {
        "rooms": rooms,
        "latest": _flag_unread(latest.order_by("-last_post_at", "-id")[:10], request.user),
        "crumbs": [(None, _("เว็บบอร์ด"))],
    }
    if is_moderator(request.user):
        context["queue_counts"] = {
            "awaiting": Thread.objects.listed().filter(state=Thread.State.OPEN).count(),
            "held": Post.objects.filter(is_approved=False).count(),
            "reports": Report.objects.filter(resolved_at=None).count(),
        }
    return render(request, "webboard/index.html", context)


@require_safe
def room(request, slug):
    room, moved = find_by_slug(request, Room.objects.filter(is_active=True), slug)
    if moved:
        return moved
    form = ListFilterForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    user = request.user
    threads = Thread.objects.listed().filter(room=room)
    now = timezone.now()
    pinned = []
    if show in ("mine", "unread") and not user.is_authenticated:
        show = ""
    if show == "unanswered":
        # The status words' "waiting": no accepted answer and no staff reply yet.
        threads = threads.with_progress().filter(state=Thread.State.OPEN, has_staff_answer=False)
    elif show == "answered":
        threads = threads.filter(state=Thread.State.ANSWERED)
    elif show == "mine":
        threads = threads.filter(author=user)
    elif show == "unread":
        threads = (
            _with_read_marks(threads, user)
            .filter(last_post_at__gte=user.date_joined)
            .exclude(read_upto__gte=F("last_post_id"))
        )
    threads = threads.order_by("-last_post_at", "-id")
    if show:
        paginator = ThreadPaginator(threads, THREADS_PER_PAGE)
    else:
        # Pinned threads head page 1; the rest is counted from the room's counter.
        pinned = list(
            Thread.objects.listed()
            .with_progress()
            .filter(room=room, pinned_until__gt=now)
            .select_related("author")
            .order_by("-pinned_until")
        )
        threads = threads.exclude(pinned_until__gt=now)
        paginator = ThreadPaginator(threads, THREADS_PER_PAGE, count=max(room.thread_count - len(pinned), 0))
    page = paginator.get_page(request.GET.get("page"))
    watch_mode = None
    if user.is_authenticated:
        watch_mode = RoomWatch.objects.filter(room=room, user=user).values_list("mode", flat=True).first()
    return render(
        request,
        "webboard/room.html",
        {
            "room": room,
            "form": form,
            "show": show,
            "pinned": _flag_unread(pinned, user) if page.number == 1 else [],
            "page": page,
            "threads": _flag_unread(page.object_list, user),
            "watch_form": RoomWatchForm(initial={"mode": watch_mode or RoomWatchForm.OFF}),
            "crumbs": _crumbs((None, room.name)),
        },
    )


def _count_view(request, thread):
    """One view per visitor (member, or else address) per thread every few hours,
    however often they reload or change their browser string."""
    if request.method != "GET":
        return
    if ratelimit.first(f"webboard-view:{thread.pk}:{ratelimit.client_key(request)}", VIEW_DEDUP_SECONDS):
        Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)


def _mark_read(user, thread, upto):
    # One statement, and never moves the marker backwards.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReadMarker._meta.db_table} (user_id, thread_id, last_read_post_id) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_post_id = "
            "GREATEST(EXCLUDED.last_read_post_id, "
            f"{ReadMarker._meta.db_table}.last_read_post_id)",
            [user.pk, thread.pk, upto],
        )


def _visible_thread(request, pk):
    threads = Thread.objects.with_progress().select_related(
        "room", "author", "accepted_post__author__profile__lao"
    )
    if request.user.is_authenticated:
        # Read with the thread, so a reload that moves nothing writes nothing.
        threads = _with_read_marks(threads, request.user)
    thread = get_object_or_404(threads, pk=pk)
    own_held = not thread.is_approved and thread.author_id == request.user.pk and not thread.is_hidden
    if not (thread.is_visible_to(request.user) or own_held):
        raise Http404
    return thread


def _page_of(position):
    return (position - 1) // POSTS_PER_PAGE + 1


@require_safe
def thread(request, pk):
    thread = _visible_thread(request, pk)
    user = request.user
    moderator = is_moderator(user)
    if request.GET.get("unread") and user.is_authenticated:
        upto = thread.read_upto or 0
        first = thread.posts.filter(id__gt=upto, is_approved=True).order_by("position").first()
        if first:
            return redirect(first.get_absolute_url())
    pages = max(_page_of(max(thread.last_position, 1)), 1)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), pages)
    except ValueError:
        number = 1
    start = (number - 1) * POSTS_PER_PAGE + 1
    posts = list(
        thread.posts.filter(position__range=(start, start + POSTS_PER_PAGE - 1))
        .select_related("author__profile__lao", "quote__author")
        .prefetch_related("attachments")
    )
    if not moderator:
        posts = [p for p in posts if p.is_approved or (user.is_authenticated and p.author_id == user.pk)]
    _count_view(request, thread)
    seen = max((p.pk for p in posts if p.is_approved), default=0)
    if user.is_authenticated and seen > (thread.read_upto or 0):
        _mark_read(user, thread, seen)
    watching = user.is_authenticated and ThreadWatch.objects.filter(thread=thread, user=user).exists()
    can_reply = not thread.is_locked and (thread.state != Thread.State.CLOSED or moderator)
    for post in posts:
        post.editable = posting.can_edit(user, post) if user.is_authenticated else False
        post.can_be_accepted = post.can_be_accepted_by(user)
    page = Paginator(range(pages), 1).get_page(number)
    first_post = posts[0] if posts and posts[0].position == 1 else None
    return render(
        request,
        "webboard/thread.html",
        {
            "thread": thread,
            "room": thread.room,
            "first_post": first_post,
            "posts": [p for p in posts if p is not first_post],
            "page": page,
            "moderator": moderator,
            "watching": watching,
            "can_reply": can_reply,
            "reply_form": PostForm() if can_reply and user.is_authenticated else None,
            "moderate_form": ModerateForm() if moderator else None,
            "hide_form": HideForm() if moderator else None,
            "crumbs": _crumbs((thread.room.get_absolute_url(), thread.room.name), (None, thread.title)),
        },
    )


def _get_post_for_user(request, pk, *, own=False):
    """The post if the visitor may see it (and, with own=True, change it:
    their own or any for a moderator); otherwise 404, never a hint it exists."""
    post = get_object_or_404(Post.objects.select_related("thread__room", "author"), pk=pk)
    if not post.is_visible_to(request.user):
        raise Http404
    if own and not (is_moderator(request.user) or post.author_id == request.user.pk):
        raise Http404
    return post


@require_safe
def post(request, pk):
    post = _get_post_for_user(request, pk)
    url = post.thread.get_absolute_url()
    number = _page_of(post.position)
    return redirect(f"{url}?page={number}#post-{post.pk}" if number > 1 else f"{url}#post-{post.pk}")


@login_required
@GET_POST
def new_thread(request, slug):
    room, moved = find_by_slug(request, Room.objects.filter(is_active=True), slug)
    if moved:
        return moved
    if blocked := _member_required(request):
        return blocked
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not _throttled(request):
        data = form.cleaned_data
        post = posting.create_thread(
            room=room,
            author=request.user,
            title=data["title"],
            body=data["body"],
            tags=data.get("tags", ()),
            files=data["files"],
        )
        if not post.is_approved:
            messages.info(request, _("ได้รับกระทู้แล้ว กระทู้แรกของสมาชิกใหม่จะแสดงเมื่อผู้ดูแลอนุมัติ"))
        return redirect(post.thread)
    return render(
        request,
        "webboard/new_thread.html",
        {
            "room": room,
            "form": form,
            "crumbs": _crumbs((room.get_absolute_url(), room.name), (None, _("ตั้งกระทู้ใหม่"))),
        },
    )


@login_required
@GET_POST
def reply(request, pk):
    thread = _visible_thread(request, pk)
    if blocked := _member_required(request):
        return blocked
    moderator = is_moderator(request.user)
    if thread.is_locked or (thread.state == Thread.State.CLOSED and not moderator):
        raise PermissionDenied
    quote = None
    quote_id = request.POST.get("quote") or request.GET.get("quote") or ""
    # A hand-edited ?quote= (letters, a sign, a number past bigint) quotes nothing.
    if quote_id.isascii() and quote_id.isdigit() and len(quote_id) < 19:
        quote = (
            thread.posts.filter(pk=int(quote_id), is_hidden=False, is_approved=True)
            .select_related("author")
            .first()
        )
    initial = {}
    if quote and request.method != "POST":
        initial["body"] = markup.quote(quote.body, _author_name(quote.author))
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not _throttled(request):
        post = posting.create_reply(
            thread=thread,
            author=request.user,
            body=form.cleaned_data["body"],
            quote=quote,
            files=form.cleaned_data["files"],
        )
        if not post.is_approved:
            messages.info(request, _("ได้รับคำตอบแล้ว ข้อความแรกของสมาชิกใหม่จะแสดงเมื่อผู้ดูแลอนุมัติ"))
        return redirect(post)
    return render(
        request,
        "webboard/reply.html",
        {
            "thread": thread,
            "form": form,
            "quote": quote,
            "crumbs": _crumbs((thread.get_absolute_url(), thread.title), (None, _("ตอบกระทู้"))),
        },
    )


def _author_name(user):
    return user.get_short_name() if user else _("ผู้ใช้ที่ลบบัญชีแล้ว")


@login_required
@GET_POST
def edit(request, pk):
    post = _get_post_for_user(request, pk, own=True)
    if not posting.can_edit(request.user, post):
        raise PermissionDenied(_("แก้ไขข้อความนี้ไม่ได้แล้ว"))
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial, first=post.is_first)
    if request.method == "POST" and form.is_valid() and not _throttled(request):
        held = posting.edit_post(
            post, editor=request.user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
        )
        if held:
            messages.info(request, _("บันทึกการแก้ไขแล้ว ข้อความจะแสดงอีกครั้งเมื่อผู้ดูแลอนุมัติ"))
        else:
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
        return redirect(post)
    return render(
        request,
        "webboard/edit.html",
        {
            "post": post,
            "form": form,
            "crumbs": _crumbs((post.thread.get_absolute_url(), post.thread.title), (None, _("แก้ไขข้อความ"))),
        },
    )


def _moderator_or_404(request):
    if not is_moderator(request.user):
        raise Http404


@login_required
@require_safe
def history(request, pk):
    _moderator_or_404(request)
    post = _get_post_for_user(request, pk)
    return render(
        request,
        "webboard/history.html",
        {
            "post": post,
            "revisions": post.revisions.select_related("editor"),
            "crumbs": _crumbs((post.thread.get_absolute_url(), post.thread.title), (None, _("ประวัติการแก้ไข"))),
        },
    )


@login_required
@require_POST
def accept(request, pk):
    post = _get_post_for_user(request, pk)
    if not post.can_be_accepted_by(request.user):
        raise Http404
    posting.accept(post, user=request.user)
    messages.success(request, _("เลือกเป็นคำตอบที่ใช้ได้แล้ว"))
    return redirect(post.thread)


@login_required
@require_POST
def hide(request, pk):
    _moderator_or_404(request)
    post = _get_post_for_user(request, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("โปรดระบุเหตุผลที่ซ่อนข้อความ"))
        return redirect(post)
    posting.set_hidden(post, moderator=request.user, hidden=True, reason=form.cleaned_data["reason"])
    messages.success(request, _("ซ่อนข้อความแล้ว"))
    return redirect(post)


@login_required
@require_POST
def restore(request, pk):
    _moderator_or_404(request)
    post = _get_post_for_user(request, pk)
    posting.set_hidden(post, moderator=request.user, hidden=False, reason=request.POST.get("reason", ""))
    messages.success(request, _("แสดงข้อความอีกครั้งแล้ว"))
    return redirect(post)


@login_required
@require_POST
def approve(request, pk):
    _moderator_or_404(request)
    post = _get_post_for_user(request, pk)
    posting.approve(post, moderator=request.user)
    messages.success(request, _("อนุมัติข้อความแล้ว"))
    return redirect(
        request.POST.get("next") == "queue" and reverse("webboard:moderation") or post.get_absolute_url()
    )


@login_required
@require_POST
def moderate(request, pk):
    _moderator_or_404(request)
    thread = get_object_or_404(Thread.objects.select_related("room", "first_post"), pk=pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(thread)
    data = form.cleaned_data
    posting.moderate(
        thread,
        moderator=request.user,
        action=data["action"],
        reason=data["reason"],
        pinned_until=data.get("pinned_until"),
        room=data.get("room"),
    )
    messages.success(request, _("บันทึกการดำเนินการแล้ว"))
    return redirect(thread)


@login_required
@require_POST
def make_faq(request, pk):
    if not request.user.is_staff:
        raise Http404
    thread = get_object_or_404(Thread.objects.select_related("first_post", "accepted_post"), pk=pk)
    if not thread.accepted_post:
        messages.error(request, _("กระทู้นี้ยังไม่มีคำตอบที่เลือก"))
        return redirect(thread)
    faq = posting.to_faq(thread, staff=request.user)
    messages.success(request, _("สร้างร่างคำถามที่พบบ่อยแล้ว โปรดตรวจและเผยแพร่"))
    return redirect(reverse("admin:faq_faq_change", args=[faq.pk]))


@login_required
@GET_POST
def report(request, pk):
    post = _get_post_for_user(request, pk)
    if blocked := _member_required(request):
        return blocked
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                Report.objects.create(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        except IntegrityError:
            messages.info(request, _("ท่านรายงานข้อความนี้ไว้แล้ว ผู้ดูแลจะตรวจสอบโดยเร็ว"))
            return redirect(post)
        messages.success(request, _("ได้รับรายงานแล้ว ผู้ดูแลจะตรวจสอบโดยเร็ว ขอบคุณครับ"))
        return redirect(post)
    return render(
        request,
        "webboard/report.html",
        {
            "post": post,
            "form": form,
            "crumbs": _crumbs((post.thread.get_absolute_url(), post.thread.title), (None, _("รายงานข้อความ"))),
        },
    )


@login_required
@require_POST
def watch_thread(request, pk):
    thread = _visible_thread(request, pk)
    watch, created = ThreadWatch.objects.get_or_create(thread=thread, user=request.user)
    if not created:
        watch.delete()
    messages.success(request, _("ติดตามกระทู้นี้แล้ว") if created else _("เลิกติดตามกระทู้นี้แล้ว"))
    return redirect(thread)


@csrf_exempt  # the signed token is the proof; mail clients POST without a session
@GET_POST
def unsubscribe(request, token):
    """The link in every notification e-mail. GET asks (link scanners must
    not unsubscribe anyone); POST, from the page or a mail client's one-click
    List-Unsubscribe-Post, does it."""
    found = read_token(token)
    if found is None:
        raise Http404
    user_id, kind, object_id = found
    model, field = (ThreadWatch, "thread_id") if kind == "thread" else (RoomWatch, "room_id")
    target = (Thread if kind == "thread" else Room).objects.filter(pk=object_id).first()
    done = False
    if request.method == "POST":
        model.objects.filter(user_id=user_id, **{field: object_id}).delete()
        done = True
    return render(
        request,
        "webboard/unsubscribe.html",
        {"target": target, "kind": kind, "done": done, "crumbs": _crumbs((None, _("เลิกรับอีเมล")))},
    )


@login_required
@require_safe
def notifications(request):
    items = list(
        Notification.objects.filter(user=request.user).select_related("post__thread", "post__author")[:50]
    )
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request,
        "webboard/notifications.html",
        {"items": items, "unread": set(unread), "crumbs": _crumbs((None, _("การแจ้งเตือน")))},
    )


@login_required
@require_safe
def moderation(request):
    """Staff's queues: threads awaiting an answer (oldest first), posts held
    for approval, open reports."""
    _moderator_or_404(request)
    awaiting = (
        Thread.objects.listed()
        .with_progress()
        .filter(state=Thread.State.OPEN)
        .select_related("room", "author")
    )
    page = Paginator(awaiting.order_by("created_at", "id"), THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    held = (
        Post.objects.filter(is_approved=False).select_related("thread", "author").order_by("created_at")[:50]
    )
    reports = Report.objects.filter(resolved_at=None).select_related(
        "post__thread", "post__author", "reporter"
    )[:50]
    return render(
        request,
        "webboard/moderation.html",
        {"page": page, "held": held, "reports": reports, "crumbs": _crumbs((None, _("งานของผู้ดูแล")))},
    )


@login_required
@require_POST
def resolve_report(request, pk):
    _moderator_or_404(request)
    item = get_object_or_404(Report.objects.select_related("post__thread"), pk=pk, resolved_at=None)
    Report.objects.filter(post=item.post, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=request.user
    )
    posting.log(request.user, ModerationLog.Action.RESOLVE_REPORT, post=item.post, reason=item.reason)
    messages.success(request, _("ปิดรายงานแล้ว"))
    return redirect("webboard:moderation")


@login_required
@require_safe
def moderation_log(request):
    _moderator_or_404(request)
    entries = ModerationLog.objects.select_related("actor", "thread", "post")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "webboard/log.html", {"page": page, "crumbs": _crumbs((None, _("บันทึกการดูแลกระทู้")))}
    )


@require_safe
def thumbnail(request, pk):
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    from kmlaas.attachments import Attachment
    from webboard.thumbnails import thumbnail_name

    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk, kind="image")
    item = attachment.item
    if not isinstance(item, Post) or not item.is_visible_to(request.user):
        raise Http404
    try:
        handle = default_storage.open(thumbnail_name(attachment), "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
