"""Contact and complaint requests from the public, each with a tracking
number, the states staff move it through and a record of every move."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmlaas import thai


class ContactRequest(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("สอบถาม")
        PROBLEM = "problem", _("แจ้งปัญหาการใช้งาน")
        COMPLAINT = "complaint", _("ร้องเรียน")
        SUGGESTION = "suggestion", _("ข้อเสนอแนะ")

    class State(models.TextChoices):
        RECEIVED = "received", _("รับเรื่องแล้ว")
        IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
        ANSWERED = "answered", _("ตอบแล้ว")
        CLOSED = "closed", _("ปิดเรื่อง")

    # Filled from the primary key right after the insert: "KM-2569-000123".
    number = models.CharField(_("เลขที่เรื่อง"), max_length=20, unique=True, null=True, editable=False)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=150)
    email = models.EmailField(_("อีเมล"))
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    organisation = models.CharField(_("หน่วยงาน/อปท."), max_length=200, blank=True)
    subject = models.CharField(_("เรื่อง"), max_length=200)
    message = models.TextField(_("ข้อความ"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("สมาชิก"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("สถานะ"), max_length=20, choices=State.choices, default=State.RECEIVED)
    held = models.BooleanField(
        _("รอตรวจ (อาจเป็นสแปม)"), default=False, help_text=_("ข้อความมีลิงก์มากผิดปกติ ยังไม่ได้ส่งอีเมลยืนยัน")
    )
    answer = models.TextField(
        _("คำตอบถึงผู้ติดต่อ"), blank=True, help_text=_("ผู้ติดต่อเห็นข้อความนี้ในหน้าติดตามสถานะและในอีเมล")
    )
    internal_notes = models.TextField(_("บันทึกภายใน"), blank=True, help_text=_("เห็นเฉพาะเจ้าหน้าที่"))
    created_at = models.DateTimeField(_("วันที่ส่ง"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("วันที่ปิดเรื่อง"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("ลบข้อมูลส่วนบุคคลเมื่อ"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("เรื่องติดต่อ/ร้องเรียน")
        verbose_name_plural = _("เรื่องติดต่อ/ร้องเรียน")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def public_answer(self):
        """The answer, once staff have sent it (a draft stays with them)."""
        return self.answer if self.state in (self.State.ANSWERED, self.State.CLOSED) else ""

    def assign_number(self):
        self.number = f"KM-{thai.be_year(timezone.localtime(self.created_at))}-{self.pk:06d}"
        type(self).objects.filter(pk=self.pk).update(number=self.number)


class StateChange(models.Model):
    request = models.ForeignKey(
        ContactRequest, verbose_name=_("เรื่อง"), on_delete=models.CASCADE, related_name="changes"
    )
    state = models.CharField(_("สถานะ"), max_length=20, choices=ContactRequest.State.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("โดย"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("เมื่อ"), default=timezone.now)

    class Meta:
        verbose_name = _("การเปลี่ยนสถานะ")
        verbose_name_plural = _("การเปลี่ยนสถานะ")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return self.get_state_display()
