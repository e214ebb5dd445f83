from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alerts.forms import PreferencesForm
from alerts.models import Delivery, Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("การยืนยันอีเมล")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("ยืนยันแล้ว")), ("no", _("ยังไม่ยืนยัน"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Staff may change what someone receives or remove them, at their request;
    only the address's owner subscribes it or confirms it (consent)."""

    form = PreferencesForm
    list_display = ["email", "frequency", "confirmed_at", "user", "created_at"]
    list_filter = [ConfirmedFilter, "frequency"]
    search_fields = ["email"]
    fields = ["email", "user", "sections", "modules", "frequency", "confirmed_at", "created_at"]
    readonly_fields = ["email", "user", "confirmed_at", "created_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent to whom: a record, written by the worker only."""

    list_display = ["subscription", "item", "week", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subscription__email"]
    list_select_related = ["subscription", "item"]
    fields = ["subscription", "item", "week", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
