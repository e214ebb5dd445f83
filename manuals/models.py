from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas import taxonomy
from kmlaas.attachments import Attachment, Kind
from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.slugs import SlugField
from kmlaas.taxonomy import Module, Tag
from kmlaas.video import host_name, validate_video_url

# What the "file type" filter offers: the kinds a document comes in.
DOCUMENT_KINDS = [Kind.PDF, Kind.WORD, Kind.EXCEL, Kind.POWERPOINT, Kind.ZIP, Kind.VIDEO]


class Category(taxonomy.Category):
    """A shelf of the library, two levels deep: "คู่มือการใช้งานระบบ e-LAAS › รายจ่าย"."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("หมวดหลัก"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("เว้นว่างถ้าเป็นหมวดหลัก หมวดย่อยซ้อนได้ชั้นเดียว"),
    )
    name = models.CharField(_("ชื่อหมวด"), max_length=150)
    slug = SlugField(_("ส่วนท้าย URL"), max_length=150, unique=True, allow_unicode=True, blank=True)

    class Meta(taxonomy.Category.Meta):
        verbose_name = _("หมวดคู่มือและเอกสาร")
        verbose_name_plural = _("หมวดคู่มือและเอกสาร")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="manual_category_unique_name"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="manual_category_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def slug_text(self):
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("manuals:category", args=[self.slug])

    def clean(self):
        if self.parent_id and (self.parent.parent_id or self.parent_id == self.pk):
            raise ValidationError({"parent": _("หมวดย่อยซ้อนได้ชั้นเดียว — เลือกหมวดหลักที่ไม่มีหมวดแม่")})
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError({"parent": _("หมวดนี้มีหมวดย่อยอยู่แล้ว จึงเป็นหมวดย่อยของหมวดอื่นไม่ได้")})


def files_of_each_manual():
    """The attachments of the manual in the outer query (for Exists and Subquery)."""
    return Attachment.objects.filter(
        content_type__app_label="manuals", content_type__model="manual", object_id=OuterRef("pk")
    )


class ManualQuerySet(PublishableQuerySet):
    def current(self):
        """Without the documents a published newer edition has replaced."""
        return self.exclude(superseded_by__in=Manual.objects.published())

    def with_files(self):
        """Each document's total downloads, the kinds of file it offers, and
        whether a published newer edition replaces it, in the same query."""
        files = files_of_each_manual().order_by()
        total = files.values("object_id").annotate(total=Sum("download_count")).values("total")
        return self.annotate(
            downloads=Coalesce(Subquery(total), 0),
            kinds=ArraySubquery(files.values("kind").distinct()),
            replaced=Exists(Manual.objects.published().filter(pk=OuterRef("superseded_by"))),
        )


class Manual(Publishable):
    class Audience(models.TextChoices):
        EVERYONE = "", _("ผู้ใช้งานทุกกลุ่ม")
        FINANCE = "finance", _("เจ้าหน้าที่การเงิน")
        ACCOUNTING = "accounting", _("เจ้าหน้าที่บัญชี")
        BUDGET = "budget", _("เจ้าหน้าที่งบประมาณ")
        REVENUE = "revenue", _("เจ้าหน้าที่จัดเก็บรายได้")
        EXECUTIVES = "executives", _("ผู้บริหารและผู้มีอำนาจอนุมัติ")
        SYSTEM_ADMINS = "system_admins", _("ผู้ดูแลระบบของ อปท.")
        SUPERVISORS = "supervisors", _("สำนักงานท้องถิ่นจังหวัดและอำเภอ")

    category = models.ForeignKey(
        Category, verbose_name=_("หมวด"), on_delete=models.PROTECT, related_name="manuals"
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("ระบบงาน e-LAAS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="manuals",
    )
    summary = models.TextField(_("สรุปสาระสำคัญ"), blank=True, help_text=_("แสดงในรายการและผลการค้นหา"))
    body = RichTextField(_("เนื้อหา"), blank=True, config_name="default")
    audience = models.CharField(
        _("กลุ่มผู้ใช้"), max_length=20, choices=Audience.choices, blank=True, default=Audience.EVERYONE
    )
    version = models.CharField(
        _("ฉบับ / รุ่น"), max_length=100, blank=True, help_text=_("เช่น ฉบับปรับปรุง ครั้งที่ 2 (มิถุนายน 2569)")
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("ถูกแทนที่ด้วยฉบับ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("เมื่อมีฉบับใหม่ ฉบับนี้ยังเปิดได้ แต่จะแจ้งผู้อ่านและลิงก์ไปยังฉบับใหม่"),
    )
    featured_position = models.PositiveSmallIntegerField(
        _("ลำดับแนะนำ"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("ใส่ตัวเลขเพื่อแสดงในกลุ่ม “เอกสารแนะนำ” ด้านบนของหน้ารายการ เลขน้อยขึ้นก่อน"),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("ป้ายกำกับ"), blank=True, related_name="manuals")
    related_manuals = models.ManyToManyField("self", verbose_name=_("คู่มือที่เกี่ยวข้อง"), blank=True)
    related_regulations = models.ManyToManyField(
        "regulations.Regulation",
        verbose_name=_("หนังสือสั่งการที่เกี่ยวข้อง"),
        blank=True,
        related_name="manuals",
    )
    attachments = GenericRelation(Attachment)

    objects = ManualQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("คู่มือและเอกสาร")
        verbose_name_plural = _("คู่มือและเอกสาร")
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(superseded_by=models.F("pk")), name="manual_not_superseded_by_itself"
            )
        ]

    def clean(self):
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("เอกสารแทนที่ตัวเองไม่ได้")})

    def get_absolute_url(self):
        return reverse("manuals:detail", args=[self.pk, self.slug])

    search_section = "manuals"

    def search_document(self):
        # The words inside attached PDFs make a manual findable by its contents.
        parts = [self.version, self.summary, strip_tags(self.body)]
        parts += [attachment.text for attachment in self.attachments.all() if attachment.text]
        return {
            "title": self.title,
            "body": "\n".join(part for part in parts if part),
            "date": timezone.localtime(self.publish_at).date(),
        }

    @property
    def file_kinds(self):
        """The kinds of file offered, in a fixed order (needs with_files())."""
        return [kind for kind in DOCUMENT_KINDS if kind in self.kinds]


class VideoLink(models.Model):
    """A clip on YouTube or Facebook, shown as a link card (kmlaas/video.py)."""

    manual = models.ForeignKey(Manual, on_delete=models.CASCADE, related_name="video_links")
    title = models.CharField(_("ชื่อคลิป"), max_length=200)
    url = models.URLField(_("ลิงก์"), max_length=500, validators=[validate_video_url])
    duration = models.CharField(_("ความยาว"), max_length=20, blank=True, help_text=_("เช่น 12:30 นาที"))
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("คลิปวิดีโอ (ลิงก์)")
        verbose_name_plural = _("คลิปวิดีโอ (ลิงก์)")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def host(self):
        return host_name(self.url) or ""
