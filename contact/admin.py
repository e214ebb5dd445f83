"""Staff answer contact requests here: move the state, write the public
answer and internal notes. Every state change is recorded with who made it,
and the writer is e-mailed once each time the request becomes "answered"."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contact import tasks
from contact.models import ContactRequest, StateChange

PERSONAL = ["number", "kind", "name", "email", "phone", "organisation", "user", "subject", "message"]


class StateChangeInline(admin.TabularInline):
    model = StateChange
    fields = ["state", "changed_by", "changed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("ประวัติสถานะ")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("contact.change_contactrequest")


class ContactRequestForm(forms.ModelForm):
    class Meta:
        model = ContactRequest
        fields = ["state", "held", "answer", "internal_notes"]

    def clean(self):
        data = super().clean()
        if data.get("state") == ContactRequest.State.ANSWERED and not data.get("answer", "").strip():
            self.add_error("answer", _("โปรดเขียนคำตอบก่อนเปลี่ยนสถานะเป็น “ตอบแล้ว”"))
        return data


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    form = ContactRequestForm
    list_display = ["number", "subject", "kind", "state", "held", "created_at", "closed_at"]
    list_filter = ["state", "kind", "held", "created_at"]
    search_fields = ["number", "email", "subject"]
    readonly_fields = [*PERSONAL, "created_at", "closed_at", "anonymised_at"]
    fieldsets = [
        (_("เรื่องที่ส่งมา"), {"fields": [*PERSONAL, "created_at"]}),
        (
            _("การดำเนินการ"),
            {"fields": ["state", "held", "answer", "internal_notes", "closed_at", "anonymised_at"]},
        ),
    ]
    inlines = [StateChangeInline]

    # Requests come from the public form only; staff need the change
    # permission even to read them, since they hold personal data.
    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_change_permission(request)

    def save_model(self, request, obj, form, change):
        # The admin saves the form and its inlines in one transaction: the
        # mail is queued only once the change is committed.
        moved = "state" in form.changed_data
        if moved:
            obj.closed_at = timezone.now() if obj.state == ContactRequest.State.CLOSED else None
        super().save_model(request, obj, form, change)
        if moved:
            StateChange.objects.create(request=obj, state=obj.state, changed_by=request.user)
            if obj.state == ContactRequest.State.ANSWERED:
                transaction.on_commit(lambda: tasks.send_answer.enqueue(obj.pk))
