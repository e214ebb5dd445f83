from django.db import models
from django.utils.translation import gettext_lazy as _

from kmlaas.registry.models import LAO


class SubsidyItem(models.Model):
    """A line of the general subsidy (เงินอุดหนุนทั่วไป) the department allocates."""

    name = models.CharField(_("รายการ"), max_length=255, unique=True)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    active = models.BooleanField(_("ใช้งาน"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("รายการเงินอุดหนุน")
        verbose_name_plural = _("รายการเงินอุดหนุน")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name


class Transfer(models.Model):
    class Status(models.TextChoices):
        ALLOCATED = "allocated", _("จัดสรรแล้ว")
        TRANSFERRED = "transferred", _("โอนแล้ว")

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    lao = models.ForeignKey(LAO, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("อปท."))
    item = models.ForeignKey(
        SubsidyItem, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("รายการ")
    )
    round = models.PositiveSmallIntegerField(_("งวดที่"))
    letter_number = models.CharField(_("เลขที่หนังสือจัดสรร"), max_length=100, blank=True)
    letter_date = models.DateField(_("ลงวันที่"), null=True, blank=True)
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), max_digits=14, decimal_places=2)
    transfer_date = models.DateField(_("วันที่โอน"), null=True, blank=True)
    status = models.CharField(_("สถานะ"), max_length=12, choices=Status.choices, default=Status.ALLOCATED)

    class Meta:
        ordering = ["fiscal_year", "item__position", "round"]
        constraints = [
            # The natural key importers upsert on: one allocation per LAO, item and round in a year.
            models.UniqueConstraint(
                fields=["lao", "fiscal_year", "item", "round"], name="transfer_natural_key"
            ),
        ]
        verbose_name = _("การโอนเงินอุดหนุน")
        verbose_name_plural = _("การโอนเงินอุดหนุน")

    def __str__(self):
        return f"{self.lao} {self.item} งวด {self.round}/{self.fiscal_year}"


class SubsidyTotal(models.Model):
    """Totals per fiscal year and item, at three levels, refreshed after each
    import (subsidies/summary.py) so a page reads a few hundred rows instead of
    summing hundreds of thousands of transfers."""

    class Scope(models.TextChoices):
        NATION = "nation"
        PROVINCE = "province"
        LAO = "lao"

    fiscal_year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    province = models.ForeignKey("registry.Province", on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey("registry.District", on_delete=models.CASCADE, null=True, related_name="+")
    lao = models.ForeignKey(LAO, on_delete=models.CASCADE, null=True, related_name="+")
    item = models.ForeignKey(SubsidyItem, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    transfers = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("ยอดรวมเงินอุดหนุน (คำนวณไว้)")
        verbose_name_plural = _("ยอดรวมเงินอุดหนุน (คำนวณไว้)")
        indexes = [
            models.Index(fields=["fiscal_year", "scope", "province"]),
            models.Index(fields=["fiscal_year", "scope", "district"]),
            # The year picker lists the years that have national rows.
            models.Index(fields=["scope", "fiscal_year"]),
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.scope} {self.amount}"
