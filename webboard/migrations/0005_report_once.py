from django.conf import settings
from django.db import migrations, models


def keep_first_report(apps, schema_editor):
    """Repeated reports by one member on one post collapse into the first;
    an open one wins over resolved ones, so nothing leaves the queue."""
    Report = apps.get_model("webboard", "Report")
    seen = set()
    for report in Report.objects.exclude(reporter=None).order_by("post", "reporter", "-resolved_at", "id"):
        # "-resolved_at" puts NULL (open) first on PostgreSQL.
        key = (report.post_id, report.reporter_id)
        if key in seen:
            report.delete()
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("webboard", "0004_thai_field_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_first_report, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(fields=("post", "reporter"), name="webboard_report_once"),
        ),
    ]
