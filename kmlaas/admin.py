from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kmlaas.admin_login import AdminLoginForm
from kmlaas.attachments import Attachment, AttachmentInline
from kmlaas.models import PolicyPage, SiteContact, User
from kmlaas.publishing import PublishableAdmin
from kmlaas.stored_files import RemovesFailedUploadsAdmin
from kmlaas.taxonomy import Module, Tag

admin.site.site_header = _("KM e-LAAS — ระบบจัดการเนื้อหา")
admin.site.site_title = _("KM e-LAAS")
admin.site.index_title = _("จัดการเนื้อหาเว็บไซต์")
admin.site.login_form = AdminLoginForm


# "แก้ไข" alone also means "amends" (a circular) and "edit" (a post): the context keeps them apart.
_ACTIONS = {
    "add": pgettext_lazy("permission", "เพิ่ม"),
    "change": pgettext_lazy("permission", "แก้ไข"),
    "delete": pgettext_lazy("permission", "ลบ"),
    "view": pgettext_lazy("permission", "ดู"),
    "publish": pgettext_lazy("permission", "เผยแพร่/ยกเลิกการเผยแพร่"),
}


def _permission_label(permission):
    """ "คู่มือและเอกสาร: เผยแพร่" rather than the stored English "Can publish …"."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    action = permission.codename.split("_", 1)[0]
    if action in _ACTIONS and permission.codename == f"{action}_{model._meta.model_name}":
        return f"{model._meta.verbose_name}: {_ACTIONS[action]}"
    return f"{model._meta.verbose_name}: {permission.name}"


class ThaiPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = _permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ThaiPermissionsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(ThaiPermissionsMixin, BaseUserAdmin):
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
        # Roles (staff flag and groups) are given by account managers
        # (ผู้ดูแลระบบ); superuser and one-off permissions only by superusers,
        # so nobody can grant more than the roles define.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if not request.user.has_perm("kmlaas.assign_roles"):
                fields += ["is_staff", "groups"]
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
class AttachmentAdmin(RemovesFailedUploadsAdmin, admin.ModelAdmin):
    list_display = ["display_name", "kind", "size", "download_count", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["title", "original_name"]
    readonly_fields = ["content_type", "object_id", "original_name", "kind", "size", "download_count"]
    fields = ["file", "title", "position", *readonly_fields]

    def has_add_permission(self, request):
        # Attachments are added from the item they belong to.
        return False


class CategoryAdmin(admin.ModelAdmin):
    """A taxonomy.Category in the admin. The form lists its fields in the order
    staff know, which a model that redeclares `name` would otherwise change."""

    fields = ["name", "slug", "description", "position"]
    list_display = ["name", "description", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


admin.site.register(Module, CategoryAdmin)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
