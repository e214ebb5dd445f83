from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class FiscalConfig(AppConfig):
    name = "fiscal"
    verbose_name = SECTIONS_BY_KEY["fiscal"].title
