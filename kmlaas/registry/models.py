"""Thailand's provinces, districts and subdistricts, and the local
administrative organisations (อปท.) that subsidies, fiscal figures and member
profiles refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("รหัส"), max_length=2, primary_key=True)
    name = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    def __str__(self):
        return self.name


class District(models.Model):
    code = models.CharField(_("รหัส"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")

    def __str__(self):
        return self.name


class Subdistrict(models.Model):
    code = models.CharField(_("รหัส"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    name = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)
    postal_codes = models.CharField(_("รหัสไปรษณีย์"), max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ตำบล")
        verbose_name_plural = _("ตำบล")

    def __str__(self):
        return self.name


class LAO(models.Model):
    class Kind(models.TextChoices):
        PAO = "pao", _("อบจ.")
        CITY = "city", _("เทศบาลนคร")
        TOWN = "town", _("เทศบาลเมือง")
        TAMBON = "tambon", _("เทศบาลตำบล")
        SAO = "sao", _("อบต.")
        PATTAYA = "pattaya", _("เมืองพัทยา")
        BANGKOK = "bangkok", _("กทม.")

    code = models.CharField(_("รหัส อปท."), max_length=7, unique=True)
    name = models.CharField(_("ชื่อ อปท."), max_length=200)
    kind = models.CharField(_("ประเภท"), max_length=8, choices=Kind.choices, db_index=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="laos")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="laos")
    subdistricts = models.ManyToManyField(Subdistrict, blank=True, related_name="laos")
    active = models.BooleanField(_("ยังดำเนินการอยู่"), default=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    latitude = models.DecimalField(_("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("ที่ตั้งสำนักงาน"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "name"]), models.Index(fields=["province", "name"])]
        verbose_name = _("องค์กรปกครองส่วนท้องถิ่น")
        verbose_name_plural = _("องค์กรปกครองส่วนท้องถิ่น")

    def __str__(self):
        return self.name

    @classmethod
    def kind_from_label(cls, text):
        """The kind for a label as the department's files write it: "อบต.",
        "องค์การบริหารส่วนตำบล", "ทต.", "เทศบาลตำบล" …"""
        text = "".join(str(text).split())
        return _KIND_ALIASES.get(text) or _KIND_ALIASES.get(text.rstrip("."))


_KIND_ALIASES = {
    "อบจ": LAO.Kind.PAO,
    "อบจ.": LAO.Kind.PAO,
    "องค์การบริหารส่วนจังหวัด": LAO.Kind.PAO,
    "ทน": LAO.Kind.CITY,
    "ทน.": LAO.Kind.CITY,
    "เทศบาลนคร": LAO.Kind.CITY,
    "ทม": LAO.Kind.TOWN,
    "ทม.": LAO.Kind.TOWN,
    "เทศบาลเมือง": LAO.Kind.TOWN,
    "ทต": LAO.Kind.TAMBON,
    "ทต.": LAO.Kind.TAMBON,
    "เทศบาลตำบล": LAO.Kind.TAMBON,
    "อบต": LAO.Kind.SAO,
    "อบต.": LAO.Kind.SAO,
    "องค์การบริหารส่วนตำบล": LAO.Kind.SAO,
    "เมืองพัทยา": LAO.Kind.PATTAYA,
    "กทม": LAO.Kind.BANGKOK,
    "กทม.": LAO.Kind.BANGKOK,
    "กรุงเทพมหานคร": LAO.Kind.BANGKOK,
}


class ImportJob(models.Model):
    """One uploaded file being checked and imported by the task worker: the
    importer's admin page shows its progress, then the result or every bad
    row. `target` names the model whose admin imports it ("subsidies.transfer")."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("รอคิว")
        RUNNING = "running", _("กำลังนำเข้า")
        DONE = "done", _("นำเข้าแล้ว")
        FAILED = "failed", _("ไม่ได้นำเข้า")

    target = models.CharField(_("นำเข้าเป็น"), max_length=100)
    user = models.ForeignKey(
        "kmlaas.User", verbose_name=_("ผู้นำเข้า"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    # The importer's language, so row errors come back in it.
    language = models.CharField(max_length=10, blank=True, editable=False)
    # The stored upload (default storage); removed once the job has run.
    stored_name = models.CharField(max_length=255, blank=True, editable=False)
    status = models.CharField(_("สถานะ"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("แถวที่ตรวจแล้ว"), default=0)
    rows_total = models.PositiveIntegerField(_("จำนวนแถว"), null=True, blank=True)
    message = models.TextField(_("ผลการนำเข้า"), blank=True)
    errors = models.JSONField(_("แถวที่ต้องแก้ไข"), default=list, blank=True)
    created_at = models.DateTimeField(_("ส่งไฟล์เมื่อ"), auto_now_add=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานนำเข้าไฟล์")
        verbose_name_plural = _("งานนำเข้าไฟล์")

    def __str__(self):
        return self.file_name

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
