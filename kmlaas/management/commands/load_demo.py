from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load realistic Thai demo content for every section. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        # Each app that has demo content keeps it in its own demo.py with a
        # load(stdout) function; the shared blocks come first.
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
