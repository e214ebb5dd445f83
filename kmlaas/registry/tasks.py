"""Imports run in the task worker (django.tasks, database backend): a file
of 200,000 rows takes a while to check, and a web worker must not be held
for it. The admin page the importer is sent to reads the job's progress."""

import logging

from django.apps import apps
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmlaas.registry.models import ImportJob
from kmlaas.registry.tabular import ImportRejected

logger = logging.getLogger(__name__)
# A file with every row wrong lists the first of them; that is enough to fix it.
ERRORS_SHOWN = 1_000


@task()
def run_import(job_id):
    """Checks every row of the stored file, then writes all of them in one
    transaction or none; the job records the outcome. The stored file is
    removed either way."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.filter(pk=job_id).first()
    if not claimed or job is None:
        return None  # already run, or deleted while queued

    def progress(line):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=line)

    outcome = {"status": ImportJob.Status.FAILED, "message": "", "errors": []}
    with translation.override(job.language or None):
        try:
            model_admin = admin.site.get_model_admin(apps.get_model(job.target))
            with default_storage.open(job.stored_name, "rb") as file:
                message = model_admin.import_file(file, job.file_name, progress)
        except ImportRejected as rejected:
            outcome["errors"] = [[line, str(reason)] for line, reason in rejected.errors[:ERRORS_SHOWN]]
            outcome["message"] = _(
                "พบข้อผิดพลาด %(count)s รายการ — ยังไม่ได้นำเข้าข้อมูลใด แก้ไขแถวที่ระบุแล้วส่งไฟล์อีกครั้ง"
            ) % {"count": f"{len(rejected.errors):,}"}
            if len(rejected.errors) > ERRORS_SHOWN:
                outcome["message"] += " " + _("(แสดง %(shown)s รายการแรก)") % {"shown": f"{ERRORS_SHOWN:,}"}
        except Exception:
            # Whatever broke, the import's transaction rolled back: nothing was written.
            logger.exception("Import job %s failed", job.pk)
            outcome["message"] = _("การนำเข้าล้มเหลวโดยไม่คาดคิด — ยังไม่ได้นำเข้าข้อมูลใด โปรดแจ้งผู้ดูแลระบบ")
        else:
            outcome.update(status=ImportJob.Status.DONE, message=message)
        finally:
            _remove(job.stored_name)
    # Every line has been read by now (or the file was refused): the count is final.
    ImportJob.objects.filter(pk=job.pk).update(
        **outcome, rows_total=F("rows_done"), finished_at=timezone.now()
    )
    return outcome["status"]


def _remove(name):
    try:
        default_storage.delete(name)
    except Exception:
        logger.warning("Could not remove the stored import file %s", name, exc_info=True)
