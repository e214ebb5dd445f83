from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kmlaas.publishing import Publishable, PublishableQuerySet
from kmlaas.richtext import RichTextField
from kmlaas.taxonomy import Category, Module, Tag


class Topic(Category):
    """What a question is about, in the words staff use: เข้าสู่ระบบและรหัสผ่าน,
    รายรับ, รายจ่ายและใบผ่านรายการจ่าย, งบประมาณ, ปิดบัญชีสิ้นปี, รายงาน…"""

    name = models.CharField(_("ชื่อหัวข้อ"), max_length=100, unique=True)

    class Meta(Category.Meta):
        verbose_name = _("หัวข้อคำถาม")
        verbose_name_plural = _("หัวข้อคำถาม")

    def get_absolute_url(self):
        return reverse("faq:topic", args=[self.slug])


class Faq(Publishable):
    """One question and its answer. `title` is the question as people ask it."""

    details = RichTextField(
        _("รายละเอียดคำถาม"),
        blank=True,
        config_name="default",
        help_text=_("อาการหรือสถานการณ์ที่พบ เช่น ข้อความแจ้งเตือนบนหน้าจอ เว้นว่างได้"),
    )
    answer = RichTextField(_("คำตอบ"), blank=True, config_name="default")
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("หัวข้อ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faqs",
    )
    modules = models.ManyToManyField(
        Module, verbose_name=_("ระบบงาน e-LAAS"), blank=True, related_name="faqs"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("ป้ายกำกับ"), blank=True, related_name="faqs")
    position = models.PositiveSmallIntegerField(
        _("ลำดับในหัวข้อ"), default=100, help_text=_("เลขน้อยแสดงก่อน คำถามที่ถามบ่อยที่สุดควรอยู่บนสุด")
    )
    related = models.ManyToManyField("self", verbose_name=_("คำถามที่เกี่ยวข้อง"), blank=True)
    manuals = models.ManyToManyField(
        "manuals.Manual", verbose_name=_("คู่มือที่เกี่ยวข้อง"), blank=True, related_name="faqs"
    )
    regulations = models.ManyToManyField(
        "regulations.Regulation", verbose_name=_("หนังสือสั่งการที่เกี่ยวข้อง"), blank=True, related_name="faqs"
    )
    last_reviewed = models.DateField(
        _("ทบทวนคำตอบล่าสุด"),
        null=True,
        blank=True,
        help_text=_("วันที่เจ้าหน้าที่ตรวจว่าคำตอบยังถูกต้องกับระบบปัจจุบัน"),
    )
    # Kept on the row so the admin can sort by least helpful; faq.votes.record() refreshes them.
    helpful_yes = models.PositiveIntegerField(_("มีประโยชน์"), default=0, editable=False)
    helpful_no = models.PositiveIntegerField(_("ไม่มีประโยชน์"), default=0, editable=False)

    objects = PublishableQuerySet.as_manager()

    search_section = "faq"

    class Meta(Publishable.Meta):
        verbose_name = _("คำถามที่พบบ่อย")
        verbose_name_plural = _("คำถามที่พบบ่อย")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["status", "publish_at"], name="faq_published_idx")]

    def clean(self):
        if self.status == self.Status.PUBLISHED:
            missing = {}
            if not self.topic_id:
                missing["topic"] = _("เลือกหัวข้อก่อนเผยแพร่")
            if not strip_tags(self.answer or "").strip():
                missing["answer"] = _("เขียนคำตอบก่อนเผยแพร่")
            if missing:
                raise ValidationError(missing)

    def get_absolute_url(self):
        return reverse("faq:detail", args=[self.pk, self.slug])

    @property
    def anchor(self):
        return f"q{self.pk}"

    @property
    def votes_total(self):
        return self.helpful_yes + self.helpful_no

    def search_document(self):
        return {
            "title": self.title,
            "body": strip_tags(f"{self.details} {self.answer}"),
            "date": self.last_reviewed or self.publish_at.date(),
        }


class Vote(models.Model):
    """ "Was this helpful?" — one per visitor per question: a member by account,
    anyone else by session. The database refuses a second row, so a replayed
    request cannot add to the count."""

    faq = models.ForeignKey(Faq, verbose_name=_("คำถาม"), on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField(_("มีประโยชน์"))
    comment = models.TextField(_("ความคิดเห็น"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("สมาชิก"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="faq_votes",
    )
    session_key = models.CharField(max_length=40, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("ตอบเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("ความเห็นต่อคำตอบ")
        verbose_name_plural = _("ความเห็นต่อคำตอบ")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["faq", "user"], name="faq_vote_one_per_member"),
            models.UniqueConstraint(fields=["faq", "session_key"], name="faq_vote_one_per_session"),
            models.CheckConstraint(
                condition=Q(user__isnull=False, session_key__isnull=True)
                | Q(user__isnull=True, session_key__isnull=False),
                name="faq_vote_member_or_session",
            ),
        ]

    def __str__(self):
        verdict = _("มีประโยชน์") if self.helpful else _("ไม่มีประโยชน์")
        return f"{self.faq} — {verdict}"
