"""The publishable base shared by every content section.

An item is public when its status is "published" and its publish time has
passed. Because `published()` compares with the current time on every query,
an item scheduled for later appears by itself when its time comes, with no
job to run. Views, feeds, sitemaps and admin all use `published()`.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords

from kmlaas.admin_lookups import value_fits
from kmlaas.slugs import SlugField, remember_old_slug, slugify
from kmlaas.stored_files import OwnsFiles, OwnsFilesQuerySet, RemovesFailedUploadsAdmin


class PublishableQuerySet(OwnsFilesQuerySet):
    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff see drafts too (for preview); everyone else only what is published."""
        if user.is_staff:
            return self
        return self.published()


class Publishable(OwnsFiles):
    """Draft → sent for review (ส่งตรวจ) → published. Writers may take an item
    as far as review; only holders of the "publish" permission (ผู้อนุมัติเผยแพร่)
    publish or unpublish it, and only they may change an item once it is
    published. Every save is kept as a revision (django-simple-history) with
    who made it, when, and an optional change note that readers see."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        REVIEW = "review", _("ส่งตรวจ")
        PUBLISHED = "published", _("เผยแพร่")

    title = models.CharField(_("ชื่อเรื่อง"), max_length=300)
    slug = SlugField(
        _("ส่วนท้าย URL"),
        max_length=120,
        allow_unicode=True,
        blank=True,
        help_text=_("เว้นว่างไว้เพื่อสร้างจากชื่อเรื่องโดยอัตโนมัติ"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("เผยแพร่เมื่อ"),
        default=timezone.now,
        db_index=True,
        help_text=_("กำหนดเวลาในอนาคตเพื่อให้เผยแพร่เองเมื่อถึงเวลา"),
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เขียน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()
    # updated_at changes on every save: as a column of the revision list it
    # would only hide the fields that did change.
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])

    class Meta:
        abstract = True
        ordering = ["-publish_at"]
        default_permissions = ("add", "change", "delete", "view", "publish")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)
        remember_old_slug(self)
        super().save(*args, **kwargs)
        if hasattr(self, "search_document"):
            from kmlaas.search import engine

            engine.index(self)

    def delete(self, *args, **kwargs):
        if hasattr(self, "search_document"):
            from kmlaas.search import engine

            engine.remove(self)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    def is_visible_to(self, user):
        return self.is_published or user.is_staff

    def article_times(self):
        """When it was published and last changed, for a shared link's
        article tags; None while it is a draft only staff can see."""
        return (self.publish_at, self.updated_at) if self.is_published else None

    def change_history(self):
        """What readers are told changed, newest first: the notes editors wrote
        on revisions saved while the item was published (GOV.UK's "updates")."""
        return (
            self.history.filter(status=self.Status.PUBLISHED)
            .exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .order_by("-history_date")
            .values("history_date", "history_change_reason")
        )


def get_visible_or_404(request, queryset, **lookup):
    """The item for this request, or 404.

    Drafts and scheduled items are found for staff only, who see them with a
    preview banner (templates read `item.is_published`).
    """
    return get_object_or_404(queryset.visible_to(request.user), **lookup)


def canonical_redirect(item, slug):
    """Pages live at /<pk>/<slug>/; an old or missing slug redirects to the current URL."""
    if slug != item.slug:
        return redirect(item, permanent=True)
    return None


class PublishableForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("บันทึกการเปลี่ยนแปลง"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "สรุปสั้น ๆ ว่าแก้ไขอะไร เช่น “เพิ่มขั้นตอนการยกเลิกใบเสร็จ” "
            "— เมื่อรายการเผยแพร่อยู่ ข้อความนี้แสดงในประวัติการปรับปรุงให้ผู้อ่านเห็น"
        ),
    )


def _id_or_404(model, value):
    if not value_fits(model._meta.pk, unquote(value)):
        raise Http404


