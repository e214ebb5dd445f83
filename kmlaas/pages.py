"""Site-wide content edited in admin: the footer's contact details and the
policy pages (website policy, privacy/PDPA, cookies)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import caches
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import Attachment
from kmlaas.publishing import Publishable
from kmlaas.richtext import RichTextField

CONTACT_CACHE_KEY = "site-contact-v1"


class SiteContact(models.Model):
    """The agency's contact details shown in every page's footer (one row)."""

    agency = models.CharField(_("หน่วยงาน"), max_length=200)
    address = models.TextField(_("ที่อยู่"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    facebook_url = models.URLField(_("เพจ Facebook"), blank=True)
    line_id = models.CharField(_("LINE"), max_length=100, blank=True)
    office_hours = models.CharField(_("เวลาทำการ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ข้อมูลติดต่อหน่วยงาน")
        verbose_name_plural = _("ข้อมูลติดต่อหน่วยงาน")

    def __str__(self):
        return self.agency

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        caches["fragments"].delete(CONTACT_CACHE_KEY)

    @classmethod
    def current(cls):
        """The contact row, cached in the shared cache: it is read on every page."""
        contact = caches["fragments"].get(CONTACT_CACHE_KEY)
        if contact is None:
            contact = cls.objects.filter(pk=1).first() or cls(agency="กรมส่งเสริมการปกครองท้องถิ่น")
            caches["fragments"].set(CONTACT_CACHE_KEY, contact, 3600)
        return contact


class PolicyPage(Publishable):
    body = RichTextField(_("เนื้อหา"), config_name="default")
    # Its files (the admin's inline) are deleted with the page: a delete cascades only along a relation.
    attachments = GenericRelation(Attachment)

    class Meta(Publishable.Meta):
        verbose_name = _("หน้านโยบาย")
        verbose_name_plural = _("หน้านโยบาย")
        constraints = [models.UniqueConstraint(fields=["slug"], name="policy_page_slug_unique")]

    def get_absolute_url(self):
        return reverse("policy_page", args=[self.slug])
