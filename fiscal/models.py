from django.db import models
from django.utils.translation import gettext_lazy as _

from kmlaas import thai
from kmlaas.registry.models import LAO


class Category(models.TextChoices):
    """Revenue by หมวด and expenditure by งบ, as in the LAO budget
    classification; the code's first letter says which side it is on."""

    TAX = "r_tax", _("ภาษีอากร")
    FEES = "r_fees", _("ค่าธรรมเนียม ค่าปรับ และใบอนุญาต")
    PROPERTY = "r_property", _("รายได้จากทรัพย์สิน")
    UTILITIES = "r_utilities", _("รายได้จากสาธารณูปโภคและการพาณิชย์")
    MISC = "r_misc", _("รายได้เบ็ดเตล็ด")
    CAPITAL = "r_capital", _("รายได้จากทุน")
    SHARED_TAX = "r_shared", _("ภาษีจัดสรร")
    GENERAL_GRANT = "r_grant", _("เงินอุดหนุนทั่วไป")
    CENTRAL = "e_central", _("งบกลาง")
    PERSONNEL = "e_personnel", _("งบบุคลากร")
    OPERATING = "e_operating", _("งบดำเนินงาน")
    INVESTMENT = "e_investment", _("งบลงทุน")
    SUBSIDY = "e_subsidy", _("งบเงินอุดหนุน")
    OTHER = "e_other", _("งบรายจ่ายอื่น")

    @classmethod
    def revenue(cls):
        return [c for c in cls if c.value.startswith("r_")]

    @classmethod
    def expenditure(cls):
        return [c for c in cls if c.value.startswith("e_")]


class Actual(models.Model):
    """One LAO's actual revenue or expenditure in one category for one month."""

    lao = models.ForeignKey(LAO, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("อปท."))
    month = models.DateField(_("เดือน"), help_text=_("วันที่ 1 ของเดือน"))
    # Derived from month; stored because every query and index is by fiscal year.
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), editable=False)
    category = models.CharField(_("หมวด/งบ"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), max_digits=16, decimal_places=2)
    as_of = models.DateField(_("ข้อมูล ณ วันที่"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lao", "fiscal_year", "month", "category"], name="actual_natural_key"
            ),
        ]
        verbose_name = _("รายรับ-รายจ่ายจริงรายเดือน")
        verbose_name_plural = _("รายรับ-รายจ่ายจริงรายเดือน")

    def __str__(self):
        return f"{self.lao} {self.month:%Y-%m} {self.get_category_display()}"

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        self.fiscal_year = thai.fiscal_year(self.month)
        super().save(*args, **kwargs)


class FiscalTotal(models.Model):
    """Sums of Actual at the levels the pages show, refreshed after each
    import (fiscal/summary.py); pages never sum the monthly rows themselves."""

    class Scope(models.TextChoices):
        NATION = "nation"
        NATION_MONTH = "nation_m"
        KIND = "kind"
        PROVINCE = "province"
        PROVINCE_MONTH = "province_m"
        DISTRICT = "district"
        DISTRICT_MONTH = "district_m"
        LAO = "lao"

    fiscal_year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=10, choices=Scope.choices)
    month = models.PositiveSmallIntegerField(null=True)
    kind = models.CharField(max_length=8, blank=True)
    province = models.ForeignKey("registry.Province", on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey("registry.District", on_delete=models.CASCADE, null=True, related_name="+")
    lao = models.ForeignKey(LAO, on_delete=models.CASCADE, null=True, related_name="+")
    category = models.CharField(max_length=12, choices=Category.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    as_of = models.DateField()

    class Meta:
        verbose_name = _("ยอดรวมข้อมูลการคลัง (คำนวณไว้)")
        verbose_name_plural = _("ยอดรวมข้อมูลการคลัง (คำนวณไว้)")
        indexes = [
            models.Index(fields=["fiscal_year", "scope", "province"]),
            models.Index(fields=["fiscal_year", "scope", "district"]),
            # The year picker lists the years that have national rows.
            models.Index(fields=["scope", "fiscal_year"]),
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.scope} {self.category} {self.amount}"


class FiscalImport(models.Model):
    """A log of imports, so the overview can say how current its figures are."""

    imported_at = models.DateTimeField(_("นำเข้าเมื่อ"), auto_now_add=True)
    file_name = models.CharField(_("ไฟล์"), max_length=255, blank=True)
    as_of = models.DateField(_("ข้อมูล ณ วันที่"))
    rows = models.PositiveIntegerField(_("จำนวนแถว"))
    inserted = models.PositiveIntegerField(_("เพิ่มใหม่"))
    updated = models.PositiveIntegerField(_("แก้ไข"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("การนำเข้าข้อมูลการคลัง")
        verbose_name_plural = _("การนำเข้าข้อมูลการคลัง")

    def __str__(self):
        return f"{self.file_name} ({self.as_of})"
