"""What a member tells the portal about themselves, beside the login the
user model holds. Deleting the account deletes this row with it (PDPA)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kmlaas.registry.models import LAO

# Bumped when the privacy policy changes materially, so consent can be asked again.
PRIVACY_POLICY_VERSION = "2569-1"


class Profile(models.Model):
    class Workplace(models.TextChoices):
        LAO = "lao", _("องค์กรปกครองส่วนท้องถิ่น")
        DEPARTMENT = "department", _("กรมส่งเสริมการปกครองท้องถิ่น / สำนักงานท้องถิ่นจังหวัด")
        OTHER = "other", _("หน่วยงานอื่น")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้ใช้"), on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("ชื่อ-นามสกุล"), max_length=150, blank=True, help_text=_("เห็นเฉพาะเจ้าหน้าที่"))
    position = models.CharField(_("ตำแหน่ง"), max_length=150, blank=True)
    workplace = models.CharField(_("สังกัด"), max_length=12, choices=Workplace.choices, default=Workplace.LAO)
    lao = models.ForeignKey(
        LAO, verbose_name=_("อปท. ที่สังกัด"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.CharField(_("ชื่อหน่วยงาน"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True, help_text=_("เห็นเฉพาะเจ้าหน้าที่"))
    consent_at = models.DateTimeField(_("ยินยอมนโยบายความเป็นส่วนตัวเมื่อ"), null=True, blank=True)
    consent_version = models.CharField(_("ฉบับนโยบายที่ยินยอม"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("ข้อมูลสมาชิก")
        verbose_name_plural = _("ข้อมูลสมาชิก")

    def __str__(self):
        return str(self.user)

    @property
    def workplace_label(self):
        if self.workplace == self.Workplace.LAO:
            return str(self.lao) if self.lao_id else ""
        return self.agency or self.get_workplace_display()
