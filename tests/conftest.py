import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from kmlaas import embedded_db


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Without DATABASE_URL the settings name the checkout's embedded PostgreSQL,
    # which the first test that needs a database starts here (make test stops it
    # afterwards unless it was running before). Its socket is read anew: the
    # settings were loaded before it ran.
    if not os.environ.get("DATABASE_URL"):
        settings.DATABASES["default"].update(embedded_db.start())


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user(email="somchai@example.com", password="s3cret-Passw0rd")


@pytest.fixture
def other_member(db):
    return get_user_model().objects.create_user(email="somying@example.com", password="s3cret-Passw0rd")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        email="editor@example.com", password="s3cret-Passw0rd", is_staff=True
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(email="root@example.com", password="s3cret-Passw0rd")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploads made by tests go to a throwaway folder, never the checkout's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tasks_run_at_once(settings):
    # Background tasks (imports, e-mails) run inside the request, so a test
    # sees their outcome on the next page.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
