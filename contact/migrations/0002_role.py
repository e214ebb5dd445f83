# A staff role for answering contact requests, made like the others in
# kmlaas/members/migrations/0002_roles.py (permissions created here, not left
# to the post-migrate signal, which runs after this on a fresh database).
# Re-running it resets the group to exactly these permissions.
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "ผู้ตอบเรื่องติดต่อ/ร้องเรียน"
PERMISSIONS = ["change_contactrequest", "view_contactrequest", "view_statechange"]


def make_role(apps, schema_editor):
    app_config = apps.get_app_config("contact")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ROLE)
    group.permissions.set(Permission.objects.filter(content_type__app_label="contact", codename__in=PERMISSIONS))


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_role, remove_role)]
