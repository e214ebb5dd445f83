"""Every registered ModelAdmin, walked as department staff use it: the add
page creates an item from Thai text and Buddhist-Era dates, and an existing
item's change page saves back unchanged (with the demo content loaded)."""

import datetime

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests import files
from tests.admin_english import assert_thai_only
from tests.admin_forms import read_form

MODEL_ADMINS = sorted(
    ((model._meta.app_label, model._meta.model_name) for model in admin.site._registry),
)
THAI = "ทดสอบภาษาไทย การบันทึกบัญชี ๒๕๖๙"


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    # The demo's files are written once for the module; every test reads them.
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    from django.db import connection

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        assert "test" in connection.settings_dict["NAME"]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        for alias in ("default", "fragments"):
            caches[alias].clear()


@pytest.fixture
def superuser(demo, django_user_model):
    user, _created = django_user_model.objects.get_or_create(
        email="walker@example.com", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def model_admin(app_label, model_name):
    return next(
        (model, ma)
        for model, ma in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )


def snapshot(obj):
    """Every stored value an editor's unchanged save must leave as it was."""
    obj.refresh_from_db()
    values = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue
        values[field.attname] = getattr(obj, field.attname)
    return values


def submit_unchanged(client, url, form_id):
    page = client.get(url)
    assert page.status_code == 200, url
    data, _required, _kinds, _options = read_form(page.content.decode(), form_id)
    data["_save"] = ["Save"]
    return client.post(url, data)


def errors_of(response):
    context = response.context
    if context is None:
        return response.content[:500]
    found = [context["adminform"].form.errors] if "adminform" in context else []
    found += [
        inline.formset.errors
        for inline in context.get("inline_admin_formsets") or []
        if inline.formset.errors
    ]
    return found


def fill(name, kind, options, model):
    """A value for an empty required input, as a Thai editor would type it."""
    field_name = name.split("-")[-1].rsplit("_", 1)[0] if name[-2:] in ("_0", "_1") else name.split("-")[-1]
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # a form-only field or an inline's
        field = None
    if name.endswith("_0") or isinstance(field, models.DateField) and not name.endswith("_1"):
        return "27/11/2569"
    if name.endswith("_1"):
        return "09:30"
    if kind == "password":
        return "Kmlaas-Walk-2569!"
    if isinstance(field, models.ForeignKey):
        # Autocomplete and raw-id inputs offer no options: pick a row as staff would.
        related = field.related_model._default_manager.order_by("pk")
        if isinstance(field, models.OneToOneField):
            related = related.filter(**{f"{field.remote_field.get_accessor_name()}__isnull": True})
        return str(related.values_list("pk", flat=True).first() or "")
    if kind == "select":
        real = [value for value in options.get(name, []) if value]
        return real[0] if real else ""
    if kind == "number" or isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return "1"
    if kind == "email" or isinstance(field, models.EmailField):
        return "walker-new@example.com"
    if kind == "url" or isinstance(field, models.URLField):
        return "https://www.youtube.com/watch?v=abc"
    if isinstance(field, models.SlugField):
        return "thai-walk"
    max_length = getattr(field, "max_length", None) or 200
    text = f"{THAI} {model._meta.model_name}"
    if getattr(field, "unique", False):
        text += f" {datetime.datetime.now().timestamp()}"
    return text[:max_length]


def upload_for(name):
    return (
        files.png(f"{name}.png") if any(word in name for word in ("cover", "image", "logo")) else files.pdf()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("app_label, model_name", MODEL_ADMINS)
def test_an_existing_item_saves_back_unchanged(client, superuser, app_label, model_name):
    model, _ma = model_admin(app_label, model_name)
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.skip(f"the demo content has no {model._meta.verbose_name}")
    client.force_login(superuser)
    url = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert_thai_only(page.content.decode())
    if 'name="_save"' not in page.content.decode():
        pytest.skip("read-only in the admin by design")
    before = snapshot(obj)
    response = submit_unchanged(client, url, f"{model_name}_form")
    assert response.status_code == 302, errors_of(response)
    assert response["Location"].startswith(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert snapshot(obj) == before
    assert_thai_only(client.get(response["Location"]).content.decode())  # the "changed" message


@pytest.mark.django_db
@pytest.mark.parametrize("app_label, model_name", MODEL_ADMINS)
def test_the_add_page_creates_an_item_from_thai_text_and_be_dates(client, superuser, app_label, model_name):
    model, _ma = model_admin(app_label, model_name)
    client.force_login(superuser)
    url = reverse(f"admin:{app_label}_{model_name}_add")
    page = client.get(url)
    if page.status_code == 403:
        pytest.skip("adding is not allowed here by design")
    assert page.status_code == 200
    data, required, kinds, options = read_form(page.content.decode(), f"{model_name}_form")
    uploads = {}
    # Django's new-user form marks its passwords required only in its script;
    # and an item may need a file in its first inline row (a form's version).
    required |= {name for name, kind in kinds.items() if kind == "password"}
    required |= {name for name, kind in kinds.items() if kind == "file" and name.endswith("-0-file")}
    for name in sorted(required):
        if "__prefix__" in name:
            continue
        if kinds.get(name) == "file":
            uploads[name] = upload_for(name)
        elif not any(data.get(name, [])):
            data[name] = [fill(name, kinds.get(name), options, model)]
    before = model._default_manager.count()
    response = client.post(url, {**data, **uploads, "_save": ["Save"]})
    assert response.status_code == 302, errors_of(response)
    assert model._default_manager.count() == before + 1
    created = model._default_manager.order_by("-pk").first()
    change = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[created.pk]))
    assert change.status_code == 200
    for name, values in data.items():
        field_name = name.removesuffix("_0")
        if values == ["27/11/2569"] and "-" not in name and hasattr(created, field_name):
            value = getattr(created, field_name)
            if isinstance(value, datetime.datetime):
                value = timezone.localtime(value).date()
            # A field may keep only the month (a monthly figure): the year and month must be right.
            assert (value.year, value.month) == (2026, 11), name
            assert "27/11/2569" in change.content.decode()
