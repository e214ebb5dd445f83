# Slugs made by the earlier generator kept Thai marks that the slug check
# refused and ran words together; remake them and keep the old ones so that
# every URL that worked still does (kmlaas.slugs).
from django.db import migrations

from kmlaas.slugs import repair_slugs


def repair(apps, schema_editor):
    repair_slugs(apps, "updates", "update", lambda row: row.title)


class Migration(migrations.Migration):
    dependencies = [("updates", "0002_workflow_history_slugs"), ("kmlaas", "0004_workflow_history_slugs"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
