from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class UpdatesConfig(AppConfig):
    name = "updates"
    verbose_name = SECTIONS_BY_KEY["updates"].title
