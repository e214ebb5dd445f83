import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lower_case():
    user = get_user_model().objects.create_user(email="Somchai@Example.COM", password="x")
    assert user.email == "somchai@example.com"
    assert get_user_model().USERNAME_FIELD == "email"


def test_two_accounts_cannot_share_an_email_in_any_case():
    from django.db import IntegrityError

    get_user_model().objects.create_user(email="a@example.com", password="x")
    with pytest.raises(IntegrityError):
        get_user_model().objects.create(email="A@EXAMPLE.COM")


def test_a_verified_member_logs_in_with_email(client, member):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "SOMCHAI@example.com", "password": "s3cret-Passw0rd"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == member


def test_a_wrong_password_is_refused_with_a_thai_message(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    assert response.status_code == 200
    assert "ไม่ถูกต้อง" in response.content.decode()


def test_sign_up_asks_for_email_verification(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-Long-passw0rd!",
            "password2": "a-Long-passw0rd!",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    assert not EmailAddress.objects.get(email="new@example.com").verified


def test_the_login_and_signup_pages_use_the_site_layout(client):
    for path in ["/accounts/login/", "/accounts/signup/"]:
        html = client.get(path).content.decode()
        assert 'class="site-header"' in html, path


def test_a_sign_up_cut_short_by_a_database_error_leaves_no_account(client, monkeypatch):
    from django.db import OperationalError

    from kmlaas.members.models import Profile

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Profile.objects, "update_or_create", connection_lost)
    with pytest.raises(OperationalError):
        client.post(
            "/accounts/signup/",
            {
                "email": "new@example.com",
                "password1": "a-Long-passw0rd!",
                "password2": "a-Long-passw0rd!",
                "consent": "on",
            },
        )
    assert not get_user_model().objects.filter(email="new@example.com").exists()
    assert not EmailAddress.objects.filter(email="new@example.com").exists()


def test_a_profile_save_cut_short_by_a_database_error_changes_nothing(client, member, monkeypatch):
    from django.db import OperationalError

    from kmlaas.members.models import Profile

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.force_login(member)
    monkeypatch.setattr(Profile, "save", connection_lost)
    with pytest.raises(OperationalError):
        client.post(
            "/accounts/profile/", {"display_name": "สมชาย ใจดี", "workplace": "other", "agency": "สถ."}
        )
    member.refresh_from_db()
    assert member.display_name == ""


def test_rotating_the_secret_key_keeps_members_signed_in_only_while_the_old_key_is_a_fallback(
    member, settings
):
    old_key = settings.SECRET_KEY
    kept, dropped = Client(), Client()
    kept.force_login(member)
    dropped.force_login(member)
    settings.SECRET_KEY = "rotated-" + "k" * 50

    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert kept.get(reverse("account_email")).status_code == 200

    settings.SECRET_KEY_FALLBACKS = []
    response = dropped.get(reverse("account_email"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
