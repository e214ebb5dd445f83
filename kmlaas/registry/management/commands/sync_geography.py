from django.core.management.base import BaseCommand

from kmlaas.registry import geography
from kmlaas.registry.models import District, Province, Subdistrict


class Command(BaseCommand):
    help = "Insert or update every province, district and subdistrict from the installed geothai data."

    def handle(self, *args, **options):
        provinces, districts, subdistricts = geography.sync(Province, District, Subdistrict)
        self.stdout.write(f"{provinces} provinces, {districts} districts, {subdistricts} subdistricts.")
