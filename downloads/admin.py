from django.contrib import admin, messages
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from downloads.models import Category, Form, FormVersion
from kmlaas.admin import CategoryAdmin
from kmlaas.attachments import AttachmentInline
from kmlaas.publishing import PublishableAdmin
from kmlaas.stored_files import RemovesFailedUploadsAdmin
from kmlaas.thai import format_date

admin.site.register(Category, CategoryAdmin)


class FormVersionInline(admin.TabularInline):
    model = FormVersion
    fields = ["label", "released_on", "note", "files"]
    readonly_fields = ["files"]
    show_change_link = True
    extra = 0

    @admin.display(description=_("ไฟล์"))
    def files(self, obj):
        if obj.pk is None:
            return "–"
        names = format_html_join(", ", "{}", ((f.original_name,) for f in obj.attachments.all()))
        return names or _("ยังไม่มีไฟล์ — กด “แก้ไข” เพื่ออัปโหลด")


@admin.register(Form)
class FormAdmin(PublishableAdmin):
    list_display = ["title", "category", "current_version", "status", "featured_position", "downloads"]
    list_editable = ["featured_position"]
    list_filter = ["status", "category", "module", "publish_at"]
    search_fields = ["title", "description", "versions__label"]
    autocomplete_fields = ["category", "module", "manuals"]
    inlines = [FormVersionInline]
    readonly_fields = [*PublishableAdmin.readonly_fields, "add_version"]
    fieldsets = [
        (None, {"fields": ["title", "category", "module", "description", "instructions", "manuals"]}),
        (_("ฉบับและไฟล์"), {"fields": ["add_version"]}),
        (
            _("การเผยแพร่"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "featured_position",
                    "slug",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category").with_stats()

    @admin.display(description=_("ฉบับล่าสุด"), ordering="released_on")
    def current_version(self, obj):
        return format_date(obj.released_on) if obj.released_on else _("ยังไม่มีไฟล์")

    @admin.display(description=_("ดาวน์โหลด"), ordering="downloads")
    def downloads(self, obj):
        return obj.downloads

    @admin.display(description=_("ออกฉบับใหม่"))
    def add_version(self, obj):
        if obj.pk is None:
            return _("บันทึกแบบฟอร์มก่อน แล้วจึงอัปโหลดไฟล์ฉบับแรก")
        url = reverse("admin:downloads_formversion_add") + f"?form={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a> {}',
            url,
            _("เพิ่มฉบับใหม่และอัปโหลดไฟล์"),
            _("ฉบับใหม่จะเป็นไฟล์ที่ปุ่มดาวน์โหลดให้ทันที ฉบับเดิมยังแสดงในประวัติ"),
        )

    def response_add(self, request, obj, post_url_continue=None):
        # A form is useless without a file: go straight to uploading the first version.
        if "_addanother" in request.POST or "_continue" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, _("เพิ่มแบบฟอร์มแล้ว — อัปโหลดไฟล์ฉบับแรกได้เลย"))
        return redirect(reverse("admin:downloads_formversion_add") + f"?form={obj.pk}")


class FormatsFormSet(BaseGenericInlineFormSet):
    """A version offers each format once (one .docx, one .pdf…), and at least one."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        extensions = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            upload = form.cleaned_data.get("file")
            if upload:
                extensions.append(upload.name.rsplit(".", 1)[-1].lower())
        if not extensions:
            raise ValidationError(_("แนบไฟล์แบบฟอร์มอย่างน้อยหนึ่งไฟล์ เช่น .docx และ .pdf"))
        repeated = sorted({ext for ext in extensions if extensions.count(ext) > 1})
        if repeated:
            raise ValidationError(
                _("แต่ละรูปแบบแนบได้ไฟล์เดียวต่อฉบับ — มีไฟล์ .%(ext)s ซ้ำ") % {"ext": ", .".join(repeated)}
            )


class FormatInline(AttachmentInline):
    formset = FormatsFormSet
    verbose_name = _("ไฟล์ (หนึ่งไฟล์ต่อรูปแบบ)")
    verbose_name_plural = _("ไฟล์ของฉบับนี้ (หนึ่งไฟล์ต่อรูปแบบ เช่น .docx และ .pdf)")
    extra = 2


@admin.register(FormVersion)
class FormVersionAdmin(RemovesFailedUploadsAdmin, admin.ModelAdmin):
    list_display = ["form", "label", "be_released_on", "created_at"]
    list_filter = ["form__category", "released_on"]
    search_fields = ["form__title", "label", "note"]
    autocomplete_fields = ["form"]
    fields = ["form", "label", "released_on", "note"]
    inlines = [FormatInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("form")

    @admin.display(description=_("ใช้ตั้งแต่วันที่"), ordering="released_on")
    def be_released_on(self, obj):
        return format_date(obj.released_on)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.touch_form()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        obj.touch_form()

    def delete_queryset(self, request, queryset):
        for version in queryset.select_related("form"):
            self.delete_model(request, version)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, _("เพิ่มฉบับ “%(label)s” แล้ว") % {"label": obj.label})
        return redirect("admin:downloads_form_change", obj.form_id)
