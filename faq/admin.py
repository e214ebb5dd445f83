from django.contrib import admin
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from faq.models import Faq, Topic, Vote
from kmlaas.admin import CategoryAdmin
from kmlaas.publishing import PublishableAdmin
from kmlaas.thai import format_date

admin.site.register(Topic, CategoryAdmin)


class CommentInline(admin.TabularInline):
    """The written comments on this question, newest first (answers without a comment are only counted)."""

    model = Vote
    verbose_name = _("ความคิดเห็นจากผู้อ่าน")
    verbose_name_plural = _("ความคิดเห็นจากผู้อ่าน")
    fields = ["helpful", "comment", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(comment="")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Faq)
class FaqAdmin(PublishableAdmin):
    list_display = ["title", "topic", "status", "helpful_rate", "comments", "reviewed"]
    list_filter = ["status", "topic", "modules", "last_reviewed"]
    search_fields = ["title", "details", "answer"]
    autocomplete_fields = ["topic", "modules", "tags", "related", "regulations", "manuals"]
    inlines = [CommentInline]
    readonly_fields = [*PublishableAdmin.readonly_fields, "helpful_yes", "helpful_no"]
    actions = [*PublishableAdmin.actions, "mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["title", "details", "answer"]}),
        (_("หมวดหมู่"), {"fields": ["topic", "position", "modules", "tags"]}),
        (_("เนื้อหาที่เกี่ยวข้อง"), {"fields": ["related", "manuals", "regulations"]}),
        (_("การทบทวนและความเห็นผู้อ่าน"), {"fields": ["last_reviewed", "helpful_yes", "helpful_no"]}),
        (_("การเผยแพร่"), {"fields": ["status", "publish_at", "slug", "author", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        rate = ExpressionWrapper(
            F("helpful_yes") * 100.0 / NullIf(F("helpful_yes") + F("helpful_no"), 0),
            output_field=FloatField(),
        )
        return (
            super()
            .get_queryset(request)
            .select_related("topic")
            .annotate(rate=rate, comment_count=Count("votes", filter=~Q(votes__comment="")))
        )

    @admin.display(description=_("มีประโยชน์ (%)"), ordering=F("rate").asc(nulls_last=True))
    def helpful_rate(self, obj):
        # Sorting this column ascending puts the least helpful answers first.
        return "—" if obj.rate is None else f"{obj.rate:.0f}%"

    @admin.display(description=_("ความคิดเห็น"), ordering="comment_count")
    def comments(self, obj):
        return obj.comment_count

    @admin.display(description=_("ทบทวนล่าสุด"), ordering="last_reviewed")
    def reviewed(self, obj):
        return format_date(obj.last_reviewed) or "—"

    @admin.action(description=_("บันทึกว่าทบทวนคำตอบแล้ววันนี้"))
    def mark_reviewed(self, request, queryset):
        queryset.update(last_reviewed=timezone.localdate())


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Every answer to "was this helpful?", read-only: what readers said is not edited."""

    list_display = ["faq", "helpful", "short_comment", "visitor", "updated_at"]
    list_filter = ["helpful", ("comment", admin.EmptyFieldListFilter), "updated_at"]
    search_fields = ["comment", "faq__title"]
    list_select_related = ["faq"]
    date_hierarchy = "updated_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ความคิดเห็น"))
    def short_comment(self, obj):
        return Truncator(obj.comment).chars(120) or "—"

    @admin.display(description=_("ผู้ตอบ"))
    def visitor(self, obj):
        return _("สมาชิก") if obj.user_id else _("ผู้เยี่ยมชม")
