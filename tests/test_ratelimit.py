"""Rate limits and "count once" windows: they survive a full cache, hold
under parallel requests, guard /admin/login/ like the public sign-in, and
read the client's address from trusted proxies only."""

import datetime
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faq.models import Faq
from kmlaas import ratelimit
from kmlaas.attachments import Attachment
from kmlaas.pages import PolicyPage
from kmlaas.ratelimit import RateCounter
from tests import files
from webboard import throttle

PASSWORD = "s3cret-Passw0rd"
LOCKED = "เข้าสู่ระบบผิดหลายครั้งเกินไป"
BROWSER = {"user-agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0"}


def admin_login(client, email, password, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": password}, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    # Every failed sign-in hashes a password; the default hasher would make this file slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(email="editor@example.com", password=PASSWORD, is_staff=True)


@pytest.mark.django_db
class TestAdminLogin:
    def test_the_right_password_signs_in(self, client, editor):
        assert admin_login(client, editor.email, "wrong").status_code == 200
        response = admin_login(client, editor.email, PASSWORD)
        assert response.status_code == 302 and signed_in(client)

    def test_it_locks_out_after_five_failures_for_one_email_even_with_the_right_password(
        self, client, editor
    ):
        for _ in range(5):
            response = admin_login(client, editor.email, "wrong")
            assert LOCKED not in response.content.decode()
        response = admin_login(client, editor.email, PASSWORD)
        assert response.status_code == 200
        assert LOCKED in response.content.decode()
        assert not signed_in(client)
        # Another browser, same address and e-mail: still locked.
        assert LOCKED in admin_login(Client(), editor.email, PASSWORD).content.decode()

    def test_failures_on_the_public_sign_in_count_for_the_admin_too(self, client, editor):
        for _ in range(5):
            client.post("/accounts/login/", {"login": editor.email, "password": "wrong"})
        assert LOCKED in admin_login(client, editor.email, PASSWORD).content.decode()
        assert not signed_in(client)

    def test_it_locks_out_an_address_trying_many_emails(self, client, editor):
        for n in range(10):
            admin_login(client, f"guess{n}@example.com", "wrong")
        assert LOCKED in admin_login(client, editor.email, PASSWORD).content.decode()
        assert not signed_in(client)
        # Someone at another address is not locked out.
        admin_login(other := Client(REMOTE_ADDR="203.0.113.50"), editor.email, PASSWORD)
        assert signed_in(other)

    def test_a_member_who_is_not_staff_is_still_refused(self, client, member):
        response = admin_login(client, member.email, PASSWORD)
        assert response.status_code == 200 and not signed_in(client)


@pytest.mark.django_db
class TestEviction:
    def test_lockouts_survive_a_default_cache_filled_with_other_entries(self, client, editor):
        for _ in range(5):
            admin_login(client, editor.email, "wrong")
        # The old DatabaseCache culled the alphabetically lowest keys ("allauth:…") at 300 rows.
        for n in range(1100):
            cache.set(f"filler-{n:05}", n, 600)
        assert LOCKED in admin_login(client, editor.email, PASSWORD).content.decode()
        assert not signed_in(client)
        assert cache.get("filler-00000") == 0

    def test_the_default_cache_still_sweeps_expired_entries(self):
        for n in range(1001):
            cache.set(f"old-{n:05}", n, 600)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE kmlaas_cache SET expires = %s", [timezone.now() - datetime.timedelta(hours=1)]
            )
        cache.set("new", 1, 600)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM kmlaas_cache")
            assert cursor.fetchone()[0] == 1

    def test_fragments_are_kept_apart_and_cull_as_usual(self):
        fragments = caches["fragments"]
        for n in range(2100):
            fragments.set(f"fragment-{n:05}", n, 600)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM kmlaas_cache_fragments")
            assert cursor.fetchone()[0] <= 2000
            cursor.execute("SELECT count(*) FROM kmlaas_cache WHERE cache_key LIKE '%%fragment-%%'")
            assert cursor.fetchone()[0] == 0

    def test_thread_views_do_not_write_to_the_cache(self, client, editor):
        # 330 anonymous views once wiped the lock-outs; now they go to the counters table.
        from webboard import posting
        from webboard.models import Room

        room = Room.objects.create(name="ห้องทดสอบ")
        thread = posting.create_thread(room=room, author=editor, title="คำถาม", body="ข้อความ").thread
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM kmlaas_cache")
            before = cursor.fetchone()[0]
            for n in range(5):
                Client(REMOTE_ADDR=f"198.51.100.{n}").get(thread.get_absolute_url())
            cursor.execute("SELECT count(*) FROM kmlaas_cache")
            assert cursor.fetchone()[0] == before
        assert RateCounter.objects.filter(key__startswith=f"webboard-view:{thread.pk}:").count() == 5


@pytest.mark.django_db
class TestCounters:
    def test_a_window_counts_then_starts_again_once_expired(self):
        assert [ratelimit.hit("k", 60) for _ in range(3)] == [1, 2, 3]
        RateCounter.objects.filter(key="k").update(expires=timezone.now() - datetime.timedelta(seconds=1))
        assert ratelimit.hit("k", 60) == 1
        assert ratelimit.allow("k", 2, 60) is True
        assert ratelimit.allow("k", 2, 60) is False

    def test_each_hit_sweeps_a_few_expired_rows(self):
        past = timezone.now() - datetime.timedelta(hours=1)
        RateCounter.objects.bulk_create(
            RateCounter(key=f"stale{n}", hits=3, expires=past) for n in range(ratelimit.SWEEP_ROWS + 1)
        )
        RateCounter.objects.create(key="live", hits=1, expires=timezone.now() + datetime.timedelta(hours=1))
        with CaptureQueriesContext(connection) as queries:
            ratelimit.hit("fresh", 60)
        assert len(queries) == 1
        assert RateCounter.objects.filter(key__startswith="stale").count() == 1
        ratelimit.hit("fresh", 60)
        assert sorted(RateCounter.objects.values_list("key", flat=True)) == ["fresh", "live"]


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_cannot_pass_the_limit(settings):
    settings.WEBBOARD_POST_LIMIT = 10
    user = get_user_model()(pk=4242)
    start = threading.Barrier(20)
    allowed = []

    def post():
        try:
            start.wait()
            allowed.append(throttle.allow_post(user))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 10 and allowed.count(False) == 10


