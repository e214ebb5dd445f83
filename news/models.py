import uuid
from pathlib import PurePath

from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas import taxonomy
from kmlaas.attachments import Attachment
from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.sharing import Image
from news import covers


class Category(taxonomy.Category):
    """ข่าวประชาสัมพันธ์, อบรม/สัมมนา, ประกาศปิดปรับปรุงระบบ… (managed in admin)."""

    class Meta(taxonomy.Category.Meta):
        verbose_name = _("หมวดข่าว")
        verbose_name_plural = _("หมวดข่าว")

    def get_absolute_url(self):
        return reverse("news:category", args=[self.slug])


class NewsQuerySet(PublishableQuerySet):
    def pinned_first(self):
        """Items pinned today first, then the newest. A pin ends after its end date."""
        pinned_now = Q(pinned=True) & (
            Q(pinned_until__isnull=True) | Q(pinned_until__gte=timezone.localdate())
        )
        return self.annotate(pinned_now=ExpressionWrapper(pinned_now, output_field=BooleanField())).order_by(
            "-pinned_now", "-publish_at", "-id"
        )


def _cover_path(instance, filename):
    return f"{covers.FOLDER}{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class NewsItem(Publishable):
    category = models.ForeignKey(
        Category, verbose_name=_("หมวดข่าว"), on_delete=models.PROTECT, related_name="items"
    )
    summary = models.TextField(
        _("สรุปข่าว"), max_length=500, help_text=_("แสดงในรายการข่าวและฟีด ไม่เกิน 500 ตัวอักษร")
    )
    body = RichTextField(_("เนื้อหา"), blank=True, config_name="default")
    cover = models.ImageField(
        _("ภาพปก"),
        upload_to=_cover_path,
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        max_length=200,
        help_text=_("ภาพแนวนอน ระบบจะครอปเป็นสัดส่วน 16:9 และย่อหลายขนาดให้เอง"),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("คำอธิบายภาพ"),
        max_length=200,
        blank=True,
        help_text=_("สำหรับผู้ใช้โปรแกรมอ่านหน้าจอ เว้นว่างได้ถ้าเป็นภาพตกแต่ง"),
    )
    cover_renditions = models.JSONField(default=list, editable=False)
    pinned = models.BooleanField(_("ปักหมุด"), default=False, help_text=_("แสดงไว้บนสุดของรายการข่าว"))
    pinned_until = models.DateField(
        _("ปักหมุดถึงวันที่"), null=True, blank=True, help_text=_("เว้นว่างไว้เพื่อปักหมุดจนกว่าจะยกเลิก")
    )
    attachments = GenericRelation(Attachment)

    objects = NewsQuerySet.as_manager()

    search_section = "news"
    file_folders = (covers.FOLDER,)
    file_name_fields = ("cover_renditions",)

    class Meta(Publishable.Meta):
        verbose_name = _("ข่าวประชาสัมพันธ์")
        verbose_name_plural = _("ข่าวประชาสัมพันธ์")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"], name="news_published_idx")]

    def save(self, *args, **kwargs):
        new_cover = bool(self.cover) and not self.cover._committed
        removed_cover = not self.cover and bool(self.cover_renditions)
        super().save(*args, **kwargs)
        if new_cover or removed_cover:
            self.cover_renditions = covers.make_renditions(self.cover) if self.cover else []
            # Not a second save(): that would bump updated_at and redo the checks.
            type(self).objects.filter(pk=self.pk).update(cover_renditions=self.cover_renditions)
            self.files_saved()  # the old sizes go once this commits; the new ones are noted

    def stored_names(self):
        names = super().stored_names()
        storage = self._meta.get_field("cover").storage
        names.update((name, storage) for _width, _height, name in self.cover_renditions)
        return names

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.pk, self.slug])

    def search_document(self):
        return {
            "title": self.title,
            "body": strip_tags(f"{self.summary} {self.body}"),
            "date": timezone.localdate(self.publish_at),
        }

    @property
    def is_pinned_now(self):
        if hasattr(self, "pinned_now"):
            return self.pinned_now
        return self.pinned and (self.pinned_until is None or self.pinned_until >= timezone.localdate())

    @property
    def cover_srcset(self):
        return covers.srcset(self.cover_renditions)

    @property
    def cover_src(self):
        """The middle size: what a browser without srcset support gets."""
        if not self.cover_renditions:
            return ""
        _width, _height, name = self.cover_renditions[len(self.cover_renditions) // 2]
        return covers.url(name)

    @property
    def share_image(self):
        """The widest size, for a shared link's picture; None without a cover."""
        if not self.cover_renditions:
            return None
        width, height, name = self.cover_renditions[-1]
        return Image(covers.url(name), width, height, self.cover_alt or self.title)

    @property
    def cover_size(self):
        """Width and height attributes, so the browser reserves the space."""
        width, height, _name = self.cover_renditions[-1]
        return width, height


BANNERS_CACHE_KEY = "site-announcements-v1"

_link = RegexValidator(r"^(/|https://)", _("ใส่ลิงก์ภายในเว็บ (ขึ้นต้นด้วย /) หรือลิงก์ https:// เท่านั้น"))


class Banner(models.Model):
    """A site-wide notice above every page ("ระบบ e-LAAS ปิดปรับปรุง 27–30 มี.ค."),
    shown between its start and end times until the visitor dismisses it."""

    class Level(models.TextChoices):
        INFO = "info", _("แจ้งให้ทราบ")
        WARNING = "warning", _("สำคัญ / ปิดปรับปรุงระบบ")

    message = models.CharField(_("ข้อความ"), max_length=300)
    link = models.CharField(
        _("ลิงก์รายละเอียด"),
        max_length=300,
        blank=True,
        validators=[_link],
        help_text=_("เช่น /news/12/ หรือ https://… เว้นว่างได้"),
    )
    link_text = models.CharField(_("ข้อความลิงก์"), max_length=60, blank=True, default="อ่านรายละเอียด")
    level = models.CharField(_("ระดับ"), max_length=10, choices=Level.choices, default=Level.INFO)
    starts_at = models.DateTimeField(_("เริ่มแสดง"), default=timezone.now)
    ends_at = models.DateTimeField(_("สิ้นสุดการแสดง"))
    is_active = models.BooleanField(_("เปิดใช้"), default=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("ประกาศแถบบนสุดของเว็บไซต์")
        verbose_name_plural = _("ประกาศแถบบนสุดของเว็บไซต์")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="banner_ends_after_start"
            )
        ]

    def __str__(self):
        return self.message

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        caches["fragments"].delete(BANNERS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        caches["fragments"].delete(BANNERS_CACHE_KEY)
        return result

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่มแสดง")})

    @property
    def dismiss_key(self):
        # An edited banner (new dates, new text) is shown again to those who dismissed the old one.
        return f"{self.pk}.{int(self.updated_at.timestamp())}"

    def is_showing(self, now=None):
        now = now or timezone.now()
        return self.is_active and self.starts_at <= now < self.ends_at

    @classmethod
    def current(cls):
        """Banners showing now. One read of the shared cache per page: the cache
        holds every banner that has not ended yet, and the time window is checked
        here, so a banner scheduled for later appears by itself when it starts."""
        upcoming = caches["fragments"].get(BANNERS_CACHE_KEY)
        if upcoming is None:
            upcoming = list(
                cls.objects.filter(is_active=True, ends_at__gt=timezone.now()).order_by("starts_at")
            )
            caches["fragments"].set(BANNERS_CACHE_KEY, upcoming, 600)
        now = timezone.now()
        return [banner for banner in upcoming if banner.is_showing(now)]
