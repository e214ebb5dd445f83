import pytest
from django.contrib.auth import get_user_model


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
