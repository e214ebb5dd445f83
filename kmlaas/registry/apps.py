from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_geography(sender, apps=None, using="default", **kwargs):
    """Put the provinces, districts and subdistricts back when they are
    missing. The data migration loads them once, but `flush` (and every
    transactional test, which flushes) empties the tables and then sends
    post_migrate."""
    if apps is None:  # flush sends no migration state
        from django.apps import apps
    try:
        Subdistrict = apps.get_model("registry", "Subdistrict")
    except LookupError:  # migrating backwards past the registry
        return
    if Subdistrict.objects.using(using).exists():
        return
    from kmlaas.registry import geography

    geography.sync(
        apps.get_model("registry", "Province"), apps.get_model("registry", "District"), Subdistrict
    )


class RegistryConfig(AppConfig):
    name = "kmlaas.registry"
    label = "registry"
    verbose_name = _("ทะเบียน อปท. และพื้นที่")

    def ready(self):
        post_migrate.connect(_ensure_geography, sender=self, dispatch_uid="registry_geography")
