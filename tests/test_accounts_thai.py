"""Sign-up, sign-in and the account pages in Thai end to end: every allauth page
the portal routes to, its errors and messages, and the e-mails it sends.

allauth's own Thai catalogue is partly machine-made and partly missing; the
portal's (kmlaas/locale/th) replaces it. A page fails if it shows a Latin word
other than the portal's name, or the language switch's "English".
"""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_display
from django.conf import settings
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver

from tests.admin_english import shown_text

pytestmark = pytest.mark.django_db

SITE_URL = "https://km.example.go.th"
PORTAL_NAME = "KM e-LAAS — คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท."
PASSWORD = "s3cret-Passw0rd"
# Latin words a Thai page may show: the portal's and the system's names, the
# language switch. E-mail addresses, links and host names are removed before looking.
ALLOWED_WORDS = {"KM", "LAAS", "English"}
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\b")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def latin_in(texts):
    """Every Latin word left in texts — a stricter form of "no run of three
    English words": a lone "Token" or "AddrAccess" is English left over too."""
    words = (_LATIN_WORD.findall(_ADDRESSES.sub(" ", text)) for text in texts)
    return sorted({word for found in words for word in found} - ALLOWED_WORDS)


def assert_thai(response):
    assert response.status_code in (200, 429), response.status_code
    assert latin_in(shown_text(response.content.decode())) == [], response.request["PATH_INFO"]


def thai_in(texts):
    return [text for text in texts if _THAI.search(text)]


def english_page_thai(response):
    """Thai left in an English account page's main part: the header's switch
    back ("ภาษาไทย") and the agency's name the footer takes from the contact
    details are Thai on purpose, and so are province names on the home page
    that signing out leads to."""
    if response.redirect_chain and not response.redirect_chain[-1][0].startswith("/accounts/"):
        return []
    main = re.search(r"<main\b.*</main>", response.content.decode(), re.S)[0]
    return thai_in(shown_text(main))


@pytest.fixture(autouse=True)
def fast_hashes_and_a_public_address(settings):
    # Every sign-in hashes a password; the default hasher takes about a second here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WEBBOARD_SITE_URL = SITE_URL


@pytest.fixture
def thai(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    return client


@pytest.fixture
def verified(member):
    member.display_name = "สมชาย ใจดี"
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return member


def _reset_link(client, email):
    client.post("/accounts/password/reset/", {"email": email})
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body)[0]


