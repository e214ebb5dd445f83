from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class ManualsConfig(AppConfig):
    name = "manuals"
    verbose_name = SECTIONS_BY_KEY["manuals"].title
