import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection

from kmlaas.members.models import PRIVACY_POLICY_VERSION, Profile
from kmlaas.registry.models import LAO, District, Province
from tests.webboard.conftest import verify
from webboard import posting, throttle

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-passw0rd!"


@pytest.fixture
def lao(db):
    province, _ = Province.objects.get_or_create(code="48", defaults={"name": "นครพนม"})
    district, _ = District.objects.get_or_create(
        code="4801", defaults={"province": province, "name": "เมืองนครพนม"}
    )
    lao, _ = LAO.objects.update_or_create(
        code="6480101",
        defaults={"name": "อบต.ทดสอบ", "kind": "sao", "province": province, "district": district},
    )
    return lao


class TestSignUp:
    def test_consent_is_required_and_recorded(self, client, mailoutbox):
        data = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}
        response = client.post("/accounts/signup/", data)
        assert "โปรดยินยอมตามนโยบายความเป็นส่วนตัว" in response.content.decode()
        assert not get_user_model().objects.exists()
        client.post("/accounts/signup/", {**data, "consent": "on", "display_name": "สมศักดิ์"})
        user = get_user_model().objects.get()
        assert user.display_name == "สมศักดิ์"
        assert user.profile.consent_at and user.profile.consent_version == PRIVACY_POLICY_VERSION

    def test_a_bot_filling_the_honeypot_gets_no_account(self, client, mailoutbox):
        data = {"email": "bot@example.com", "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}
        response = client.post("/accounts/signup/", {**data, "website": "http://spam.example"})
        assert response.status_code == 302  # told "sent", as allauth does
        assert not get_user_model().objects.exists() and mailoutbox == []

    def test_the_signup_page_shows_the_consent_link_and_hides_the_honeypot(self, client):
        html = client.get("/accounts/signup/").content.decode()
        assert 'href="/pages/privacy/"' in html
        assert 'name="website"' in html

    @pytest.mark.parametrize(
        "path",
        [
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/accounts/confirm-email/",
        ],
    )
    @pytest.mark.parametrize("language", ["th", "en"])
    def test_account_pages_render_in_the_site_layout(self, client, path, language):
        client.cookies["django_language"] = language
        response = client.get(path)
        assert response.status_code == 200
        assert 'class="site-header"' in response.content.decode()

    @pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/profile/"])
    def test_member_pages_render(self, client, asker, path):
        client.force_login(asker)
        response = client.get(path)
        assert response.status_code == 200
        assert 'class="site-header"' in response.content.decode()

    def test_a_changed_address_must_be_confirmed_before_it_replaces_the_old(self, client, asker, mailoutbox):
        client.force_login(asker)
        client.post("/accounts/email/", {"action_add": "", "email": "new-address@example.com"})
        new = EmailAddress.objects.get(email="new-address@example.com")
        assert not new.verified and len(mailoutbox) == 1
        assert EmailAddress.objects.get(email=asker.email).primary

    def test_password_reset_sends_a_mail(self, client, asker, mailoutbox):
        client.post("/accounts/password/reset/", {"email": asker.email})
        assert len(mailoutbox) == 1


class TestProfile:
    def test_the_lao_picker_works_without_javascript(self, client, asker, lao):
        client.force_login(asker)
        step = client.post("/accounts/profile/", {"workplace": "lao", "province": "48", "refresh": "1"})
        assert "เมืองนครพนม" in step.content.decode()
        step = client.post(
            "/accounts/profile/", {"workplace": "lao", "province": "48", "district": "4801", "refresh": "1"}
        )
        assert "อบต.ทดสอบ" in step.content.decode()
        response = client.post(
            "/accounts/profile/",
            {
                "display_name": "สมชาย",
                "full_name": "สมชาย ใจดี",
                "position": "นักวิชาการเงินและบัญชี",
                "workplace": "lao",
                "province": "48",
                "district": "4801",
                "lao": "6480101",
                "phone": "042-000000",
            },
        )
        assert response.status_code == 302
        profile = Profile.objects.get(user=asker)
        assert profile.lao == lao and profile.full_name == "สมชาย ใจดี"
        asker.refresh_from_db()
        assert asker.display_name == "สมชาย"

    def test_no_one_makes_themselves_staff(self, client, asker):
        client.force_login(asker)
        client.post(
            "/accounts/profile/",
            {"workplace": "other", "agency": "สถ.", "is_staff": "on", "is_superuser": "on", "groups": "1"},
        )
        asker.refresh_from_db()
        assert not asker.is_staff and not asker.is_superuser and not asker.groups.exists()

    def test_full_name_and_phone_are_for_staff_only_and_profile_text_is_inert(
        self, client, question, asker, moderator
    ):
        Profile.objects.create(
            user=asker, full_name="<script>alert(1)</script>ชื่อจริง", phone="081-111", position="<b>ผอ.</b>"
        )
        html = client.get(question.get_absolute_url()).content.decode()
        assert "ชื่อจริง" not in html and "081-111" not in html
        assert "&lt;b&gt;ผอ.&lt;/b&gt;" in html
        client.force_login(moderator)
        html = client.get(question.get_absolute_url()).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;ชื่อจริง" in html and "081-111" in html


class TestPersonalData:
    def test_a_member_downloads_their_data(self, client, question, asker):
        Profile.objects.create(user=asker, position="ผู้อำนวยการกองคลัง")
        client.force_login(asker)
        response = client.get("/accounts/profile/export.json")
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert data["account"]["email"] == asker.email
        assert data["profile"]["position"] == "ผู้อำนวยการกองคลัง"
        assert data["threads"][0]["title"] == question.title

    def test_deleting_the_account_keeps_the_posts_readable(self, client, question, asker):
        client.force_login(asker)
        response = client.post("/accounts/profile/delete/", {"password": "wrong", "confirm": "on"})
        assert "รหัสผ่านไม่ถูกต้อง" in response.content.decode()
        client.post("/accounts/profile/delete/", {"password": "s3cret-Passw0rd", "confirm": "on"})
        assert not get_user_model().objects.filter(email=asker.email).exists()
        assert not EmailAddress.objects.filter(email=asker.email).exists()
        html = client.get(question.get_absolute_url()).content.decode()
        assert question.title in html and "ผู้ใช้ที่ลบบัญชีแล้ว" in html
        assert asker.email not in html


def _run_in_another_process(code):
    """Run Django code in a separate interpreter against the test database,
    as a second gunicorn worker would."""
    db = connection.settings_dict
    env = {
        **os.environ,
        # The embedded server listens on a socket directory: quoted, it is a valid URL host.
        "DATABASE_URL": f"postgres://{db['USER']}:{quote(db['PASSWORD'] or '', safe='')}@"
        f"{quote(db['HOST'] or '127.0.0.1', safe='')}:{db['PORT']}/{db['NAME']}",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "kmlaas.settings",
    }
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class TestLimitsAcrossProcesses:
    """The other process commits to the shared cache table; this test's own
    transaction reads those rows, exactly as two gunicorn workers would."""

    def test_failed_logins_in_one_process_lock_the_account_in_another(self, client):
        email = f"target-{uuid.uuid4().hex[:8]}@example.com"
        verify(get_user_model().objects.create_user(email=email, password=PASSWORD))
        out = _run_in_another_process(
            f"""
            from django.test import Client
            client = Client()
            for _ in range(5):
                client.post("/accounts/login/", {{"login": "{email}", "password": "wrong"}})
            print("done")
            """
        )
        assert "done" in out
        response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in client.session

    def test_a_fresh_account_logs_in_normally(self, client):
        email = f"fresh-{uuid.uuid4().hex[:8]}@example.com"
        verify(get_user_model().objects.create_user(email=email, password=PASSWORD))
        client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert "_auth_user_id" in client.session

    def test_the_posting_limit_counts_posts_from_every_process(self, settings):
        user = get_user_model()(pk=900_000 + uuid.uuid4().int % 99_999, email="poster@example.com")
        limit = settings.WEBBOARD_POST_LIMIT
        _run_in_another_process(
            f"""
            from django.contrib.auth import get_user_model
            from webboard import throttle
            user = get_user_model()(pk={user.pk})
            assert all(throttle.allow_post(user) for _ in range({limit}))
            """
        )
        assert throttle.allow_post(user) is False


def test_only_a_new_members_first_posts_are_held(settings, asker, moderator):
    from kmlaas.members.roles import is_moderator

    settings.WEBBOARD_HOLD_FIRST_POSTS = 1
    assert not is_moderator(asker) and is_moderator(moderator)
    assert posting.needs_approval(asker) and not posting.needs_approval(moderator)
