# The department's staff roles as groups, least privilege: nobody needs to be
# a superuser to do their job. Permissions are created here, not left to the
# post-migrate signal, because on a fresh database that runs after this.
# Re-running the migration (or a later one with the same code) resets each
# group to exactly these permissions.
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
READ = ("view",)
# What every writer needs beside their own section: files attached inline,
# and the shared labels offered in autocomplete fields.
SHARED = {
    "kmlaas.attachment": ALL,
    "kmlaas.module": READ,
    "kmlaas.tag": ("add", "view"),
}

WRITERS = {
    "ผู้เขียน/บรรณาธิการ: คู่มือและเอกสาร": {
        "manuals.manual": ALL,
        "manuals.category": ("add", "change", "view"),
        "manuals.videolink": ALL,
        "regulations.regulation": READ,
    },
    "ผู้เขียน/บรรณาธิการ: กฎหมาย ระเบียบ หนังสือสั่งการ": {
        "regulations.regulation": ALL,
        "regulations.relation": ALL,
        "regulations.agency": ("add", "change", "view"),
    },
    "ผู้เขียน/บรรณาธิการ: คำถามที่พบบ่อย": {
        "faq.faq": ALL,
        "faq.topic": ("add", "change", "view"),
        "regulations.regulation": READ,
        "manuals.manual": READ,
    },
    "ผู้เขียน/บรรณาธิการ: ข่าวประชาสัมพันธ์": {
        "news.newsitem": ALL,
        "news.category": ("add", "change", "view"),
        "news.banner": ALL,
    },
    "ผู้เขียน/บรรณาธิการ: ข้อมูลการปรับปรุงระบบ": {
        "updates.update": ALL,
        "updates.updateitem": ALL,
        "manuals.manual": READ,
        "regulations.regulation": READ,
    },
    "ผู้เขียน/บรรณาธิการ: แบบฟอร์มดาวน์โหลด": {
        "downloads.form": ALL,
        "downloads.formversion": ALL,
        "downloads.category": ("add", "change", "view"),
    },
}
PUBLISHABLE = [
    "manuals.manual",
    "regulations.regulation",
    "faq.faq",
    "news.newsitem",
    "updates.update",
    "downloads.form",
    "kmlaas.policypage",
]

ROLES = {
    **{name: {**SHARED, **perms} for name, perms in WRITERS.items()},
    "ผู้อนุมัติเผยแพร่": {
        **{model: (*ALL, "publish") for model in PUBLISHABLE},
        **{model: READ for perms in WRITERS.values() for model in perms if model not in PUBLISHABLE},
        **SHARED,
    },
    "ผู้ดูแลเว็บบอร์ด": {
        "webboard.room": ("change", "view"),
        "webboard.thread": ("change", "delete", "view"),
        "webboard.report": ("change", "view"),
        "webboard.moderationlog": READ,
        "kmlaas.attachment": READ,
    },
    "ผู้นำเข้าข้อมูล": {
        "subsidies.subsidyitem": ALL,
        "subsidies.transfer": ALL,
        "fiscal.actual": ALL,
        "fiscal.fiscalimport": ALL,
        "registry.province": READ,
        "registry.district": READ,
        "registry.subdistrict": READ,
        "registry.lao": ALL,
    },
    "ผู้ดูแลระบบ": {
        "kmlaas.user": ("add", "change", "view", "assign_roles"),
        "auth.group": READ,
        "account.emailaddress": ALL,
        "members.profile": ("change", "view"),
        "kmlaas.sitecontact": ("add", "change", "view"),
        "kmlaas.policypage": (*ALL, "publish"),
        "kmlaas.module": ALL,
        "kmlaas.tag": ALL,
        "kmlaas.attachment": ALL,
        "search.query": READ,
        "search.entry": READ,
        "django_tasks_database.dbtaskresult": READ,
        "admin.logentry": READ,
    },
}
OLD_MODERATORS = "moderators"


def codename(action, model):
    return action if action == "assign_roles" else f"{action}_{model}"


def make_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # create_permissions skips an app whose models module is unset, as it is
        # in a migration's app registry; the real one (tests) is left as it was.
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The webboard's moderators group had an English name; keep its members.
    if not Group.objects.filter(name="ผู้ดูแลเว็บบอร์ด").exists():
        Group.objects.filter(name=OLD_MODERATORS).update(name="ผู้ดูแลเว็บบอร์ด")
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            for action in actions:
                wanted.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=codename(action, model)
                    )
                )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kmlaas", "0006_user_assign_roles"),
        ("manuals", "0003_repair_slugs"),
        ("regulations", "0003_repair_slugs"),
        ("faq", "0003_repair_slugs"),
        ("news", "0003_repair_slugs"),
        ("updates", "0003_repair_slugs"),
        ("downloads", "0003_repair_slugs"),
        ("webboard", "0003_repair_slugs"),
        ("subsidies", "0002_subsidytotal_subsidies_s_scope_925c14_idx"),
        ("fiscal", "0002_fiscaltotal_fiscal_fisc_scope_d97f6c_idx"),
        ("registry", "0002_geography"),
        ("search", "0002_words"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
