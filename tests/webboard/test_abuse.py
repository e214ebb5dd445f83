"""The webboard under abuse: edits as a way round moderation and rate
limits, answers accepted by the wrong person, piled-up reports, rooms
switched off, deleted threads, and titles that break notification e-mail."""

import pytest
from django.core import mail

from tests import files
from webboard import posting
from webboard.models import Post, Report, Revision, Room, Thread

pytestmark = pytest.mark.django_db

TOO_FAST = "ท่านส่งข้อความถี่เกินไป"


def edit(client, post, body, title=None):
    data = {"body": body} | ({"title": title} if title is not None else {})
    return client.post(f"/webboard/p/{post.pk}/edit/", data, follow=True)


class TestEdits:
    def test_edits_count_against_the_posting_limit(self, client, question, asker, settings):
        settings.WEBBOARD_POST_LIMIT = 3
        client.force_login(asker)
        post = question.first_post
        pages = [edit(client, post, f"ฉบับแก้ที่ {n}", title=question.title) for n in range(5)]
        assert [TOO_FAST in page.content.decode() for page in pages] == [False] * 3 + [True] * 2
        post.refresh_from_db()
        assert post.body == "ฉบับแก้ที่ 2" and Revision.objects.filter(post=post).count() == 3

    def test_an_edit_that_changes_nothing_keeps_no_revision(self, client, question, asker):
        client.force_login(asker)
        page = edit(client, question.first_post, question.first_post.body, title=question.title)
        assert "บันทึกการแก้ไขแล้ว" in page.content.decode()
        assert not Revision.objects.exists()

    def test_a_held_members_edit_of_an_approved_post_goes_back_to_the_queue(
        self, client, board, asker, moderator, settings
    ):
        settings.WEBBOARD_HOLD_FIRST_POSTS = 1
        client.force_login(asker)
        client.post(f"/webboard/room/{board.slug}/new/", {"title": "คำถามแรกของฉัน", "body": "สวัสดีครับ"})
        thread = Thread.objects.get()
        posting.approve(thread.first_post, moderator=moderator)
        assert client.get(thread.get_absolute_url()).status_code == 200

        page = edit(client, thread.first_post, "ขายของถูก คลิกเลย", title="คำถามแรกของฉัน")
        assert "จะแสดงอีกครั้งเมื่อผู้ดูแลอนุมัติ" in page.content.decode()
        assert "ขายของถูก" in page.content.decode()  # the writer still sees their own text
        client.logout()
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert "คำถามแรกของฉัน" not in client.get(board.get_absolute_url()).content.decode()
        assert thread.get_absolute_url() not in client.get("/search/", {"q": "ขายของถูก"}).content.decode()
        client.force_login(moderator)
        assert "คำถามแรกของฉัน" in client.get("/webboard/moderation/").content.decode()
        client.post(f"/webboard/p/{thread.first_post_id}/approve/")
        client.logout()
        assert "ขายของถูก" in client.get(thread.get_absolute_url()).content.decode()

    def test_a_held_members_edited_reply_is_hidden_until_approved(
        self, client, question, other, moderator, settings
    ):
        answer = posting.create_reply(thread=question, author=other, body="ลองดูคู่มือครับ")
        settings.WEBBOARD_HOLD_FIRST_POSTS = 1
        client.force_login(other)
        edit(client, answer, "โฆษณาเงินกู้")
        client.logout()
        html = client.get(question.get_absolute_url()).content.decode()
        assert "โฆษณาเงินกู้" not in html and "ลองดูคู่มือ" not in html
        assert not Post.objects.get(pk=answer.pk).is_approved

    def test_a_trusted_members_edit_shows_at_once(self, client, question, asker, settings):
        settings.WEBBOARD_HOLD_FIRST_POSTS = 1
        posting.create_reply(thread=question, author=asker, body="ขอเพิ่มรายละเอียด")
        client.force_login(asker)
        edit(client, question.first_post, "ฉบับแก้ที่ชัดเจน", title=question.title)
        client.logout()
        assert "ฉบับแก้ที่ชัดเจน" in client.get(question.get_absolute_url()).content.decode()


