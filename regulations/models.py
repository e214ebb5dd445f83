from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import Attachment
from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.thai import BE_OFFSET, format_date
from regulations.numbers import normalize_number


class Agency(models.Model):
    """An issuing agency: DLA and its divisions, the Ministry, provincial offices…"""

    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200, unique=True)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=50, blank=True)
    number_prefix = models.CharField(
        _("รหัสหนังสือ"),
        max_length=30,
        blank=True,
        help_text=_("ต้นเลขที่หนังสือของหน่วยงาน เช่น มท 0808 หรือ นพ 0023 ใช้จับคู่ตอนนำเข้าหนังสือ"),
    )
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หน่วยงานที่ออกหนังสือ")
        verbose_name_plural = _("หน่วยงานที่ออกหนังสือ")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def for_number(cls, number):
        """The agency whose number prefix starts this document number, longest prefix first."""
        folded = normalize_number(number)
        candidates = [
            a
            for a in cls.objects.exclude(number_prefix="")
            if folded.startswith(normalize_number(a.number_prefix))
        ]
        return max(candidates, key=lambda a: len(normalize_number(a.number_prefix)), default=None)


class RegulationQuerySet(PublishableQuerySet):
    def with_year(self):
        return self.annotate(be_year=ExtractYear("date") + BE_OFFSET)

    def numbered(self, number):
        """The letter (at most one) whose number is this one, however it is printed."""
        folded = normalize_number(number)
        return self.filter(number_normalized=folded) if folded else self.none()


