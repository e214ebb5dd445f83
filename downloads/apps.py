from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = SECTIONS_BY_KEY["downloads"].title
