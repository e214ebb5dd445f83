"""An "import file" page for the admin of any model that has a tabular
importer: upload, then follow the import job's page — progress while the
task worker checks the rows, then the counts or every bad row with its line."""

import pathlib
import uuid

from django import forms
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kmlaas.registry.models import ImportJob
from kmlaas.registry.tasks import run_import

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
    """Set import_columns and define import_file(file, name, progress) →
    message; it runs in the task worker and raises ImportRejected for bad rows."""

    change_list_template = "admin/registry/change_list_with_import.html"
    import_columns = []

    def import_file(self, file, name, progress=None):
        raise NotImplementedError

    def _import_url(self, suffix):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{suffix}"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=self._import_url("import")),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name=self._import_url("import_job"),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            # Stored first: the worker reads it from storage row by row, so
            # neither the request nor the worker holds the whole file.
            suffix = pathlib.PurePath(upload.name.lower()).suffix
            stored = default_storage.save(f"imports/{uuid.uuid4().hex}{suffix}", upload)
            job = ImportJob.objects.create(
                target=self.model._meta.label_lower,
                user=request.user,
                file_name=upload.name[:255],
                language=get_language() or "",
                stored_name=stored,
            )
            run_import.enqueue(job.pk)
            return redirect(reverse(f"admin:{self._import_url('import_job')}", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("นำเข้า%(name)sจากไฟล์") % {"name": self.model._meta.verbose_name},
            "form": form,
            "columns": self.import_columns,
            "opts": self.model._meta,
            "jobs": ImportJob.objects.filter(target=self.model._meta.label_lower, user=request.user)[:5],
        }
        return render(request, "admin/registry/import.html", context)

    def import_job_view(self, request, job_id):
        job = ImportJob.objects.filter(pk=job_id, target=self.model._meta.label_lower).first()
        # Someone else's job is hidden from all but those who may import here.
        if job is None or (job.user_id != request.user.pk and not self.has_add_permission(request)):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("นำเข้าไฟล์ %(name)s") % {"name": job.file_name},
            "job": job,
            "opts": self.model._meta,
            "import_url": reverse(f"admin:{self._import_url('import')}"),
        }
        return render(request, "admin/registry/import_job.html", context)
