from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import AttachmentInline
from kmlaas.publishing import PublishableAdmin
from kmlaas.thai import format_date
from regulations import importer
from regulations.forms import ImportForm
from regulations.models import Agency, Regulation, Relation
from regulations.numbers import normalize_number


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "number_prefix", "position"]
    list_editable = ["position"]
    search_fields = ["name", "short_name", "number_prefix"]


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "source"
    fields = ["kind", "target_number", "target", "target_date", "target_subject"]
    autocomplete_fields = ["target"]
    extra = 0


@admin.register(Regulation)
class RegulationAdmin(PublishableAdmin):
    # What an editor scans for; kind, agency and legal status are filters.
    list_display = ["number", "be_date", "title", "status"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "kind", "agency", "legal_status", "urgency", "date"]
    search_fields = ["number", "title", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["agency"]
    inlines = [RelationInline, AttachmentInline]
    readonly_fields = [*PublishableAdmin.readonly_fields, "review_notes", "source_text"]
    fieldsets = [
        (None, {"fields": ["kind", "agency", "number", "date", "urgency", "title", "addressee"]}),
        (_("เนื้อหา"), {"fields": ["summary", "body", "effective_date", "legal_status"]}),
        (_("การเผยแพร่"), {"fields": ["status", "publish_at", "slug", "author", "created_at", "updated_at"]}),
        (_("การนำเข้า"), {"classes": ["collapse"], "fields": ["review_notes", "source_text"]}),
    ]

    @admin.display(description=_("ลงวันที่"), ordering="date")
    def be_date(self, obj):
        return format_date(obj.date)

    def get_search_results(self, request, queryset, search_term):
        # "ว 2625" and "ว๒๖๒๕" find "มท ๐๘๐๘.๔/ว ๒๖๒๕".
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if folded := normalize_number(search_term):
            results |= queryset.filter(number_normalized__contains=folded)
        return results, duplicates

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="regulations_regulation_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            letters = importer.parse(form.cleaned_data["text"])
            if not letters:
                form.add_error("text", _("ไม่พบหนังสือในข้อความ — ต้องมีบรรทัดเลขที่ เช่น “ที่ มท ๐๘๐๘.๔/ว ๒๖๒๕”"))
            else:
                try:
                    results = importer.save(letters, author=request.user)
                except ValueError as error:
                    form.add_error(None, str(error))
                else:
                    for regulation, created in results:
                        # A letter already in the register is completed, never entered twice.
                        verb = _("นำเข้าเป็นฉบับร่าง") if created else _("เติมข้อมูลให้รายการเดิม")
                        url = reverse("admin:regulations_regulation_change", args=[regulation.pk])
                        messages.success(
                            request,
                            format_html(
                                '{}: <a href="{}">{} — {}</a>', verb, url, regulation.number, regulation.title
                            ),
                        )
                        if regulation.review_notes:
                            messages.warning(request, f"{regulation.number}: {regulation.review_notes}")
                    return redirect(
                        reverse("admin:regulations_regulation_changelist") + "?status__exact=draft"
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("นำเข้าหนังสือจากข้อความ"),
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/regulations/regulation/import.html", context)