class TestClientAddress:
    def request(self, forwarded):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    def test_forwarded_for_is_ignored_without_trusted_proxies(self, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
        assert ratelimit.client_ip(self.request("198.51.100.7")) == "10.0.0.2"

    def test_the_trusted_proxys_entry_is_used(self, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        # The client may send its own header; the proxy appends the real address last.
        assert ratelimit.client_ip(self.request("1.2.3.4, 198.51.100.7")) == "198.51.100.7"

    def test_a_request_past_the_proxies_is_counted_by_its_socket_address(self, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
        assert ratelimit.client_ip(self.request("198.51.100.7")) == "10.0.0.2"
        assert ratelimit.client_ip(self.request("not-an-address, x")) == "10.0.0.2"

    @pytest.mark.django_db
    def test_a_short_forwarded_header_is_not_a_server_error(self, settings, client):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
        response = client.post(
            "/accounts/login/", {"login": "a@example.com", "password": "x"}, HTTP_X_FORWARDED_FOR="1.2.3.4"
        )
        assert response.status_code == 200

    @pytest.mark.django_db
    def test_a_spoofed_header_does_not_escape_a_lockout(self, settings, editor):
        for n in range(10):
            admin_login(Client(), f"guess{n}@example.com", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        client = Client()
        admin_login(client, editor.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
        assert not signed_in(client)

    @pytest.mark.django_db
    def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(self, settings, editor):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        for n in range(10):
            admin_login(Client(), f"guess{n}@example.com", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.1")
        locked = Client()
        admin_login(locked, editor.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1")
        assert not signed_in(locked)
        admin_login(client := Client(), editor.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.2")
        assert signed_in(client)


@pytest.mark.django_db
class TestVotes:
    @pytest.fixture
    def faq(self):
        return Faq.objects.create(
            title="ทำไมใบผ่านรายการจ่ายไม่ขึ้น",
            answer="<p>รอระบบประมวลผล</p>",
            status=Faq.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )

    def test_ten_cookieless_posts_do_not_add_ten_votes(self, faq):
        for _ in range(10):
            Client().post(f"/faq/vote/{faq.pk}/", {"helpful": "yes"})
        faq.refresh_from_db()
        assert faq.helpful_yes == 3
        response = Client().post(f"/faq/vote/{faq.pk}/", {"helpful": "yes"}, follow=True)
        assert "มีผู้ตอบจากเครือข่ายนี้หลายครั้งแล้ว" in response.content.decode()

    def test_a_visitor_over_the_limit_may_still_change_their_answer_and_members_still_vote(self, faq, member):
        first = Client()
        first.post(f"/faq/vote/{faq.pk}/", {"helpful": "yes"})
        for _ in range(5):
            Client().post(f"/faq/vote/{faq.pk}/", {"helpful": "yes"})
        first.post(f"/faq/vote/{faq.pk}/", {"helpful": "no"})
        signed = Client()
        signed.force_login(member)
        signed.post(f"/faq/vote/{faq.pk}/", {"helpful": "no"})
        faq.refresh_from_db()
        assert (faq.helpful_yes, faq.helpful_no) == (2, 2)


@pytest.mark.django_db
class TestDownloads:
    @pytest.fixture
    def attachment(self):
        page = PolicyPage.objects.create(
            slug="privacy", title="นโยบาย", body="x", status=PolicyPage.Status.PUBLISHED
        )
        return Attachment.objects.create(item=page, file=files.pdf())

    def test_new_browser_strings_from_one_address_count_once(self, attachment):
        for n in range(5):
            Client().get(
                attachment.get_absolute_url(), headers={"user-agent": f"Mozilla/5.0 Firefox/{100 + n}"}
            )
        Client(REMOTE_ADDR="203.0.113.4").get(attachment.get_absolute_url(), headers=BROWSER)
        attachment.refresh_from_db()
        assert attachment.download_count == 2

    def test_a_repeat_counts_again_after_the_window(self, client, attachment):
        client.get(attachment.get_absolute_url(), headers=BROWSER)
        RateCounter.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
        client.get(attachment.get_absolute_url(), headers=BROWSER)
        attachment.refresh_from_db()
        assert attachment.download_count == 2

    def test_members_count_by_account(self, attachment, member):
        for _ in range(2):
            browser = Client()
            browser.force_login(member)
            browser.get(attachment.get_absolute_url(), headers=BROWSER)
        attachment.refresh_from_db()
        assert attachment.download_count == 1


@pytest.fixture
def redis_cache(settings, tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    try:
        for _ in range(100):
            try:
                caches["default"].get("ping")
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        yield caches["default"]
    finally:
        process.terminate()
        process.wait()


def test_with_redis_parallel_hits_cannot_pass_the_limit_and_counters_expire(redis_cache):
    start = threading.Barrier(20)
    allowed = []

    def post():
        start.wait()
        allowed.append(ratelimit.allow("webboard-post:1", 10, 60))

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 10
    key = redis_cache.make_and_validate_key("rl:webboard-post:1")
    assert 0 < redis_cache._cache.get_client(key).ttl(key) <= 60
