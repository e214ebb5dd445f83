from django.apps import AppConfig

from kmlaas.sections import SECTIONS_BY_KEY


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = SECTIONS_BY_KEY["faq"].title
