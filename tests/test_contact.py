"""The contact/complaint form, its tracking number and e-mails, the status
page, staff's handling in the admin and the retention rule."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from contact.models import ContactRequest, StateChange
from kmlaas.members.models import Profile

pytestmark = pytest.mark.django_db

ROLE = importlib.import_module("contact.migrations.0002_role")
FORM = {
    "kind": "problem",
    "name": "สมศรี ใจดี",
    "email": "somsri@example.com",
    "phone": "081-234-5678",
    "organisation": "เทศบาลตำบลบางพลี",
    "subject": "วางฎีกาไม่ได้",
    "message": "กดบันทึกฎีกาแล้วระบบแจ้งข้อผิดพลาด",
    "consent": "on",
}
NOT_FOUND_MESSAGE = "ไม่พบเรื่องที่มีเลขที่และอีเมลนี้ — ตรวจเลขที่เรื่องและอีเมลอีกครั้ง"
NOT_FOUND = NOT_FOUND_MESSAGE[:20]


@pytest.fixture
def committed(django_capture_on_commit_callbacks, tasks_run_at_once):
    """Runs what waits for the commit (the mail tasks), at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def submit(client, **values):
    return client.post("/contact/", {**FORM, **values})


def a_request(state=ContactRequest.State.RECEIVED, **values):
    contact = ContactRequest.objects.create(**{**{k: v for k, v in FORM.items() if k != "consent"}, **values})
    contact.assign_number()
    contact.state = state
    contact.save()
    StateChange.objects.create(request=contact, state=ContactRequest.State.RECEIVED)
    return contact


class TestSubmitting:
    def test_a_visitor_gets_a_number_and_a_confirmation_mail(self, client, settings, committed):
        settings.WEBBOARD_SITE_URL = "https://km.example/"
        with committed():
            response = submit(client)
        assert response.status_code == 302 and response["Location"] == "/contact/thanks/"
        contact = ContactRequest.objects.get()
        year = timezone.localdate().year + 543
        assert contact.number == f"KM-{year}-{contact.pk:06d}" and contact.user is None
        assert contact.state == "received" and not contact.held
        assert list(contact.changes.values_list("state", flat=True)) == ["received"]
        thanks = client.get("/contact/thanks/").content.decode()
        assert contact.number in thanks
        [message] = mail.outbox
        assert message.to == ["somsri@example.com"] and contact.number in message.subject
        assert contact.number in message.body and "สมศรี ใจดี" in message.body
        assert f"https://km.example/contact/status/?number={contact.number}" in message.body

    def test_a_member_finds_name_and_email_filled_in(self, client, member, committed):
        Profile.objects.create(user=member, full_name="สมชาย รักดี")
        client.force_login(member)
        page = client.get("/contact/").content.decode()
        assert 'value="สมชาย รักดี"' in page and f'value="{member.email}"' in page
        with committed():
            submit(client, name="สมชาย รักดี", email=member.email)
        assert ContactRequest.objects.get().user == member
        assert mail.outbox[0].to == [member.email]

    def test_it_rejects_bad_input_in_thai_and_stores_nothing(self, client, committed):
        with committed():
            response = submit(
                client, email="not-an-email", phone="12345", consent="", message="ก" * 5001, kind=""
            )
        assert response.status_code == 200
        html = response.content.decode()
        for text in [
            "หมายเลขโทรศัพท์ไม่ถูกต้อง",
            "โปรดยินยอมตามนโยบาย",
            "ข้อความยาวเกิน 5,000",
            "โปรดเลือกประเภทเรื่อง",
        ]:
            assert text in html, text
        assert 'value="สมศรี ใจดี"' in html  # what was typed stays
        assert not ContactRequest.objects.exists() and not mail.outbox

    @pytest.mark.parametrize("phone", ["02 241 9000", "(053) 123456", "+66 81 234 5678", "๐๘๑-๒๓๔-๕๖๗๘", ""])
    def test_it_takes_thai_phone_numbers(self, client, phone):
        assert submit(client, phone=phone).status_code == 302

    def test_a_bot_filling_the_honeypot_is_told_sent_and_nothing_is_kept(self, client, committed):
        with committed():
            response = submit(client, website="http://spam.example")
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "ส่งเรื่องแล้ว" in page.content.decode()
        assert not ContactRequest.objects.exists() and not mail.outbox

    def test_the_honeypot_is_hidden_by_the_stylesheet_not_inline(self, client):
        html = client.get("/contact/").content.decode()
        assert 'name="website"' in html and "style=" not in html

    def test_it_limits_submissions_per_address_and_per_email(self, client, settings):
        settings.CONTACT_LIMIT = 2
        assert submit(client).status_code == 302
        assert submit(client, email="other@example.com").status_code == 302
        refused = submit(client, email="third@example.com")
        assert refused.status_code == 429 and "ถี่เกินไป" in refused.content.decode()
        assert ContactRequest.objects.count() == 2

    def test_it_limits_one_email_from_many_addresses(self, client, settings):
        settings.CONTACT_LIMIT = 1
        assert submit(client, REMOTE_ADDR="192.0.2.1").status_code == 302
        assert client.post("/contact/", FORM, REMOTE_ADDR="192.0.2.2").status_code == 429

    def test_a_link_heavy_message_is_held_without_a_mail(self, client, committed):
        links = " ".join(f"https://spam{i}.example" for i in range(4))
        with committed():
            assert submit(client, message=f"ซื้อเลย {links}").status_code == 302
        assert ContactRequest.objects.get().held and not mail.outbox

    def test_it_refuses_other_methods(self, client):
        assert client.put("/contact/").status_code == 405
        assert client.post("/contact/thanks/").status_code == 405
        assert client.delete("/contact/status/").status_code == 405

    def test_the_footer_and_header_link_to_it(self, client):
        assert client.get("/").content.decode().count('href="/contact/"') == 2


