import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas import taxonomy
from kmlaas.attachments import Attachment
from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.slugs import SlugField
from kmlaas.stored_files import OwnsFiles, OwnsFilesQuerySet
from kmlaas.taxonomy import Module

# How long a form is marked new or updated after a version comes out.
FRESH_DAYS = 30


class Category(taxonomy.Category):
    name = models.CharField(_("ชื่อหมวด"), max_length=150, unique=True)
    slug = SlugField(_("ส่วนท้าย URL"), max_length=150, unique=True, allow_unicode=True, blank=True)

    class Meta(taxonomy.Category.Meta):
        verbose_name = _("หมวดแบบฟอร์ม")
        verbose_name_plural = _("หมวดแบบฟอร์ม")


class FormQuerySet(PublishableQuerySet):
    def offered(self):
        """Forms that have a version to give."""
        return self.filter(Exists(FormVersion.objects.filter(form=OuterRef("pk"))))

    def with_stats(self):
        """The date and number of each form's versions, and its downloads across all of them."""
        versions = FormVersion.objects.filter(form=OuterRef("pk")).order_by()
        latest = FormVersion.objects.filter(form=OuterRef("pk")).order_by("-released_on", "-id")
        count = versions.values("form").annotate(n=Count("pk")).values("n")
        total = versions.values("form").annotate(n=Sum("attachments__download_count")).values("n")
        return self.annotate(
            released_on=Subquery(latest.values("released_on")[:1]),
            version_count=Coalesce(Subquery(count), 0),
            downloads=Coalesce(Subquery(total), 0),
        )


class Form(Publishable):
    category = models.ForeignKey(
        Category, verbose_name=_("หมวด"), on_delete=models.PROTECT, related_name="forms"
    )
    description = models.TextField(_("คำอธิบาย"), blank=True, help_text=_("ใช้ทำอะไร ใครกรอก ส่งถึงใคร"))
    instructions = RichTextField(_("วิธีกรอกและการส่ง"), blank=True, config_name="default")
    module = models.ForeignKey(
        Module,
        verbose_name=_("ระบบงาน e-LAAS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forms",
    )
    manuals = models.ManyToManyField(
        "manuals.Manual", verbose_name=_("คู่มือที่เกี่ยวข้อง"), blank=True, related_name="forms"
    )
    featured_position = models.PositiveSmallIntegerField(
        _("ลำดับแนะนำ"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("ใส่ตัวเลขเพื่อแสดงในกลุ่ม “แบบฟอร์มที่ใช้บ่อย” ด้านบนของหน้ารายการ เลขน้อยขึ้นก่อน"),
    )

    objects = FormQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("แบบฟอร์ม")
        verbose_name_plural = _("แบบฟอร์ม")

    def get_absolute_url(self):
        return reverse("downloads:detail", args=[self.pk, self.slug])

    search_section = "downloads"

    def search_document(self):
        versions = list(self.versions.prefetch_related("attachments"))
        parts = [self.description, strip_tags(self.instructions)]
        parts += [f"{version.label} {version.note}" for version in versions]
        if versions:
            parts += [attachment.text for attachment in versions[0].attachments.all() if attachment.text]
        return {
            "title": self.title,
            "body": "\n".join(part for part in parts if part),
            "date": timezone.localtime(self.publish_at).date(),
        }

    @property
    def freshness(self):
        """ "new" or "updated" for FRESH_DAYS after a version comes out, else "" (needs with_stats())."""
        if not self.released_on or self.released_on < timezone.localdate() - datetime.timedelta(
            days=FRESH_DAYS
        ):
            return ""
        return "updated" if self.version_count > 1 else "new"


class FormVersion(OwnsFiles):
    """One edition of a form, in every format it is offered in (.docx, .pdf…).
    The newest is what the download buttons give; older ones stay listed."""

    form = models.ForeignKey(
        Form, verbose_name=_("แบบฟอร์ม"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("ฉบับ"), max_length=100, help_text=_("เช่น ฉบับปรับปรุง มิถุนายน 2569"))
    released_on = models.DateField(_("ใช้ตั้งแต่วันที่"), default=timezone.localdate, db_index=True)
    note = models.TextField(_("สิ่งที่เปลี่ยนแปลง"), blank=True)
    created_at = models.DateTimeField(_("เพิ่มเมื่อ"), auto_now_add=True)
    attachments = GenericRelation(Attachment)

    objects = OwnsFilesQuerySet.as_manager()

    class Meta:
        verbose_name = _("ฉบับของแบบฟอร์ม")
        verbose_name_plural = _("ฉบับของแบบฟอร์ม")
        ordering = ["-released_on", "-id"]

    def __str__(self):
        return f"{self.form.title} — {self.label}"

    def get_absolute_url(self):
        return f"{self.form.get_absolute_url()}#v{self.pk}"

    def touch_form(self):
        """Call once this version's files are saved: the form's page has
        changed, so its date moves on and its search entry is redone."""
        self.form.save(update_fields=["updated_at"])

    # The shared download view serves a file only if its item is visible.
    @property
    def is_published(self):
        return self.form.is_published

    def is_visible_to(self, user):
        return self.form.is_visible_to(user)
