"""The publishable base shared by every content section.

An item is public when its status is "published" and its publish time has
passed. Because `published()` compares with the current time on every query,
an item scheduled for later appears by itself when its time comes, with no
job to run. Views, feeds, sitemaps and admin all use `published()`.
"""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmlaas.thai import slugify


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff see drafts too (for preview); everyone else only what is published."""
        if user.is_staff:
            return self
        return self.published()


class Publishable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        PUBLISHED = "published", _("เผยแพร่")

    title = models.CharField(_("ชื่อเรื่อง"), max_length=300)
    slug = models.SlugField(
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

    class Meta:
        abstract = True
        ordering = ["-publish_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)
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


class PublishableAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "updated_at"]
    list_filter = ["status", "publish_at"]
    search_fields = ["title"]
    date_hierarchy = "publish_at"
    readonly_fields = ["created_at", "updated_at", "author"]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Attachments saved by the inlines (a PDF's text) belong in the index too.
        _reindex([form.instance])

    def delete_queryset(self, request, queryset):
        for item in queryset:
            item.delete()

    @admin.action(description=_("เผยแพร่รายการที่เลือก"))
    def publish(self, request, queryset):
        queryset.update(status=Publishable.Status.PUBLISHED)
        _reindex(queryset)

    @admin.action(description=_("ยกเลิกการเผยแพร่รายการที่เลือก"))
    def unpublish(self, request, queryset):
        queryset.update(status=Publishable.Status.DRAFT)
        _reindex(queryset)


def _reindex(items):
    from kmlaas.search import engine

    for item in items:
        if hasattr(item, "search_document"):
            engine.index(item)