def look_up(client, number, email):
    return client.post("/contact/status/", {"number": number, "email": email})


class TestStatusPage:
    def test_the_right_number_and_email_show_the_history_and_public_answer(self, client):
        contact = a_request(state="answered", answer="แก้ไขแล้ว โปรดลองอีกครั้ง", internal_notes="ลับเฉพาะ")
        StateChange.objects.create(request=contact, state="answered")
        html = look_up(client, contact.number.lower(), "SomSri@Example.com").content.decode()
        assert "วางฎีกาไม่ได้" in html and "แจ้งปัญหาการใช้งาน" in html
        assert "รับเรื่องแล้ว" in html and "ตอบแล้ว" in html
        assert "แก้ไขแล้ว โปรดลองอีกครั้ง" in html and "ลับเฉพาะ" not in html
        assert str(timezone.localdate().year + 543) in html

    def test_an_answer_not_yet_sent_stays_hidden(self, client):
        contact = a_request(state="in_progress", answer="ร่างคำตอบ")
        assert "ร่างคำตอบ" not in look_up(client, contact.number, FORM["email"]).content.decode()

    def test_a_wrong_email_and_a_wrong_number_read_the_same(self, client):
        contact = a_request()
        wrong_email = look_up(client, contact.number, "other@example.com")
        wrong_number = look_up(client, "KM-2569-999999", FORM["email"])
        for response in (wrong_email, wrong_number):
            assert response.status_code == 200 and "contact" not in response.context
            assert response.context["form"].non_field_errors() == [NOT_FOUND_MESSAGE]
        assert "วางฎีกาไม่ได้" not in wrong_email.content.decode()

    def test_guessing_numbers_is_cut_off(self, client, settings):
        settings.CONTACT_STATUS_LIMIT = 3
        contact = a_request()
        for guess in range(3):
            assert look_up(client, f"KM-2569-{guess:06d}", FORM["email"]).status_code == 200
        refused = look_up(client, contact.number, FORM["email"])
        assert refused.status_code == 429 and "วางฎีกาไม่ได้" not in refused.content.decode()

    def test_the_mail_link_fills_in_the_number(self, client):
        html = client.get("/contact/status/?number=KM-2569-000007").content.decode()
        assert 'value="KM-2569-000007"' in html

    def test_an_anonymised_request_is_not_found(self, client):
        contact = a_request(state="closed")
        ContactRequest.objects.filter(pk=contact.pk).update(email="", anonymised_at=timezone.now())
        assert NOT_FOUND in look_up(client, contact.number, FORM["email"]).content.decode()

    def test_its_queries_do_not_grow_with_the_history(self, client, django_assert_num_queries):
        contact = a_request()
        for state in ["in_progress", "answered", "closed", "in_progress"]:
            StateChange.objects.create(request=contact, state=state)
        look_up(client, contact.number, FORM["email"])  # the footer's and banner's caches filled
        # The rate counter, the request, the two cached page parts, the history.
        with django_assert_num_queries(5):
            assert look_up(client, contact.number, FORM["email"]).status_code == 200


@pytest.fixture
def responder(django_user_model):
    ROLE.make_role(apps, None)  # other tests flush the groups the migration made
    user = django_user_model.objects.create_user(email="answer@example.com", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLE.ROLE))
    return user


def admin_form(**values):
    return {
        "state": "received",
        "answer": "",
        "internal_notes": "",
        "changes-TOTAL_FORMS": "1",
        "changes-INITIAL_FORMS": "1",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
        **values,
    }


