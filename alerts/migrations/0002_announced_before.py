"""What was public before alerts existed counts as announced: editing an old
item later must not mail it to everyone as new."""

from django.db import migrations
from django.utils import timezone

SECTIONS = [
    ("regulations", "Regulation"),
    ("updates", "Update"),
    ("manuals", "Manual"),
    ("news", "NewsItem"),
    ("faq", "Faq"),
    ("downloads", "Form"),
]


def mark_announced(apps, schema_editor):
    AlertItem = apps.get_model("alerts", "AlertItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    now = timezone.now()
    for app_label, name in SECTIONS:
        model = apps.get_model(app_label, name)
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=name.lower())
        AlertItem.objects.bulk_create(
            [
                AlertItem(
                    content_type=content_type,
                    object_id=pk,
                    section=app_label,
                    published_at=publish_at,
                    queued_at=now,
                )
                for pk, publish_at in model.objects.filter(status="published", publish_at__lte=now).values_list("pk", "publish_at")
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("regulations", "0005_rich_text_cleaned_on_save"),
        ("updates", "0004_rich_text_cleaned_on_save"),
        ("manuals", "0004_rich_text_cleaned_on_save"),
        ("news", "0004_rich_text_cleaned_on_save"),
        ("faq", "0004_rich_text_cleaned_on_save"),
        ("downloads", "0004_rich_text_cleaned_on_save"),
    ]

    operations = [migrations.RunPython(mark_announced, migrations.RunPython.noop)]
