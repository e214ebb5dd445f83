from django.contrib import admin
from django.db.models import Avg, Count, Max
from django.utils.translation import gettext_lazy as _

from kmlaas.search.models import Entry, Query


@admin.register(Query)
class QueryAdmin(admin.ModelAdmin):
    """Every search, plus what people look for most and what they cannot find."""

    list_display = ["text", "section", "results", "milliseconds", "searched_at"]
    list_filter = ["section", "searched_at"]
    search_fields = ["text"]
    date_hierarchy = "searched_at"
    change_list_template = "admin/search/query/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        grouped = Query.objects.values("text").annotate(
            times=Count("id"), results=Max("results"), milliseconds=Avg("milliseconds")
        )
        extra_context = {
            **(extra_context or {}),
            "top_queries": grouped.order_by("-times", "text")[:20],
            "zero_queries": grouped.filter(results=0).order_by("-times", "text")[:20],
        }
        return super().changelist_view(request, extra_context)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "date", "is_public", "indexed_at"]
    list_filter = ["section", "is_public"]
    search_fields = ["title", "number"]
    readonly_fields = [f.name for f in Entry._meta.fields if f.name != "id"]
    fields = readonly_fields
    verbose_name = _("ดัชนีค้นหา")

    def has_add_permission(self, request):
        return False