class TestAdmin:
    def test_each_state_change_is_recorded_and_the_answer_mailed_once(self, client, responder, committed):
        contact = a_request()
        client.force_login(responder)
        url = f"/admin/contact/contactrequest/{contact.pk}/change/"
        with committed():
            moved = client.post(url, admin_form(state="in_progress", internal_notes="โทรถามแล้ว"))
        assert moved.status_code == 302 and not mail.outbox
        answer = admin_form(state="answered", answer="แก้ไขแล้วครับ")
        answer["changes-TOTAL_FORMS"] = answer["changes-INITIAL_FORMS"] = "2"
        with committed():
            assert client.post(url, answer).status_code == 302
        with committed():
            assert client.post(url, {**answer, "internal_notes": "ตรวจซ้ำ"}).status_code == 302
        [message] = mail.outbox
        assert "แก้ไขแล้วครับ" in message.body and contact.number in message.subject
        changes = list(contact.changes.values_list("state", "changed_by"))
        assert changes == [("received", None), ("in_progress", responder.pk), ("answered", responder.pk)]
        page = client.get(url).content.decode()
        assert "answer@example.com" in page and "ตอบแล้ว" in page

    def test_answered_needs_an_answer(self, client, responder):
        contact = a_request()
        client.force_login(responder)
        response = client.post(
            f"/admin/contact/contactrequest/{contact.pk}/change/", admin_form(state="answered")
        )
        assert response.status_code == 200 and "โปรดเขียนคำตอบ" in response.content.decode()

    def test_closing_sets_the_closing_date(self, client, responder):
        contact = a_request(state="answered", answer="ตอบ")
        client.force_login(responder)
        client.post(
            f"/admin/contact/contactrequest/{contact.pk}/change/", admin_form(state="closed", answer="ตอบ")
        )
        contact.refresh_from_db()
        assert contact.state == "closed" and contact.closed_at

    def test_the_list_searches_by_number_email_and_subject(
        self, client, responder, django_assert_num_queries
    ):
        contact = a_request()
        a_request(email="x@example.com", subject="อื่น")
        client.force_login(responder)
        client.get("/admin/contact/contactrequest/")  # caches filled
        for query in [contact.number, "somsri@", "วางฎีกา"]:
            with django_assert_num_queries(8):
                page = client.get("/admin/contact/contactrequest/", {"q": query}).content.decode()
            assert contact.number in page and "อื่น" not in page, query

    def test_only_staff_with_the_change_permission_get_in(self, client, member, staff, responder):
        contact = a_request()
        urls = ["/admin/contact/contactrequest/", f"/admin/contact/contactrequest/{contact.pk}/change/"]
        for url in urls:
            assert client.get(url)["Location"].startswith("/admin/login/")
        client.force_login(member)
        assert all(client.get(url).status_code == 302 for url in urls)  # not staff: to the login
        client.force_login(staff)
        assert all(client.get(url).status_code == 403 for url in urls)
        staff.user_permissions.add(Permission.objects.get(codename="view_contactrequest"))
        assert all(client.get(url).status_code == 403 for url in urls)  # seeing personal data needs change
        client.force_login(responder)
        assert all(client.get(url).status_code == 200 for url in urls)
        assert client.get("/admin/contact/contactrequest/add/").status_code == 403


class TestPurge:
    def test_it_anonymises_only_closed_requests_past_the_retention(self, settings):
        settings.CONTACT_RETENTION_DAYS = 30
        long_ago = timezone.now() - datetime.timedelta(days=31)
        old_closed = a_request(state="closed", answer="ตอบแล้ว")
        recent_closed = a_request(state="closed")
        old_open = a_request(state="answered", answer="ตอบ")
        ContactRequest.objects.filter(pk=old_closed.pk).update(closed_at=long_ago)
        ContactRequest.objects.filter(pk=recent_closed.pk).update(closed_at=timezone.now())
        ContactRequest.objects.filter(pk=old_open.pk).update(created_at=long_ago)
        call_command("purge_contact", stdout=open("/dev/null", "w"))  # noqa: SIM115
        old_closed.refresh_from_db()
        assert (old_closed.name, old_closed.email, old_closed.phone, old_closed.organisation) == (
            "",
            "",
            "",
            "",
        )
        assert old_closed.message == "" and old_closed.anonymised_at
        assert old_closed.subject == "วางฎีกาไม่ได้" and old_closed.answer == "ตอบแล้ว"
        for kept in (recent_closed, old_open):
            kept.refresh_from_db()
            assert kept.email == FORM["email"] and kept.message and kept.anonymised_at is None


def test_the_demo_has_one_request_per_state_and_loads_twice_without_duplicates():
    from contact import demo

    for _ in range(2):
        demo.load(io.StringIO())
    assert ContactRequest.objects.count() == len(demo.REQUESTS)
    assert set(ContactRequest.objects.values_list("state", flat=True)) == {"received", "answered", "closed"}
    assert not ContactRequest.objects.filter(number=None).exists()
    assert StateChange.objects.count() == 1 + 3 + 4
