from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = SECTIONS_BY_KEY["subsidies"].title
