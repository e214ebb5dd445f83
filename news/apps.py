from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = SECTIONS_BY_KEY["news"].title