class Regulation(Publishable):
    class Kind(models.TextChoices):
        LAW = "law", _("พระราชบัญญัติ")
        REGULATION = "regulation", _("ระเบียบ")
        ANNOUNCEMENT = "announcement", _("ประกาศ / หลักเกณฑ์")
        CIRCULAR = "circular", _("หนังสือสั่งการ")
        LETTER = "letter", _("หนังสืออื่น ๆ")

    class Urgency(models.TextChoices):
        NORMAL = "", _("ปกติ")
        URGENT = "urgent", _("ด่วน")
        VERY_URGENT = "very_urgent", _("ด่วนมาก")
        MOST_URGENT = "most_urgent", _("ด่วนที่สุด")

    class LegalStatus(models.TextChoices):
        IN_FORCE = "in_force", _("ใช้บังคับ")
        AMENDED = "amended", _("มีการแก้ไข")
        REPEALED = "repealed", _("ยกเลิกแล้ว")

    kind = models.CharField(_("ประเภท"), max_length=20, choices=Kind.choices, default=Kind.CIRCULAR)
    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงานที่ออก"), on_delete=models.PROTECT, related_name="regulations"
    )
    number = models.CharField(_("เลขที่หนังสือ"), max_length=100, blank=True, help_text=_("ตามที่พิมพ์ในหนังสือ"))
    number_normalized = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    date = models.DateField(_("ลงวันที่"), null=True, blank=True, db_index=True)
    urgency = models.CharField(_("ชั้นความเร็ว"), max_length=12, choices=Urgency.choices, blank=True, default="")
    addressee = models.CharField(_("เรียน / ถึง"), max_length=300, blank=True)
    summary = models.TextField(_("สาระสำคัญ"), blank=True)
    body = RichTextField(_("เนื้อหา"), blank=True, config_name="default")
    effective_date = models.DateField(_("มีผลตั้งแต่"), null=True, blank=True)
    legal_status = models.CharField(
        _("สถานะการใช้บังคับ"), max_length=10, choices=LegalStatus.choices, default=LegalStatus.IN_FORCE
    )
    source_text = models.TextField(_("ข้อความต้นฉบับ (นำเข้า)"), blank=True)
    review_notes = models.TextField(_("ข้อสังเกตจากการนำเข้า"), blank=True)
    attachments = GenericRelation(Attachment)

    objects = RegulationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("กฎหมาย ระเบียบ หนังสือสั่งการ")
        verbose_name_plural = _("กฎหมาย ระเบียบ หนังสือสั่งการ")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["status", "publish_at", "date"])]
        constraints = [
            # One letter per number, whichever digits and spacing it was typed with: a second
            # entry would take the references meant for the first. Letters without a number
            # (laws, regulations) are not concerned.
            models.UniqueConstraint(
                fields=["number_normalized"],
                condition=~models.Q(number_normalized=""),
                name="regulation_number_unique",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.number_normalized = normalize_number(self.number)
        super().save(*args, **kwargs)
        # References follow numbers: those citing this number now point here, also ones written
        # before the letter was in the register; those that pointed here by another number
        # (before the number was corrected) no longer do.
        self.incoming.exclude(target_number_normalized="").exclude(
            target_number_normalized=self.number_normalized
        ).update(target=None)
        if self.number_normalized:
            Relation.objects.filter(target_number_normalized=self.number_normalized).exclude(
                source=self
            ).exclude(target=self).update(target=self)

    def get_absolute_url(self):
        return reverse("regulations:detail", args=[self.pk, self.slug])

    def validate_constraints(self, exclude=None):
        # The constraint is on a field no form shows, and is checked against the number as
        # typed: the editor is told on that field which letter already has it.
        exclude = {*(exclude or ()), "number_normalized"}
        super().validate_constraints(exclude=exclude)
        if "number" in exclude:
            return
        existing = Regulation.objects.numbered(self.number).exclude(pk=self.pk).first()
        if existing:
            raise ValidationError({"number": existing.duplicate_message()})

    def duplicate_message(self):
        """What an editor typing this letter's number again is told, with a link to this letter."""
        url = reverse("admin:regulations_regulation_change", args=[self.pk])
        link = format_html('<a href="{}">{}</a>', url, self.title)
        if self.date:
            return format_html(
                gettext("มีหนังสือเลขที่ {number} อยู่แล้ว: {link} (ลงวันที่ {date})"),
                number=self.number,
                link=link,
                date=format_date(self.date, long=True),
            )
        return format_html(gettext("มีหนังสือเลขที่ {number} อยู่แล้ว: {link}"), number=self.number, link=link)

    search_section = "regulations"

    def search_document(self):
        parts = [
            self.number,
            self.get_urgency_display() if self.urgency else "",
            self.get_kind_display(),
            self.agency.name,
            self.addressee,
            self.summary,
            strip_tags(self.body),
        ]
        parts += [a.text for a in self.attachments.all() if getattr(a, "text", "")]
        return {
            "title": self.title,
            "body": "\n".join(p for p in parts if p),
            "date": self.date,
            "number": self.number,
        }


class Relation(models.Model):
    """One letter's link to another: อ้างถึง, forwards, amends, repeals, extends."""

    class Kind(models.TextChoices):
        REFERS_TO = "refers_to", _("อ้างถึง")
        FORWARDS = "forwards", _("ส่งต่อ")
        AMENDS = "amends", pgettext_lazy("relation between letters", "แก้ไข")
        REPEALS = "repeals", _("ยกเลิก")
        EXTENDS = "extends", _("ขยายระยะเวลาของ")

    # How each kind reads from the other side.
    INVERSE = {
        Kind.REFERS_TO: _("ถูกอ้างถึงโดย"),
        Kind.FORWARDS: _("ส่งต่อโดย"),
        Kind.AMENDS: _("ถูกแก้ไขโดย"),
        Kind.REPEALS: _("ถูกยกเลิกโดย"),
        Kind.EXTENDS: _("ขยายระยะเวลาโดย"),
    }

    source = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("ความเกี่ยวข้อง"), max_length=12, choices=Kind.choices, default=Kind.REFERS_TO)
    target = models.ForeignKey(
        Regulation,
        verbose_name=_("หนังสือในทะเบียน"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming",
    )
    target_number = models.CharField(
        _("เลขที่หนังสือที่อ้าง"),
        max_length=100,
        blank=True,
        help_text=_("หากยังไม่มีในทะเบียน ให้พิมพ์เลขที่ไว้ ระบบจะเชื่อมให้เองเมื่อเพิ่มหนังสือนั้น"),
    )
    target_number_normalized = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    target_date = models.DateField(_("ลงวันที่"), null=True, blank=True)
    target_subject = models.CharField(_("เรื่อง"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("หนังสือที่เกี่ยวข้อง")
        verbose_name_plural = _("หนังสือที่เกี่ยวข้อง")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target__isnull=True, target_number=""), name="relation_has_a_target"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target_number or self.target}"

    def save(self, *args, **kwargs):
        if not self.target_number and self.target_id:
            self.target_number = self.target.number
        self.target_number_normalized = normalize_number(self.target_number)
        # A reference with a number points to the letter with that number, or to none yet;
        # one without (a law has no number) keeps the letter chosen for it.
        if self.target_number_normalized and not (self.target_id and self._cites(self.target)):
            self.target = Regulation.objects.numbered(self.target_number).exclude(pk=self.source_id).first()
        super().save(*args, **kwargs)

    def clean(self):
        # A number and a chosen letter that disagree: which one the editor meant cannot be guessed.
        if self.target_id and self.target_number and not self._cites(self.target):
            raise ValidationError(
                {
                    "target": gettext(
                        "หนังสือที่เลือกมีเลขที่ {chosen} ไม่ตรงกับเลขที่ที่อ้าง {cited} "
                        "— ลบเลขที่ที่อ้างออก หรือเลือกหนังสือให้ตรงกับเลขที่"
                    ).format(chosen=self.target.number or "-", cited=self.target_number)
                }
            )

    def _cites(self, regulation):
        return normalize_number(self.target_number) == regulation.number_normalized

    @property
    def inverse_label(self):
        return self.INVERSE[self.kind]
