# Every province, district and subdistrict, so a fresh database (tests
# included) can place LAOs at once; `manage.py sync_geography` refreshes them
# after a geothai upgrade.
from django.db import migrations


def load(apps, schema_editor):
    from kmlaas.registry import geography

    geography.sync(
        apps.get_model("registry", "Province"),
        apps.get_model("registry", "District"),
        apps.get_model("registry", "Subdistrict"),
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
