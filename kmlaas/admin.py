from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import Attachment, AttachmentInline
from kmlaas.models import PolicyPage, SiteContact, User
from kmlaas.publishing import PublishableAdmin
from kmlaas.taxonomy import Module, Tag

admin.site.site_header = _("KM e-LAAS — ระบบจัดการเนื้อหา")
admin.site.site_title = _("KM e-LAAS")
admin.site.index_title = _("จัดการเนื้อหาเว็บไซต์")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("สิทธิ์"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("วันที่"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        # Only superusers hand out staff or superuser rights.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields


@admin.register(SiteContact)
class SiteContactAdmin(admin.ModelAdmin):
    list_display = ["agency", "phone", "email"]

    def has_add_permission(self, request):
        return not SiteContact.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyPage)
class PolicyPageAdmin(PublishableAdmin):
    fields = ["title", "slug", "status", "publish_at", "body", "author", "created_at", "updated_at"]
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "size", "download_count", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["title", "original_name"]
    readonly_fields = ["content_type", "object_id", "original_name", "kind", "size", "download_count"]
    fields = ["file", "title", "position", *readonly_fields]

    def has_add_permission(self, request):
        # Attachments are added from the item they belong to.
        return False


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
