"""Who wants which new items by e-mail (Subscription), what became public
(AlertItem, one per item) and every mail sent or tried (Delivery, one per
recipient and item or digest week, so a retry never mails twice)."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from alerts.topics import CHOICES
from kmlaas.taxonomy import Module


def new_token():
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("ทันทีที่เผยแพร่")
        WEEKLY = "weekly", _("สรุปรายสัปดาห์")

    email = models.EmailField(_("อีเมล"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("สมาชิก"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_subscription",
    )
    sections = ArrayField(
        models.CharField(max_length=20, choices=CHOICES), verbose_name=_("หมวดที่รับ"), default=list
    )
    modules = models.ManyToManyField(
        Module,
        verbose_name=_("ระบบงาน e-LAAS"),
        blank=True,
        related_name="+",
        help_text=_("ไม่เลือก = ทุกระบบงาน"),
    )
    frequency = models.CharField(
        _("ความถี่"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    confirmed_at = models.DateTimeField(_("ยืนยันเมื่อ"), null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("สมัครเมื่อ"), auto_now_add=True)

    class Meta:
        verbose_name = _("ผู้รับข่าวสารทางอีเมล")
        verbose_name_plural = _("ผู้รับข่าวสารทางอีเมล")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        # One subscription per address however it is typed.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class AlertItem(models.Model):
    """An item that was published, recorded once: immediate mails and the
    weekly digests are made from these rows."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    section = models.CharField(_("หมวด"), max_length=20, choices=CHOICES)
    module_ids = ArrayField(models.PositiveBigIntegerField(), default=list, blank=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), db_index=True)
    # Set when the immediate mails were queued: a task run twice queues once.
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("รายการที่แจ้งเตือน")
        verbose_name_plural = _("รายการที่แจ้งเตือน")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="alerts_item_once"),
        ]

    def __str__(self):
        return f"{self.section} #{self.object_id}"

    def item(self):
        """The published item, or None once it is gone or no longer public."""
        model = self.content_type.model_class()
        return model.objects.published().filter(pk=self.object_id).first()


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("รอส่ง")
        SENT = "sent", _("ส่งแล้ว")
        FAILED = "failed", _("ส่งไม่สำเร็จ")

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("ผู้รับ"), on_delete=models.CASCADE, related_name="deliveries"
    )
    item = models.ForeignKey(
        AlertItem, verbose_name=_("รายการ"), null=True, blank=True, on_delete=models.CASCADE
    )
    week = models.DateField(_("สรุปประจำสัปดาห์ที่เริ่ม"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ส่ง"), default=0)
    last_error = models.CharField(_("ข้อผิดพลาดล่าสุด"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("การส่งอีเมล")
        verbose_name_plural = _("การส่งอีเมล")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "item"],
                condition=models.Q(item__isnull=False),
                name="alerts_one_per_item",
            ),
            models.UniqueConstraint(
                fields=["subscription", "week"],
                condition=models.Q(week__isnull=False),
                name="alerts_one_per_week",
            ),
            models.CheckConstraint(
                condition=models.Q(item__isnull=True) ^ models.Q(week__isnull=True),
                name="alerts_item_or_week",
            ),
        ]

    def __str__(self):
        return f"{self.subscription} — {self.item or self.week}"