def _allauth_urls(resolver=None, prefix=""):
    """(name, path pattern) of every page allauth serves under the portal's URLconf."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _allauth_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.callback.__module__.startswith("allauth."):
            yield entry.name, prefix + str(entry.pattern)


def _sample_paths(client, member):
    """Each allauth URL with real keys where it takes one (a confirmation of a
    second address, a password-reset link). A new URL with arguments fails
    here until the walk knows how to fill it."""
    pending = EmailAddress.objects.create(user=member, email="second@example.com", verified=False)
    reset = _reset_link(client, member.email).split("/accounts/password/reset/key/")[1]
    keyed = {
        "account_confirm_email": [f"/accounts/confirm-email/{EmailConfirmationHMAC(pending).key}/"],
        "account_reset_password_from_key": [
            f"/accounts/password/reset/key/{reset}",
            "/accounts/password/reset/key/1-x/",
        ],
    }
    paths = []
    for name, pattern in _allauth_urls():
        if "(?P<" in pattern or "<" in pattern:
            paths += keyed.pop(name)
        else:
            paths.append("/" + pattern.lstrip("^").rstrip("$"))
    assert keyed == {}
    return paths


def test_every_allauth_page_is_thai_for_a_visitor_and_a_member(thai, verified):
    paths = _sample_paths(thai, verified)
    assert "/accounts/login/" in paths and "/accounts/password/reset/" in paths and len(paths) >= 14
    for path in paths:
        assert_thai(thai.get(path, follow=True))
    thai.force_login(verified)
    for path in paths:
        assert_thai(thai.get(path, follow=True))


def test_sign_up_states_the_password_rules_in_thai(thai):
    html = thai.get("/accounts/signup/").content.decode()
    for rule in [
        "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร",
        "รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป",
        "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด",
        "รหัสผ่านต้องไม่คล้ายกับข้อมูลส่วนตัวอื่นของคุณมากเกินไป",
    ]:
        assert rule in html


def _signup(email="new@example.com", password1="a-Long-passw0rd!", password2=None):
    return {"email": email, "password1": password1, "password2": password2 or password1, "consent": "on"}


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "จำเป็นต้องกรอกช่องนี้"),
        (_signup(password2="b-Long-passw0rd!"), "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
        (_signup(password1="abc12"), "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร"),
        (_signup(password1="password123"), "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไป"),
        (_signup(password1="8402916357"), "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
        (_signup(email="somchaijaidee@example.com", password1="somchaijaidee"), "รหัสผ่านคล้ายกับอีเมลมากเกินไป"),
        (_signup(email="not-an-address"), "กรุณากรอกที่อยู่อีเมลที่ถูกต้อง"),
    ],
)
def test_a_refused_sign_up_is_explained_in_thai(thai, data, message):
    response = thai.post("/accounts/signup/", data)
    assert message in response.content.decode()
    assert_thai(response)


def test_a_wrong_password_and_too_many_of_them_are_explained_in_thai(thai, verified):
    wrong = thai.post("/accounts/login/", {"login": verified.email, "password": "wrong"})
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in wrong.content.decode()
    assert_thai(wrong)
    assert_thai(thai.post("/accounts/login/", {}))
    for _attempt in range(5):
        locked = thai.post("/accounts/login/", {"login": verified.email, "password": "wrong"})
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป โปรดลองใหม่ภายหลัง" in locked.content.decode()
    assert_thai(locked)


def test_a_rate_limited_visitor_is_told_in_thai(thai):
    for _attempt in range(11):  # ACCOUNT_RATE_LIMITS["signup"]: 10 a minute
        response = thai.post("/accounts/signup/", {})
    assert response.status_code == 429
    assert "ทำรายการถี่เกินไป" in response.content.decode()
    assert_thai(response)


def test_signing_in_and_out_says_so_in_thai(thai, verified):
    signed_in = thai.post("/accounts/login/", {"login": verified.email, "password": PASSWORD}, follow=True)
    assert f"เข้าสู่ระบบในชื่อ {user_display(verified)} เรียบร้อยแล้ว" in signed_in.content.decode()
    assert_thai(signed_in)
    signed_out = thai.post("/accounts/logout/", follow=True)
    assert "ออกจากระบบเรียบร้อยแล้ว" in signed_out.content.decode()
    assert_thai(signed_out)


def test_a_member_changing_password_and_addresses_reads_thai(thai, verified):
    thai.force_login(verified)
    refused = thai.post(
        "/accounts/password/change/", {"oldpassword": "x", "password1": "123", "password2": "456"}
    )
    assert "โปรดกรอกรหัสผ่านปัจจุบัน" in refused.content.decode()
    assert_thai(refused)
    new = "n3w-Long-passw0rd"
    changed = thai.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
        follow=True,
    )
    assert "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว" in changed.content.decode()
    assert_thai(changed)
    same = thai.post("/accounts/email/", {"action_add": "1", "email": verified.email})
    assert "อีเมลนี้อยู่ในบัญชีของท่านแล้ว" in same.content.decode()
    assert_thai(same)
    added = thai.post("/accounts/email/", {"action_add": "1", "email": "second@example.com"}, follow=True)
    assert "ส่งอีเมลยืนยันไปที่ second@example.com แล้ว" in added.content.decode()
    assert_thai(added)
    wrong = thai.post("/accounts/reauthenticate/", {"password": "wrong"})
    assert "รหัสผ่านไม่ถูกต้อง" in wrong.content.decode()
    assert_thai(wrong)


def test_a_password_reset_link_with_a_bad_new_password_is_explained_in_thai(thai, verified):
    form = thai.get(_reset_link(thai, verified.email), follow=True)
    assert_thai(form)
    refused = thai.post(form.redirect_chain[-1][0], {"password1": "abc", "password2": "abd"})
    assert "รหัสผ่านนี้สั้นเกินไป" in refused.content.decode()
    assert_thai(refused)


def _mail_text(message):
    return [message.subject, *message.body.splitlines()]


def _assert_thai_mail(message, link):
    assert latin_in(_mail_text(message)) == [], message.body
    assert message.subject.startswith("[KM e-LAAS] ") and _THAI.search(message.subject)
    assert message.body.startswith(f"สวัสดีจาก {PORTAL_NAME}")
    assert f"{SITE_URL}{link}" in message.body
    assert "testserver" not in message.body and "127.0.0.1" not in message.body


def test_the_confirmation_mail_is_thai_and_links_to_the_public_address(thai):
    thai.post("/accounts/signup/", _signup(email="a&b@example.com"))
    [message] = mail.outbox
    assert message.subject == "[KM e-LAAS] โปรดยืนยันอีเมลของท่าน"
    _assert_thai_mail(message, "/accounts/confirm-email/")
    # Plain text: what the member typed is not HTML-escaped.
    assert "ผู้ใช้ a&b@example.com ใช้อีเมลของท่านสมัครสมาชิกที่ km.example.go.th" in message.body
    assert "&amp;" not in message.body + message.subject
    assert not message.alternatives


def test_the_password_reset_mails_are_thai_and_link_to_the_public_address(thai, verified):
    thai.post("/accounts/password/reset/", {"email": verified.email})
    thai.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    thai.post("/accounts/signup/", _signup(email=verified.email))
    reset, unknown, exists = mail.outbox
    assert reset.subject == "[KM e-LAAS] ลิงก์สำหรับตั้งรหัสผ่านใหม่"
    _assert_thai_mail(reset, "/accounts/password/reset/key/")
    assert unknown.subject == "[KM e-LAAS] ไม่พบบัญชีที่ใช้อีเมลนี้"
    _assert_thai_mail(unknown, "/accounts/signup/")
    assert exists.subject == "[KM e-LAAS] มีบัญชีที่ใช้อีเมลนี้อยู่แล้ว"
    _assert_thai_mail(exists, "/accounts/password/reset/")


def test_the_english_switch_keeps_the_account_pages_and_mails_english(client, verified):
    verified.display_name = "Somchai"  # a Thai name is the member's own text, shown as typed
    verified.save()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    paths = _sample_paths(client, verified)
    for path in paths:
        assert english_page_thai(client.get(path, follow=True)) == [], path
    refused = client.post("/accounts/signup/", _signup(password1="abc12"))
    assert "This password is too short." in refused.content.decode()
    assert "Sign Up" in refused.content.decode()
    client.force_login(verified)
    for path in paths:
        assert english_page_thai(client.get(path, follow=True)) == [], path
    client.logout()  # which forgets every cookie, the language's too
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mail.outbox.clear()
    client.post("/accounts/signup/", _signup())
    [message] = mail.outbox
    assert message.subject == "[KM e-LAAS] Please Confirm Your Email Address"
    assert message.body.startswith("Hello from KM e-LAAS — LAO computerised accounting knowledge base!")
    assert thai_in(_mail_text(message)) == []
