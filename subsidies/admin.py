from django.contrib import admin
from django.utils.translation import gettext as _

from kmlaas.registry.admin_import import ImportAdminMixin
from subsidies import importer
from subsidies.models import SubsidyItem, Transfer


@admin.register(SubsidyItem)
class SubsidyItemAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name", "short_name"]


@admin.register(Transfer)
class TransferAdmin(ImportAdminMixin, admin.ModelAdmin):
    list_display = ["lao", "item", "round", "amount", "transfer_date", "status"]
    list_filter = ["fiscal_year", "status", "item"]
    search_fields = ["lao__code", "lao__name", "letter_number"]
    list_select_related = ["lao", "item"]
    autocomplete_fields = ["lao"]
    show_full_result_count = False
    import_columns = importer.COLUMNS

    def import_file(self, file, name, progress=None):
        rows = importer.parse(file, name, progress=progress)
        inserted, updated = importer.save(rows)
        return _("นำเข้าแล้ว: เพิ่ม %(inserted)s รายการ แก้ไข %(updated)s รายการ ไม่เปลี่ยนแปลง %(same)s รายการ") % {
            "inserted": f"{inserted:,}",
            "updated": f"{updated:,}",
            "same": f"{len(rows) - inserted - updated:,}",
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from subsidies import summary

        summary.refresh([obj.fiscal_year])
