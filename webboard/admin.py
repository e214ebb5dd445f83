from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from webboard import posting
from webboard.models import ModerationLog, Report, Room, Thread


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    readonly_fields = ["thread_count", "post_count", "last_post_at"]
    # Named in full: Room redeclares `name`, which would otherwise move it down the form.
    fields = ["name", "slug", "description", "module", "position", "is_active", *readonly_fields]
    list_display = ["name", "position", "is_active", "thread_count", "last_post_at"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "module"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            posting.room_changed(obj)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "room", "state", "reply_count", "last_post_at"]
    list_filter = ["state", "room", "is_hidden", "is_locked", "is_approved"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # Posts, counters and moderation go through the site so the log and
    # counters stay right; the admin is for finding threads and making FAQs.
    readonly_fields = [
        "room",
        "title",
        "state",
        "is_locked",
        "is_hidden",
        "is_approved",
        "pinned_until",
        "author",
    ]
    fields = readonly_fields + ["tags"]
    actions = ["make_faq"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    # Through posting, so the search entry and the room's counters go too.
    def delete_model(self, request, obj):
        posting.delete_thread(obj)

    def delete_queryset(self, request, queryset):
        for thread in queryset.select_related("room"):
            posting.delete_thread(thread)

    @admin.action(description=_("ทำเป็นร่างคำถามที่พบบ่อย (กระทู้ที่มีคำตอบที่เลือกแล้ว)"))
    def make_faq(self, request, queryset):
        made = 0
        for thread in queryset.select_related("first_post", "accepted_post"):
            if thread.accepted_post and thread.first_post:
                posting.to_faq(thread, staff=request.user)
                made += 1
        skipped = queryset.count() - made
        self.message_user(request, _("สร้างร่างคำถามที่พบบ่อย %(n)s รายการ") % {"n": made}, messages.SUCCESS)
        if skipped:
            self.message_user(request, _("ข้าม %(n)s กระทู้ที่ยังไม่มีคำตอบที่เลือก") % {"n": skipped}, messages.WARNING)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "thread", "reason", "detail"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "thread", "post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "post", "reporter", "reason", "resolved_at"]
    list_filter = ["resolved_at"]
    raw_id_fields = ["post", "reporter", "resolved_by"]

    def has_add_permission(self, request):
        # Members report posts on the site; staff resolve them here.
        return False
