from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = SECTIONS_BY_KEY["regulations"].title
