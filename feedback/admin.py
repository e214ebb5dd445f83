from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField
from django.db.models.functions import NullIf, TruncMonth
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pythainlp.util import thai_strftime

from feedback.answers import KINDS
from feedback.models import Answer, Page, SurveyResponse
from kmlaas.registry import exports
from kmlaas.thai import be_year


class ReadOnlyAdmin(admin.ModelAdmin):
    """What readers said is not edited (deleting spam stays possible)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class KindFilter(admin.SimpleListFilter):
    """The six kinds of content page, not every content type the project has."""

    title = _("ประเภทเนื้อหา")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(label, model._meta.verbose_name_plural) for label, model in KINDS.items()]

    def queryset(self, request, queryset):
        model = KINDS.get(self.value())
        if self.value() is None:
            return queryset
        if model is None:
            return queryset.none()
        return queryset.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )


@admin.register(Page)
class PageAdmin(ReadOnlyAdmin):
    """The report: pages by share of "useful" answers, least useful first."""

    list_display = ["page_link", "helpful_yes", "helpful_no", "share", "comment_link", "last_answer_at"]
    list_display_links = None
    search_fields = ["title"]
    list_filter = [KindFilter]
    actions = None
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": self.model._meta.verbose_name_plural, **(extra_context or {})}
        )

    def get_queryset(self, request):
        answered = NullIf(F("helpful_yes") + F("helpful_no"), 0)
        share = ExpressionWrapper(F("helpful_yes") * 100.0 / answered, output_field=FloatField())
        return super().get_queryset(request).select_related("content_type").annotate(share=share)

    def get_ordering(self, request):
        return [F("share").asc(nulls_last=True), "-helpful_no", "pk"]

    @admin.display(description=_("หน้า"), ordering="title")
    def page_link(self, page):
        return format_html('<a href="{}">{}</a>', page.url, page.title)

    @admin.display(description=_("สัดส่วนที่เห็นว่าเป็นประโยชน์"), ordering="share")
    def share(self, page):
        return "—" if page.share is None else f"{page.share:.0f}%"

    @admin.display(description=_("ความคิดเห็น"), ordering="comments")
    def comment_link(self, page):
        url = reverse("admin:feedback_answer_changelist")
        return format_html('<a href="{}?page={}">{} · {}</a>', url, page.pk, page.comments, _("ดูคำตอบ"))


class PageFilter(admin.SimpleListFilter):
    """The report links here with ?page=<id>; listing every page in the sidebar would be thousands."""

    title = _("หน้า")
    parameter_name = "page"

    def lookups(self, request, model_admin):
        value = self.value()
        if value and value.isdigit() and len(value) <= 18:
            return list(Page.objects.filter(pk=value).values_list("pk", "title"))
        return []

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit() or len(value) > 18:
            return queryset.none()
        return queryset.filter(page_id=value)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["page", "helpful", "short_comment", "visitor", "created_at"]
    list_filter = [PageFilter, "helpful", ("comment", admin.EmptyFieldListFilter)]
    search_fields = ["comment", "page__title"]
    list_select_related = ["page"]
    date_hierarchy = "created_at"
    fields = ["page", "helpful", "comment", "created_at"]

    @admin.display(description=_("ความคิดเห็น"))
    def short_comment(self, answer):
        return Truncator(answer.comment).chars(160) or "—"

    @admin.display(description=_("ผู้ตอบ"))
    def visitor(self, answer):
        return _("สมาชิก") if answer.user_id else _("ผู้เยี่ยมชม")


def month_name(month):
    """พฤศจิกายน 2569 (November 2569 in English: the portal keeps BE years)."""
    month = timezone.localtime(month)
    if (get_language() or "th").startswith("en"):
        return f"{month:%B} {be_year(month)}"
    return thai_strftime(month, "%B %Y")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "respondent", *SurveyResponse.QUESTIONS, "short_suggestion"]
    list_filter = ["respondent"]
    search_fields = ["suggestion"]
    date_hierarchy = "created_at"
    change_list_template = "admin/feedback/surveyresponse_change_list.html"

    @admin.display(description=_("ข้อเสนอแนะ"))
    def short_suggestion(self, response):
        return Truncator(response.suggestion).chars(120) or "—"

    def get_urls(self):
        return [
            path(
                "summary/",
                self.admin_site.admin_view(self.summary_view),
                name="feedback_surveyresponse_summary",
            ),
            path(
                "export/", self.admin_site.admin_view(self.export_view), name="feedback_surveyresponse_export"
            ),
            *super().get_urls(),
        ]

    def summary_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        averages = {name: Avg(name) for name in SurveyResponse.QUESTIONS}
        months = (
            SurveyResponse.objects.annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(responses=Count("pk"), **averages)
            .order_by("-month")
        )
        rows = [
            {
                "name": month_name(m["month"]),
                "responses": m["responses"],
                "averages": [m[q] for q in averages],
            }
            for m in months
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("สรุปผลแบบประเมินความพึงพอใจรายเดือน"),
            "opts": self.model._meta,
            "questions": [SurveyResponse._meta.get_field(q).verbose_name for q in SurveyResponse.QUESTIONS],
            "rows": rows,
        }
        return render(request, "admin/feedback/survey_summary.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        fields = ["created_at", "respondent", *SurveyResponse.QUESTIONS, "suggestion"]
        headers = [SurveyResponse._meta.get_field(name).verbose_name for name in fields]
        respondents = dict(SurveyResponse.Respondent.choices)

        def rows():
            for response in SurveyResponse.objects.order_by("created_at").iterator(chunk_size=2000):
                answered = timezone.localtime(response.created_at).strftime("%Y-%m-%d %H:%M")
                scores = [getattr(response, name) for name in SurveyResponse.QUESTIONS]
                yield [answered, respondents[response.respondent], *scores, response.suggestion]

        return exports.respond("csv", "survey-responses", headers, rows())