class PublishableAdmin(RemovesFailedUploadsAdmin, SimpleHistoryAdmin):
    """The admin of every publishable section: the review workflow, revisions
    (history, compare, restore) and the change note."""

    form = PublishableForm
    list_display = ["title", "status", "publish_at", "updated_at"]
    list_filter = ["status", "publish_at"]
    search_fields = ["title"]
    date_hierarchy = "publish_at"
    readonly_fields = ["created_at", "updated_at", "author"]
    actions = ["send_for_review", "publish", "unpublish"]

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_change_permission(self, request, obj=None):
        # A published item is changed only by someone who may publish: a
        # writer's edit would otherwise go live without review.
        if obj is not None and obj.status == Publishable.Status.PUBLISHED:
            if not self.has_publish_permission(request, obj):
                return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Publishable.Status.PUBLISHED:
            if not self.has_publish_permission(request, obj):
                return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not any("change_note" in options.get("fields", ()) for _name, options in fieldsets):
            fieldsets = [*fieldsets, (_("บันทึกการเปลี่ยนแปลง"), {"fields": ["change_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "status" in form.base_fields and not self.has_publish_permission(request, obj):
            status = form.base_fields["status"]
            status.choices = [c for c in status.choices if c[0] != Publishable.Status.PUBLISHED]
            status.help_text = _("ผู้เขียนบันทึกเป็นร่างหรือส่งตรวจ ผู้อนุมัติเผยแพร่จะเป็นผู้เผยแพร่")
        return form

    # django-simple-history filters by the ids as typed in the address.
    def history_view(self, request, object_id, extra_context=None):
        _id_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _id_or_404(self.model, object_id)
        _id_or_404(getattr(self.model, self.model._meta.simple_history_manager_attribute).model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        obj._change_reason = form.cleaned_data.get("change_note", "")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Attachments saved by the inlines (a PDF's text) belong in the index too.
        _reindex([form.instance])
        _announce(form.instance)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            item.delete()

    def _move(self, request, queryset, status, done):
        """A list action: each item saved on its own, so the search index, the
        revision history (who, when) and the admin log record the step."""
        moved = 0
        for item in queryset.exclude(status=status):
            item.status = status
            item._change_reason = ""
            item.save()
            self.log_change(request, item, [{"changed": {"fields": ["status"]}}])
            _announce(item)
            moved += 1
        self.message_user(request, done(moved) % {"count": moved}, messages.SUCCESS)

    @admin.action(description=_("ส่งตรวจรายการที่เลือก"), permissions=["change"])
    def send_for_review(self, request, queryset):
        # Published items stay published: sending back is "unpublish".
        self._move(
            request,
            queryset.filter(status=Publishable.Status.DRAFT),
            Publishable.Status.REVIEW,
            lambda n: ngettext("ส่งตรวจแล้ว %(count)d รายการ", "ส่งตรวจแล้ว %(count)d รายการ", n),
        )

    @admin.action(description=_("เผยแพร่รายการที่เลือก"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(
            request,
            queryset,
            Publishable.Status.PUBLISHED,
            lambda n: ngettext("เผยแพร่แล้ว %(count)d รายการ", "เผยแพร่แล้ว %(count)d รายการ", n),
        )

    @admin.action(description=_("ยกเลิกการเผยแพร่รายการที่เลือก"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move(
            request,
            queryset.filter(status=Publishable.Status.PUBLISHED),
            Publishable.Status.DRAFT,
            lambda n: ngettext("ยกเลิกการเผยแพร่แล้ว %(count)d รายการ", "ยกเลิกการเผยแพร่แล้ว %(count)d รายการ", n),
        )


def _announce(item):
    """An item saved as published (now or for later) is mailed to its
    subscribers once, when it is public; these two admin paths are where
    items become published. After save_related, so its modules are saved."""
    if item.status == Publishable.Status.PUBLISHED:
        from alerts.notify import item_published

        item_published(item)


def _reindex(items):
    from kmlaas.search import engine

    for item in items:
        if hasattr(item, "search_document"):
            engine.index(item)
