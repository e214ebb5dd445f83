from django.contrib import admin
from django.utils.translation import gettext as _

from fiscal import importer
from fiscal.models import Actual, FiscalImport
from kmlaas.registry.admin_import import ImportAdminMixin


@admin.register(Actual)
class ActualAdmin(ImportAdminMixin, admin.ModelAdmin):
    list_display = ["lao", "month", "fiscal_year", "category", "amount", "as_of"]
    list_filter = ["fiscal_year", "category"]
    search_fields = ["lao__code", "lao__name"]
    list_select_related = ["lao"]
    # A search box, not a list of all 7,850 LAOs (seconds to render on every add/change page).
    autocomplete_fields = ["lao"]
    show_full_result_count = False
    import_columns = importer.COLUMNS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from fiscal import summary

        summary.refresh([obj.fiscal_year])

    def import_file(self, file, name, progress=None):
        rows = importer.parse(file, name, progress=progress)
        inserted, updated = importer.save(rows, file_name=name)
        return _("นำเข้าแล้ว: เพิ่ม %(inserted)s รายการ แก้ไข %(updated)s รายการ ไม่เปลี่ยนแปลง %(same)s รายการ") % {
            "inserted": f"{inserted:,}",
            "updated": f"{updated:,}",
            "same": f"{len(rows) - inserted - updated:,}",
        }


@admin.register(FiscalImport)
class FiscalImportAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "file_name", "as_of", "rows", "inserted", "updated"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