class TestAccepting:
    ACCEPT = "เลือกเป็นคำตอบที่ใช้ได้"

    def test_the_asker_accepts_someone_elses_approved_reply(self, client, question, asker, other):
        answer = posting.create_reply(thread=question, author=other, body="ให้โอนงบประมาณก่อน")
        client.force_login(asker)
        assert f"/webboard/p/{answer.pk}/accept/" in client.get(question.get_absolute_url()).content.decode()
        response = client.post(f"/webboard/p/{answer.pk}/accept/")
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.accepted_post == answer and question.state == Thread.State.ANSWERED

    def test_not_the_askers_own_follow_up(self, client, question, asker):
        own = posting.create_reply(thread=question, author=asker, body="ขอเพิ่มรายละเอียด")
        client.force_login(asker)
        assert f"/webboard/p/{own.pk}/accept/" not in client.get(question.get_absolute_url()).content.decode()
        assert client.post(f"/webboard/p/{own.pk}/accept/").status_code == 404
        assert Thread.objects.get().accepted_post is None

    def test_not_a_moderator_or_another_member(self, client, question, other, moderator, make_member):
        answer = posting.create_reply(thread=question, author=other, body="ให้โอนงบประมาณก่อน")
        for user in (moderator, make_member("third@example.com"), other):
            client.force_login(user)
            html = client.get(question.get_absolute_url()).content.decode()
            assert f"/webboard/p/{answer.pk}/accept/" not in html
            assert client.post(f"/webboard/p/{answer.pk}/accept/").status_code == 404
        assert Thread.objects.get().accepted_post is None

    def test_not_a_reply_still_held(self, client, question, asker, make_member, settings):
        settings.WEBBOARD_HOLD_FIRST_POSTS = 1
        held = posting.create_reply(thread=question, author=make_member("new@example.com"), body="คำตอบใหม่")
        assert not held.is_approved
        client.force_login(asker)
        assert client.post(f"/webboard/p/{held.pk}/accept/").status_code == 404
        assert Thread.objects.get().accepted_post is None


class TestReports:
    def test_one_report_per_member_per_post(self, client, question, other, make_member):
        client.force_login(other)
        url = f"/webboard/p/{question.first_post_id}/report/"
        first = client.post(url, {"reason": "โฆษณา"}, follow=True)
        assert "ได้รับรายงานแล้ว" in first.content.decode()
        for _ in range(11):
            again = client.post(url, {"reason": "โฆษณา"}, follow=True)
        assert again.status_code == 200 and "ท่านรายงานข้อความนี้ไว้แล้ว" in again.content.decode()
        client.force_login(make_member("third@example.com"))
        client.post(url, {"reason": "ผิดห้อง"})
        assert sorted(Report.objects.values_list("reason", flat=True)) == ["ผิดห้อง", "โฆษณา"]


@pytest.fixture
def with_files(client, board, asker):
    client.force_login(asker)
    client.post(
        f"/webboard/room/{board.slug}/new/",
        {"title": "ปิดบัญชีสิ้นปีไม่ได้", "body": "ขึ้นข้อความผิดพลาด", "files": [files.png(), files.pdf()]},
    )
    client.logout()
    return Thread.objects.get()


class TestInactiveRooms:
    def urls(self, thread):
        image, pdf = sorted(thread.first_post.attachments.all(), key=lambda a: a.kind != "image")
        return [
            thread.get_absolute_url(),
            thread.first_post.get_absolute_url(),
            f"/webboard/thumb/{image.pk}/",
            image.get_absolute_url(),
            pdf.get_absolute_url(),
        ]

    def switch(self, client, admin_user, room, active):
        client.force_login(admin_user)
        data = {"name": room.name, "slug": room.slug, "description": "", "module": "", "position": 0}
        response = client.post(
            f"/admin/webboard/room/{room.pk}/change/", data | ({"is_active": "on"} if active else {})
        )
        assert response.status_code == 302
        client.logout()

    def test_an_inactive_room_hides_threads_files_and_search_entries(self, client, with_files, admin_user):
        room = with_files.room
        assert [client.get(url).status_code for url in self.urls(with_files)] == [200, 302, 200, 200, 200]
        assert with_files.get_absolute_url() in client.get("/search/", {"q": "ปิดบัญชีสิ้นปี"}).content.decode()

        self.switch(client, admin_user, room, active=False)
        assert [client.get(url).status_code for url in self.urls(with_files)] == [404] * 5
        assert client.get(room.get_absolute_url()).status_code == 404
        assert with_files.get_absolute_url() not in client.get("/search/", {"q": "ปิดบัญชีสิ้นปี"}).content.decode()

        self.switch(client, admin_user, room, active=True)
        assert [client.get(url).status_code for url in self.urls(with_files)] == [200, 302, 200, 200, 200]
        assert with_files.get_absolute_url() in client.get("/search/", {"q": "ปิดบัญชีสิ้นปี"}).content.decode()


