from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import AttachmentInline
from kmlaas.publishing import PublishableAdmin
from manuals.models import Category, Manual, VideoLink


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "documents"]
    list_editable = ["position"]
    list_filter = ["parent"]
    search_fields = ["name", "parent__name"]
    fields = ["parent", "name", "slug", "description", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").annotate(documents=Count("manuals"))

    @admin.display(description=_("จำนวนเอกสาร"), ordering="documents")
    def documents(self, obj):
        return obj.documents

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VideoLinkInline(admin.TabularInline):
    model = VideoLink
    fields = ["title", "url", "duration", "position"]
    extra = 0


class EditionFilter(admin.SimpleListFilter):
    title = _("ฉบับ")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return [("current", _("ฉบับปัจจุบัน")), ("superseded", _("มีฉบับใหม่แทนแล้ว"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(superseded_by__isnull=True)
        if self.value() == "superseded":
            return queryset.filter(superseded_by__isnull=False)
        return queryset


@admin.register(Manual)
class ManualAdmin(PublishableAdmin):
    list_display = ["title", "category", "status", "featured_position", "downloads"]
    list_editable = ["featured_position"]
    list_filter = ["status", EditionFilter, "category", "module", "audience", "tags", "publish_at"]
    search_fields = ["title", "summary", "version"]
    autocomplete_fields = [
        "category",
        "module",
        "tags",
        "superseded_by",
        "related_manuals",
        "related_regulations",
    ]
    inlines = [AttachmentInline, VideoLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "category", "module", "audience", "summary", "body"]}),
        (_("ฉบับ"), {"fields": ["version", "superseded_by"]}),
        (_("ความเชื่อมโยง"), {"fields": ["tags", "related_manuals", "related_regulations"]}),
        (
            _("การเผยแพร่"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "featured_position",
                    "slug",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category__parent", "module").with_files()

    @admin.display(description=_("ดาวน์โหลด"), ordering="downloads")
    def downloads(self, obj):
        return obj.downloads
