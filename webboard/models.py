"""The webboard: rooms, threads, posts, and what members keep per thread
(watching, last read). Counters on Room and Thread are denormalised so the
lists never count rows; `webboard.posting` keeps them right in the same
transaction as the write."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import Attachment
from kmlaas.slugs import SlugField
from kmlaas.stored_files import OwnsFiles, OwnsFilesQuerySet
from kmlaas.taxonomy import Category, Module, Tag

USER = settings.AUTH_USER_MODEL


class Room(Category):
    name = models.CharField(_("ชื่อห้อง"), max_length=120)
    slug = SlugField(_("ส่วนท้าย URL"), max_length=120, unique=True, allow_unicode=True, blank=True)
    module = models.ForeignKey(
        Module, verbose_name=_("ระบบงาน e-LAAS"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(_("เปิดใช้งาน"), default=True)
    thread_count = models.PositiveIntegerField(_("จำนวนกระทู้"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("จำนวนข้อความ"), default=0, editable=False)
    last_post_at = models.DateTimeField(_("เคลื่อนไหวล่าสุด"), null=True, blank=True, editable=False)
    last_thread = models.ForeignKey(
        "Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta(Category.Meta):
        verbose_name = _("ห้องเว็บบอร์ด")
        verbose_name_plural = _("ห้องเว็บบอร์ด")

    def get_absolute_url(self):
        return reverse("webboard:room", args=[self.slug])


class ThreadQuerySet(OwnsFilesQuerySet):
    def listed(self):
        """What the public lists show: approved and not hidden."""
        return self.filter(is_hidden=False, is_approved=True)

    def with_progress(self):
        """Adds what Thread.progress reads, in the same query: a list of any
        length shows its status words without a query per row."""
        staff_answers = Post.objects.filter(
            thread=OuterRef("pk"), is_staff_answer=True, is_hidden=False, is_approved=True
        )
        return self.annotate(has_staff_answer=Exists(staff_answers))


class Thread(OwnsFiles):
    """Owns the files of its posts' attachments: deleting a thread deletes them."""

    class State(models.TextChoices):
        OPEN = "open", _("รอคำตอบ")
        ANSWERED = "answered", _("ตอบแล้ว")
        CLOSED = "closed", _("ปิดกระทู้")

    room = models.ForeignKey(Room, verbose_name=_("ห้อง"), on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("หัวข้อ"), max_length=200)
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tags = models.ManyToManyField(Tag, verbose_name=_("ป้ายกำกับ"), blank=True, related_name="+")
    # "state", not "status": the site search reads `status` as the publishing status.
    state = models.CharField(_("สถานะ"), max_length=10, choices=State.choices, default=State.OPEN)
    is_locked = models.BooleanField(_("ล็อก"), default=False)
    is_hidden = models.BooleanField(_("ซ่อน"), default=False)
    is_approved = models.BooleanField(_("อนุมัติแล้ว"), default=True)
    pinned_until = models.DateTimeField(_("ปักหมุดถึง"), null=True, blank=True)
    created_at = models.DateTimeField(_("ตั้งเมื่อ"), default=timezone.now)
    last_post_at = models.DateTimeField(_("ตอบล่าสุด"), default=timezone.now)
    last_post_id = models.BigIntegerField(default=0, editable=False)
    last_position = models.PositiveIntegerField(default=0, editable=False)
    reply_count = models.PositiveIntegerField(_("จำนวนคำตอบ"), default=0, editable=False)
    view_count = models.PositiveIntegerField(_("จำนวนผู้อ่าน"), default=0, editable=False)
    first_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ThreadQuerySet.as_manager()

    search_section = "webboard"

    class Meta:
        verbose_name = _("กระทู้")
        verbose_name_plural = _("กระทู้")
        ordering = ["-last_post_at", "-id"]
        indexes = [
            # Room pages, newest activity first; partial so hidden/held threads cost nothing.
            # pinned_until is included so a deep page is an index-only scan.
            models.Index(
                fields=["room", "-last_post_at", "-id"],
                include=["pinned_until"],
                condition=Q(is_hidden=False, is_approved=True),
                name="webboard_thread_room_listed",
            ),
            models.Index(
                fields=["-last_post_at", "-id"],
                condition=Q(is_hidden=False, is_approved=True),
                name="webboard_thread_listed",
            ),
            models.Index(fields=["state", "created_at"], name="webboard_thread_state"),
            models.Index(fields=["author", "-last_post_at"], name="webboard_thread_author"),
            models.Index(
                fields=["pinned_until"],
                condition=Q(pinned_until__isnull=False),
                name="webboard_thread_pinned",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("webboard:thread", args=[self.pk])

    def article_times(self):
        """For a shared link's article tags: none while it is hidden or held for a moderator."""
        return (self.created_at, self.last_post_at) if self.is_approved and not self.is_hidden else None

    class Progress(models.TextChoices):
        """What has happened to the question, in the words the lists show."""

        WAITING = "waiting", _("รอคำตอบ")
        STAFF_ANSWERED = "staff", _("เจ้าหน้าที่ตอบแล้ว")
        SOLVED = "solved", _("แก้ปัญหาแล้ว")

    @property
    def progress(self):
        """The one rule for the status words. Lists fetch threads with
        ThreadQuerySet.with_progress(); a thread read alone asks here."""
        if self.accepted_post_id:
            return self.Progress.SOLVED
        has_staff_answer = getattr(self, "has_staff_answer", None)
        if has_staff_answer is None:
            has_staff_answer = self.posts.filter(
                is_staff_answer=True, is_hidden=False, is_approved=True
            ).exists()
        return self.Progress.STAFF_ANSWERED if has_staff_answer else self.Progress.WAITING

    @property
    def is_pinned(self):
        return self.pinned_until is not None and self.pinned_until > timezone.now()

    @property
    def search_visible(self):
        # An inactive room hides all it holds; posting.room_changed re-indexes.
        return not self.is_hidden and self.is_approved and self.room.is_active

    def search_document(self):
        posts = self.posts.filter(is_hidden=False, is_approved=True).order_by("position")
        body = "\n".join(strip_tags(p.body_html) for p in posts[:200])
        return {"title": self.title, "body": body, "date": self.created_at.date(), "number": ""}

    def is_visible_to(self, user):
        from kmlaas.members.roles import is_moderator

        return self.search_visible or is_moderator(user)


class Post(OwnsFiles):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    position = models.PositiveIntegerField(_("ลำดับในกระทู้"))
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("ข้อความ"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("เขียนเมื่อ"), default=timezone.now)
    edited_at = models.DateTimeField(_("แก้ไขเมื่อ"), null=True, blank=True)
    is_staff_answer = models.BooleanField(_("คำตอบจากเจ้าหน้าที่"), default=False)
    is_approved = models.BooleanField(_("อนุมัติแล้ว"), default=True)
    is_hidden = models.BooleanField(_("ซ่อน"), default=False)
    hidden_reason = models.CharField(_("เหตุผลที่ซ่อน"), max_length=300, blank=True)
    quote = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("อ้างถึง")
    )
    attachments = GenericRelation(Attachment)

    objects = OwnsFilesQuerySet.as_manager()

    class Meta:
        verbose_name = _("ข้อความ")
        verbose_name_plural = _("ข้อความ")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["thread", "position"], name="webboard_post_position")]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="webboard_post_author"),
            models.Index(fields=["is_approved"], condition=Q(is_approved=False), name="webboard_post_held"),
        ]

    def __str__(self):
        return f"#{self.position} {self.thread_id}"

    def get_absolute_url(self):
        return reverse("webboard:post", args=[self.pk])

    @property
    def is_first(self):
        return self.position == 1

    def is_visible_to(self, user):
        """Attachments are served only when the post itself can be seen."""
        from kmlaas.members.roles import is_moderator

        if is_moderator(user):
            return True
        public = not self.is_hidden and (self.is_approved or self.author_id == user.pk)
        return public and not self.thread.is_hidden and self.thread.room.is_active

    def can_be_accepted_by(self, user):
        """Only the asker accepts, and only someone else's approved, visible
        reply in a thread that is still open to answers."""
        thread = self.thread
        return (
            user.is_authenticated
            and thread.author_id == user.pk
            and self.position > 1
            and self.author_id != thread.author_id
            and self.is_approved
            and not self.is_hidden
            and not thread.is_hidden
            and thread.state != Thread.State.CLOSED
        )


