from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    """A content page readers have answered "was this page useful?" about.
    Title and address are copied at each answer, so the report needs no join
    into six section tables; the counts are recomputed from Answer after
    every write."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("ประเภทเนื้อหา"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("รหัสรายการ"))
    title = models.CharField(_("หน้า"), max_length=500)
    url = models.CharField(_("ที่อยู่หน้า"), max_length=500)
    helpful_yes = models.PositiveIntegerField(_("เป็นประโยชน์"), default=0)
    helpful_no = models.PositiveIntegerField(_("ไม่เป็นประโยชน์"), default=0)
    comments = models.PositiveIntegerField(_("ความคิดเห็น"), default=0)
    last_answer_at = models.DateTimeField(_("ตอบล่าสุด"), null=True, blank=True)

    class Meta:
        verbose_name = _("ความเป็นประโยชน์ของหน้า")
        verbose_name_plural = _("รายงานความเป็นประโยชน์ของหน้า")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="feedback_page_one_per_item"),
        ]

    def __str__(self):
        return self.title


class Answer(models.Model):
    """One visitor's answer about one page: a member by account, anyone else
    by session. The database refuses a second row, so a replayed request
    cannot add to the count."""

    page = models.ForeignKey(Page, verbose_name=_("หน้า"), on_delete=models.CASCADE, related_name="answers")
    helpful = models.BooleanField(_("เป็นประโยชน์"))
    comment = models.TextField(_("ความคิดเห็น"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("สมาชิก"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="page_answers",
    )
    session_key = models.CharField(max_length=40, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("ตอบเมื่อ"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ความเห็นต่อหน้า")
        verbose_name_plural = _("ความเห็นต่อหน้า")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="feedback_answer_one_per_member"),
            models.UniqueConstraint(fields=["page", "session_key"], name="feedback_answer_one_per_session"),
            models.CheckConstraint(
                condition=Q(user__isnull=False, session_key__isnull=True)
                | Q(user__isnull=True, session_key__isnull=False),
                name="feedback_answer_member_or_session",
            ),
        ]

    def __str__(self):
        verdict = _("เป็นประโยชน์") if self.helpful else _("ไม่เป็นประโยชน์")
        return f"{self.page} — {verdict}"


SCORES = [(5, _("มากที่สุด")), (4, _("มาก")), (3, _("ปานกลาง")), (2, _("น้อย")), (1, _("น้อยที่สุด"))]


def _score(label):
    return models.PositiveSmallIntegerField(
        label, choices=SCORES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class SurveyResponse(models.Model):
    """One filled-in satisfaction survey (the government's five-point form)."""

    class Respondent(models.TextChoices):
        PAO = "pao", _("องค์การบริหารส่วนจังหวัด (อบจ.)")
        MUNICIPALITY = "municipality", _("เทศบาล")
        SAO = "sao", _("องค์การบริหารส่วนตำบล (อบต.)")
        AGENCY = "agency", _("หน่วยงานอื่น")
        PUBLIC = "public", _("ประชาชน")

    respondent = models.CharField(_("ผู้ตอบ"), max_length=20, choices=Respondent.choices)
    ease_of_search = _score(_("ความง่ายในการค้นหาข้อมูล"))
    accuracy = _score(_("ความถูกต้องครบถ้วนของข้อมูล"))
    timeliness = _score(_("ความทันสมัยของข้อมูล"))
    speed = _score(_("ความรวดเร็วในการแสดงผล"))
    mobile = _score(_("การใช้งานบนโทรศัพท์มือถือ"))
    overall = _score(_("ความพึงพอใจโดยรวม"))
    suggestion = models.TextField(_("ข้อเสนอแนะ"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("ตอบเมื่อ"), auto_now_add=True, db_index=True)

    QUESTIONS = ("ease_of_search", "accuracy", "timeliness", "speed", "mobile", "overall")

    class Meta:
        verbose_name = _("แบบประเมินความพึงพอใจ")
        verbose_name_plural = _("แบบประเมินความพึงพอใจ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"feedback_survey_{name}_1_to_5"
            )
            for name in ("ease_of_search", "accuracy", "timeliness", "speed", "mobile", "overall")
        ]

    def __str__(self):
        return f"{self.get_respondent_display()} · {self.overall}/5"
