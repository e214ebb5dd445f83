from django.contrib import admin

from kmlaas.members.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "full_name", "position", "workplace", "lao"]
    list_filter = ["workplace"]
    search_fields = ["user__email", "user__display_name", "full_name", "lao__name"]
    raw_id_fields = ["user", "lao"]
    readonly_fields = ["consent_at", "consent_version"]
