from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class WebboardConfig(AppConfig):
    name = "webboard"
    verbose_name = SECTIONS_BY_KEY["webboard"].title
