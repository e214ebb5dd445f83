import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize("app_label, model_name", MODEL_ADMINS)
def test_every_admin_list_and_add_page_loads_for_a_superuser(client, admin_user, app_label, model_name):
    client.force_login(admin_user)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in (200, 403)  # 403 where adding there is not allowed by design


def test_the_admin_redirects_anonymous_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_turns_members_away(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_policy_page_search_and_view_on_site(client, admin_user):
    from kmlaas.pages import PolicyPage

    page = PolicyPage.objects.create(slug="cookies", title="นโยบายคุกกี้", body="x", status="published")
    client.force_login(admin_user)
    html = client.get("/admin/kmlaas/policypage/?q=คุกกี้").content.decode()
    assert "นโยบายคุกกี้" in html
    change = client.get(f"/admin/kmlaas/policypage/{page.pk}/change/").content.decode()
    assert "/admin/r/" in change  # Django's "view on site" link


def test_staff_without_superuser_cannot_grant_staff(client, staff, member):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="change_user"))
    client.force_login(staff)
    response = client.post(
        f"/admin/kmlaas/user/{staff.pk}/change/",
        {
            "email": staff.email,
            "display_name": "x",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302  # saved: the flags were ignored, not rejected
    staff.refresh_from_db()
    assert staff.display_name == "x"
    assert not staff.is_superuser


def test_the_admin_allows_ckeditor_inline_styles_only_there(client, admin_user):
    client.force_login(admin_user)
    assert "'unsafe-inline'" in client.get("/admin/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/")["Content-Security-Policy"]