class TestDeletedThreads:
    def test_a_thread_deleted_in_the_admin_leaves_search(self, client, question, admin_user):
        url = question.get_absolute_url()
        assert url in client.get("/search/", {"q": "งบประมาณไม่พอ"}).content.decode()
        client.force_login(admin_user)
        response = client.post(f"/admin/webboard/thread/{question.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        client.logout()
        assert client.get(url).status_code == 404
        assert url not in client.get("/search/", {"q": "งบประมาณไม่พอ"}).content.decode()
        assert Room.objects.get().thread_count == 0

    def test_threads_deleted_in_bulk_leave_search(self, client, question, board, other, admin_user):
        second = posting.create_thread(
            room=board, author=other, title="งบประมาณไม่พอจ่ายเงินเดือน", body="ช่วยด้วย"
        )
        client.force_login(admin_user)
        client.post(
            "/admin/webboard/thread/",
            {"action": "delete_selected", "_selected_action": [question.pk, second.thread_id], "post": "yes"},
        )
        client.logout()
        html = client.get("/search/", {"q": "งบประมาณไม่พอ"}).content.decode()
        assert not Thread.objects.exists()
        assert question.get_absolute_url() not in html and second.thread.get_absolute_url() not in html


class TestTitlesAndMail:
    @pytest.mark.parametrize("title", ["บรรทัดแรก\nBcc: x@example.com", "แท็บ\tกลาง", "ขึ้นบรรทัด\u2028ใหม่"])
    def test_a_title_with_a_line_break_is_refused(self, client, board, asker, question, title):
        client.force_login(asker)
        response = client.post(f"/webboard/room/{board.slug}/new/", {"title": title, "body": "ข้อความ"})
        assert response.status_code == 200
        assert "หัวข้อต้องเป็นข้อความบรรทัดเดียว" in response.content.decode()
        response = client.post(f"/webboard/p/{question.first_post_id}/edit/", {"title": title, "body": "x"})
        assert "หัวข้อต้องเป็นข้อความบรรทัดเดียว" in response.content.decode()
        assert list(Thread.objects.values_list("title", flat=True)) == ["วางฎีกาแล้วระบบแจ้งงบประมาณไม่พอ"]

    def test_mail_is_plain_text_with_an_unescaped_one_line_subject(
        self, board, asker, other, django_capture_on_commit_callbacks
    ):
        # Stored straight, as a title saved before titles were checked might be.
        thread = posting.create_thread(
            room=board, author=asker, title="Q&A <ฎีกา>\r\nBcc: x@y.z", body="ถาม"
        ).thread
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            posting.create_reply(
                thread=thread, author=other, body="ตอบ **ด่วน** ดู [คู่มือ](https://a.b/c?x=1&y=2) & `รหัส`"
            )
        [message] = mail.outbox
        assert message.subject.endswith("คำตอบใหม่: Q&A <ฎีกา> Bcc: x@y.z")
        assert "\n" not in message.subject and "&amp;" not in message.subject
        assert "ตอบ ด่วน ดู คู่มือ (https://a.b/c?x=1&y=2) & รหัส" in message.body
        assert "**" not in message.body and "&amp;" not in message.body and "&lt;" not in message.body
        assert "Q&A <ฎีกา>" in message.body
        message.message()  # serialises without BadHeaderError
