"""An "import file" page for the admin of any model that has a tabular
importer: upload, see every bad row with its line and reason, or the counts."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmlaas.registry.tabular import ImportRejected

MAX_UPLOAD_MB = 200


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("ไฟล์ CSV (UTF-8) หรือ Excel (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("รับเฉพาะไฟล์ .csv หรือ .xlsx"))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("ไฟล์ใหญ่เกิน %(mb)s MB") % {"mb": MAX_UPLOAD_MB})
        return upload


class ImportAdminMixin:
    """Set import_columns and define import_file(upload) → message."""

    change_list_template = "admin/registry/change_list_with_import.html"
    import_columns = []

    def import_file(self, upload):
        raise NotImplementedError

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{info[0]}_{info[1]}_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = UploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                message = self.import_file(form.cleaned_data["file"])
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(request, message)
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("นำเข้า%(name)sจากไฟล์") % {"name": self.model._meta.verbose_name},
            "form": form,
            "errors": errors,
            "columns": self.import_columns,
            "opts": self.model._meta,
        }
        return render(request, "admin/registry/import.html", context)
