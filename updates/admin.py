from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import AttachmentInline
from kmlaas.publishing import PublishableAdmin
from kmlaas.search import engine
from kmlaas.thai import format_date
from updates.models import Update, UpdateItem


class UpdateItemInline(admin.TabularInline):
    model = UpdateItem
    fields = ["position", "before", "after"]
    formfield_overrides = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 3})}}
    extra = 1


@admin.register(Update)
class UpdateAdmin(PublishableAdmin):
    list_display = ["title", "announced", "effective", "state", "status"]
    list_filter = ["status", "modules", "effective_on"]
    search_fields = ["title", "summary", "items__after", "items__before"]
    date_hierarchy = "effective_on"
    autocomplete_fields = ["modules", "manuals", "regulations"]
    inlines = [UpdateItemInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "modules", "announced_on", "effective_on"]}),
        (_("ผู้ที่ต้องดำเนินการ"), {"fields": ["audience", "action", "body"]}),
        (_("คู่มือ คลิป และหนังสือสั่งการ"), {"fields": ["manuals", "video_url", "video_title", "regulations"]}),
        (_("การเผยแพร่"), {"fields": ["status", "publish_at", "slug", "author", "created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The search index reads the change items, which are saved after the update itself.
        engine.index(form.instance)

    def get_search_results(self, request, queryset, search_term):
        results, _duplicates = super().get_search_results(request, queryset, search_term)
        return results, True  # searching the change items joins several rows per update

    @admin.display(description=_("ประกาศ"), ordering="announced_on")
    def announced(self, obj):
        return format_date(obj.announced_on)

    @admin.display(description=_("มีผล"), ordering="effective_on")
    def effective(self, obj):
        return format_date(obj.effective_on)

    @admin.display(description=_("สถานะการใช้งาน"))
    def state(self, obj):
        return obj.status_label
