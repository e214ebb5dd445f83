from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class KmlaasConfig(AppConfig):
    default = True  # the app "kmlaas" is this one; TasksConfig below is listed by its path
    name = "kmlaas"
    verbose_name = _("ตั้งค่าเว็บไซต์และผู้ใช้")

    def ready(self):
        # Buddhist-Era dates in every admin form, list and read-only field.
        from kmlaas import admin_dates

        admin_dates.install()

        from kmlaas import admin_lookups

        admin_lookups.install()

        # Pillow warns past this many pixels and refuses twice as many.
        from PIL import Image

        from kmlaas.attachments import IMAGE_MAX_PIXELS

        Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS

        # Registers the portal's own `check --deploy` checks.
        from kmlaas import checks  # noqa: F401


class TasksConfig(TasksAppConfig):
    """django_tasks_db under a Thai name: its own is a plain English string,
    which no catalog can translate, shown on the admin index."""

    verbose_name = _("งานเบื้องหลัง")

    def ready(self):
        super().ready()
        # Replaces the app's ModelAdmin with one whose column labels translate.
        from kmlaas import task_admin  # noqa: F401
