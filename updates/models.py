from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import Attachment
from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.taxonomy import Module
from kmlaas.video import host_name


class UpdateQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.filter(effective_on__gt=timezone.localdate())

    def in_effect(self):
        return self.filter(effective_on__lte=timezone.localdate())


class Update(Publishable):
    """A change to the e-LAAS program, as the department announces it: what
    changes (numbered, before → after), from when, who must do what, and
    where the manual, the clip and the circular are."""

    summary = models.TextField(_("สรุปการเปลี่ยนแปลง"), max_length=600)
    modules = models.ManyToManyField(
        Module, verbose_name=_("ระบบงานที่ได้รับผลกระทบ"), blank=True, related_name="updates"
    )
    announced_on = models.DateField(_("วันที่ประกาศ"), default=timezone.localdate)
    effective_on = models.DateField(_("มีผลตั้งแต่วันที่"), db_index=True)
    audience = models.CharField(
        _("ผู้ที่ต้องดำเนินการ"),
        max_length=300,
        blank=True,
        help_text=_("เช่น เจ้าหน้าที่การเงินของ อปท. และหน่วยงานภายใต้สังกัด"),
    )
    action = RichTextField(
        _("สิ่งที่ต้องทำ"), blank=True, config_name="default", help_text=_("ขั้นตอนที่ผู้ใช้ต้องทำหรือเปลี่ยนวิธีทำงาน")
    )
    body = RichTextField(_("รายละเอียดเพิ่มเติม"), blank=True, config_name="default")
    manuals = models.ManyToManyField(
        "manuals.Manual", verbose_name=_("คู่มือที่เกี่ยวข้อง"), blank=True, related_name="updates"
    )
    regulations = models.ManyToManyField(
        "regulations.Regulation", verbose_name=_("หนังสือสั่งการที่เกี่ยวข้อง"), blank=True, related_name="updates"
    )
    video_url = models.URLField(
        _("ลิงก์คลิปวิดีโอ"),
        max_length=500,
        blank=True,
        help_text=_("YouTube, Facebook หรือเว็บไซต์ของกรม แสดงเป็นลิงก์ (ไฟล์ .mp4 ให้แนบในส่วนไฟล์แนบ)"),
    )
    video_title = models.CharField(_("ชื่อคลิป"), max_length=200, blank=True)
    attachments = GenericRelation(Attachment)

    objects = UpdateQuerySet.as_manager()

    search_section = "updates"

    class Meta(Publishable.Meta):
        verbose_name = _("ข้อมูลการปรับปรุงระบบ")
        verbose_name_plural = _("ข้อมูลการปรับปรุงระบบ")
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"], name="updates_published_idx")]

    def clean(self):
        if self.video_url and urlsplit(self.video_url).scheme != "https":
            raise ValidationError({"video_url": _("ใช้ลิงก์ https:// เท่านั้น")})
        if self.announced_on and self.effective_on and self.effective_on < self.announced_on:
            raise ValidationError({"effective_on": _("วันที่มีผลต้องไม่ก่อนวันที่ประกาศ")})

    def get_absolute_url(self):
        return reverse("updates:detail", args=[self.pk, self.slug])

    @property
    def is_upcoming(self):
        """Derived from the date, never stored: it turns "in effect" by itself."""
        return self.effective_on > timezone.localdate()

    @property
    def days_to_go(self):
        return (self.effective_on - timezone.localdate()).days

    @property
    def status_label(self):
        return _("กำลังจะมีผล") if self.is_upcoming else _("มีผลแล้ว")

    @property
    def video_host(self):
        # Unlike a manual's clips, a clip on the department's own site is allowed here, named by its address.
        return host_name(self.video_url) or (urlsplit(self.video_url).hostname or "").removeprefix("www.")

    def search_document(self):
        changes = " ".join(f"{i.before} {i.after}" for i in self.items.all())
        return {
            "title": self.title,
            "body": strip_tags(f"{self.summary} {changes} {self.audience} {self.action} {self.body}"),
            "date": self.effective_on,
        }


class UpdateItem(models.Model):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    before = models.TextField(_("เดิม"), blank=True, help_text=_("เว้นว่างถ้าเป็นความสามารถใหม่"))
    after = models.TextField(_("ปรับปรุงเป็น"))

    class Meta:
        verbose_name = _("รายการที่เปลี่ยนแปลง")
        verbose_name_plural = _("รายการที่เปลี่ยนแปลง")
        ordering = ["position", "id"]

    def __str__(self):
        return self.after[:80]
