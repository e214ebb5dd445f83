from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kmlaas.admin import CategoryAdmin
from kmlaas.attachments import AttachmentInline
from kmlaas.publishing import PublishableAdmin
from kmlaas.thai import format_date
from news.models import Banner, Category, NewsItem

admin.site.register(Category, CategoryAdmin)


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    list_display = ["title", "status", "publish_at", "pin", "has_cover"]
    list_filter = ["status", "category", "pinned", "publish_at"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["category"]
    inlines = [AttachmentInline]
    readonly_fields = [*PublishableAdmin.readonly_fields, "cover_preview"]
    fieldsets = [
        (None, {"fields": ["title", "category", "summary", "body"]}),
        (_("ภาพปก"), {"fields": ["cover", "cover_alt", "cover_preview"]}),
        (_("การปักหมุด"), {"fields": ["pinned", "pinned_until"]}),
        (_("การเผยแพร่"), {"fields": ["status", "publish_at", "slug", "author", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("ปักหมุด"), ordering="pinned")
    def pin(self, obj):
        if not obj.pinned:
            return "—"
        if obj.pinned_until is None:
            return _("ปักหมุด")
        label = _("ถึง %(date)s") % {"date": format_date(obj.pinned_until)}
        return label if obj.is_pinned_now else _("หมดเวลาปักหมุด")

    @admin.display(description=_("ภาพปก"), boolean=True)
    def has_cover(self, obj):
        return bool(obj.cover)

    @admin.display(description=_("ภาพที่ย่อแล้ว"))
    def cover_preview(self, obj):
        if not obj.cover_renditions:
            return "—"
        width, height, _name = obj.cover_renditions[0]
        sizes = ", ".join(f"{w}×{h}" for w, h, _n in obj.cover_renditions)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt=""><br>{}', obj.cover_src, width, height, sizes
        )


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["message", "starts_at", "ends_at", "is_active", "showing"]
    list_filter = ["is_active", "level"]
    search_fields = ["message"]
    fields = ["message", "link", "link_text", "level", "starts_at", "ends_at", "is_active"]

    @admin.display(description=_("กำลังแสดง"), boolean=True)
    def showing(self, obj):
        return obj.is_showing()

    def delete_queryset(self, request, queryset):
        # A bulk delete skips Banner.delete(), which clears the cached banners.
        for banner in queryset:
            banner.delete()
