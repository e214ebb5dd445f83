"""Labels shared by every section: the e-LAAS module an item is about
(รายรับ, รายจ่าย/ฎีกา, งบประมาณ…) and free tags. Managed in admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kmlaas.slugs import SlugField, remember_old_slug, unique_slug


class Named(models.Model):
    """Something listed by its name, with a unique URL slug made from the name
    when staff leave it empty; a slug it had before keeps redirecting."""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.slug_text(), self._meta.get_field("slug").max_length)
        remember_old_slug(self)
        super().save(*args, **kwargs)

    def slug_text(self):
        """What an empty slug is made from."""
        return self.name


class Category(Named):
    """A heading of a section's list (a news category, a FAQ topic, a webboard
    room…): described, and put in order by hand. A model whose name is longer,
    not unique or labelled otherwise redeclares `name` (and `slug` to match)."""

    name = models.CharField(_("ชื่อหมวด"), max_length=100, unique=True)
    slug = SlugField(_("ส่วนท้าย URL"), max_length=100, unique=True, allow_unicode=True, blank=True)
    description = models.CharField(_("คำอธิบาย"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]


class Module(Category):
    name = models.CharField(_("ชื่อระบบงาน"), max_length=100, unique=True)

    class Meta(Category.Meta):
        verbose_name = _("ระบบงาน e-LAAS")
        verbose_name_plural = _("ระบบงาน e-LAAS")


class Tag(Named):
    name = models.CharField(_("ป้ายกำกับ"), max_length=60, unique=True)
    slug = SlugField(_("ส่วนท้าย URL"), max_length=80, unique=True, allow_unicode=True, blank=True)

    class Meta:
        verbose_name = _("ป้ายกำกับ")
        verbose_name_plural = _("ป้ายกำกับ")
        ordering = ["name"]


# The e-LAAS modules as the department names them; demo content and a fresh
# install start from this list, editors add more in admin.
DEFAULT_MODULES = [
    ("ผู้ใช้งานและสิทธิ์", "การขอรหัสผู้ใช้ รหัสผ่าน และสิทธิ์การใช้งาน"),
    ("รายรับ", "การรับเงิน ใบเสร็จรับเงิน และทะเบียนรายรับ"),
    ("รายจ่าย/ฎีกา", "การวางฎีกา การจ่ายเงิน ใบผ่านรายการจ่าย"),
    ("งบประมาณ", "การบันทึกงบประมาณ การโอน แก้ไขเปลี่ยนแปลง และกันเงิน"),
    ("บัญชี", "การบันทึกบัญชี งบการเงิน และการปิดบัญชี"),
    ("ทะเบียนทรัพย์สิน", "ทะเบียนทรัพย์สินและค่าเสื่อมราคา"),
    ("เงินสะสม", "เงินสะสม ทุนสำรองเงินสะสม และการใช้จ่าย"),
    ("รายงาน", "รายงานการเงินและรายงานประจำเดือน"),
]
