from django.contrib import admin
from django.utils.translation import gettext as _

from kmlaas.registry import importer
from kmlaas.registry.admin_import import ImportAdminMixin
from kmlaas.registry.models import LAO, District, Province, Subdistrict


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "postal_codes"]
    search_fields = ["code", "name", "name_en", "postal_codes"]
    list_select_related = ["district"]


@admin.register(LAO)
class LAOAdmin(ImportAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "district", "active"]
    list_filter = ["kind", "active", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province", "district"]
    autocomplete_fields = ["province", "district", "subdistricts"]
    import_columns = importer.COLUMNS

    def import_file(self, file, name, progress=None):
        count = importer.save(importer.parse(file, name, progress=progress))
        return _("นำเข้าหรือปรับปรุง อปท. %(count)s แห่ง") % {"count": f"{count:,}"}
