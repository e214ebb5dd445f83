from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KmlaasConfig(AppConfig):
    name = "kmlaas"
    verbose_name = _("ตั้งค่าเว็บไซต์และผู้ใช้")

    def ready(self):
        # Buddhist-Era dates in every admin form, list and read-only field.
        from kmlaas import admin_dates

        admin_dates.install()