class Revision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=200, blank=True)
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-edited_at", "-id"]

    def __str__(self):
        return f"{self.post} @ {self.edited_at:%Y-%m-%d %H:%M}"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        PIN = "pin", _("ปักหมุด")
        UNPIN = "unpin", _("เลิกปักหมุด")
        LOCK = "lock", _("ล็อก")
        UNLOCK = "unlock", _("ปลดล็อก")
        CLOSE = "close", _("ปิดกระทู้")
        REOPEN = "reopen", _("เปิดกระทู้อีกครั้ง")
        MOVE = "move", _("ย้ายห้อง")
        HIDE = "hide", _("ซ่อนข้อความ")
        RESTORE = "restore", _("แสดงข้อความอีกครั้ง")
        APPROVE = "approve", _("อนุมัติข้อความ")
        EDIT = "edit", _("แก้ไขข้อความของผู้อื่น")
        ACCEPT = "accept", _("เลือกคำตอบ")
        RESOLVE_REPORT = "resolve", _("ปิดรายงาน")
        FAQ = "faq", _("ทำเป็นคำถามที่พบบ่อย")

    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("การดำเนินการ"), max_length=10, choices=Action.choices)
    thread = models.ForeignKey(Thread, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("เหตุผล"), max_length=300, blank=True)
    detail = models.CharField(_("รายละเอียด"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("บันทึกการดูแลกระทู้")
        verbose_name_plural = _("บันทึกการดูแลกระทู้")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.thread_id or ''}"


class Report(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("ข้อความ"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        USER, verbose_name=_("ผู้รายงาน"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("เหตุผลที่รายงาน"), max_length=500)
    created_at = models.DateTimeField(_("รายงานเมื่อ"), default=timezone.now)
    resolved_at = models.DateTimeField(_("จัดการเมื่อ"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        USER, verbose_name=_("ผู้จัดการ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("รายงานข้อความ")
        verbose_name_plural = _("รายงานข้อความ")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(resolved_at=None), name="webboard_report_open")
        ]
        # One report per member per post: a second one adds nothing for the moderators.
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="webboard_report_once")]

    def __str__(self):
        return self.reason[:60]


class ThreadWatch(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="watches")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="webboard_threadwatch_unique")]

    def __str__(self):
        return f"{self.user_id} → {self.thread_id}"


class RoomWatch(models.Model):
    class Mode(models.TextChoices):
        ALL = "all", _("ทุกความเคลื่อนไหว")
        NEW_THREADS = "new", _("เฉพาะกระทู้ใหม่")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="watches")
    # db_default: the released code inserts rows without this column while a release migrates.
    mode = models.CharField(
        _("รับอีเมลเมื่อ"), max_length=3, choices=Mode.choices, default=Mode.ALL, db_default=Mode.ALL
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="webboard_roomwatch_unique")]

    def __str__(self):
        return f"{self.user_id} → {self.room_id}"


class ReadMarker(models.Model):
    """The last post a member has seen in a thread, compared with
    Thread.last_post_id to tell unread threads in one join."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    last_read_post_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="webboard_readmarker_unique")]
        indexes = [models.Index(fields=["user", "thread"], name="webboard_readmarker_user")]

    def __str__(self):
        return f"{self.user_id}: {self.thread_id} ≤ {self.last_read_post_id}"


class Notification(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="webboard_notification_unique")]
        indexes = [models.Index(fields=["user", "-created_at"], name="webboard_notification_user")]

    def __str__(self):
        return f"{self.user_id}: {self.post_id}"
