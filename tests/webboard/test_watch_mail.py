"""Watching a room for every post or for new threads only, and the e-mails
that follow: plain Thai text, subjects as typed, absolute links."""

import re

import pytest
from django.core import mail

from webboard import posting
from webboard.models import RoomWatch

pytestmark = pytest.mark.django_db

TRICKY_TITLE = 'ค่าน้ำ & ค่าไฟ <เกิน> งบ "ด่วน"'
MARKED_BODY = "**ตัวหนา** *เอียง* `รหัส`\n\n> อ้างอิง\n\n- รายการ\n\nดู [คู่มือ](https://example.com/a?x=1&y=2)"


@pytest.fixture
def watchers(client, board, make_member):
    """One member watching the room for everything, one for new threads
    only, chosen on the room page."""
    everything, new_only = make_member("all@example.com"), make_member("new@example.com")
    for member, mode in ((everything, "all"), (new_only, "new")):
        client.force_login(member)
        assert client.post(f"/webboard/room/{board.slug}/watch/", {"mode": mode}).status_code == 302
    client.logout()
    return everything, new_only


def mailed(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return {message.to[0]: message for message in mail.outbox}


class TestRoomWatchModes:
    def test_new_thread_watchers_get_new_threads_but_not_replies(
        self, board, asker, other, watchers, django_capture_on_commit_callbacks
    ):
        everything, new_only = watchers
        created = {}

        def ask():
            created["thread"] = posting.create_thread(
                room=board, author=asker, title="ปิดงวดบัญชีไม่ได้", body="ทำอย่างไรดี"
            ).thread

        sent = mailed(django_capture_on_commit_callbacks, ask)
        assert set(sent) == {everything.email, new_only.email}
        assert sent[new_only.email].subject.endswith("กระทู้ใหม่: ปิดงวดบัญชีไม่ได้")

        def answer():
            posting.create_reply(thread=created["thread"], author=other, body="ลองปิดงวดอีกครั้ง")

        sent = mailed(django_capture_on_commit_callbacks, answer)
        assert set(sent) == {everything.email, asker.email}
        assert sent[everything.email].subject.endswith("คำตอบใหม่: ปิดงวดบัญชีไม่ได้")

    def test_the_room_page_shows_and_changes_the_choice(self, client, board, watchers):
        _everything, new_only = watchers
        client.force_login(new_only)
        html = client.get(board.get_absolute_url()).content.decode()
        assert '<option value="new" selected>เฉพาะกระทู้ใหม่</option>' in html
        client.post(f"/webboard/room/{board.slug}/watch/", {"mode": "all"})
        assert RoomWatch.objects.get(user=new_only).mode == "all"
        client.post(f"/webboard/room/{board.slug}/watch/", {"mode": "off"})
        assert not RoomWatch.objects.filter(user=new_only).exists()
        html = client.get(board.get_absolute_url()).content.decode()
        assert '<option value="off" selected>ไม่รับ</option>' in html

    def test_it_rejects_an_unknown_choice(self, client, board, asker):
        client.force_login(asker)
        response = client.post(f"/webboard/room/{board.slug}/watch/", {"mode": "everything"}, follow=True)
        assert "โปรดเลือกว่าจะรับอีเมลจากห้องนี้อย่างไร" in response.content.decode()
        assert not RoomWatch.objects.exists()

    def test_visitors_and_get_cannot_watch(self, client, board, asker):
        response = client.post(f"/webboard/room/{board.slug}/watch/", {"mode": "all"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(asker)
        assert client.get(f"/webboard/room/{board.slug}/watch/").status_code == 405
        assert client.post("/webboard/room/no-such-room/watch/", {"mode": "all"}).status_code == 404
        assert not RoomWatch.objects.exists()


class TestPlainTextMail:
    def assert_plain(self, message, title):
        assert message.subject.endswith(title)  # as typed: no &amp; or &lt;
        assert "&amp;" not in message.body and "&lt;" not in message.body and "&quot;" not in message.body
        assert f'"{title}"' in message.body
        for mark in ("**", "`", "<p>", "<strong>", "<blockquote>"):
            assert mark not in message.body, mark
        assert not re.search(r"^\s*>", message.body, re.M)  # no quote marks at line starts
        assert "ตัวหนา เอียง รหัส" in message.body
        assert "คู่มือ (https://example.com/a?x=1&y=2)" in message.body
        assert "http://127.0.0.1:8000/webboard/p/" in message.body  # an absolute link to the post
        assert "http://127.0.0.1:8000/webboard/unsubscribe/" in message.body
        assert message.message().get_content_type() == "text/plain"

    def test_new_thread_mail(self, board, asker, watchers, django_capture_on_commit_callbacks):
        _everything, new_only = watchers
        sent = mailed(
            django_capture_on_commit_callbacks,
            lambda: posting.create_thread(room=board, author=asker, title=TRICKY_TITLE, body=MARKED_BODY),
        )
        message = sent[new_only.email]
        self.assert_plain(message, TRICKY_TITLE)
        assert "ตั้งกระทู้ใหม่" in message.body and board.name in message.body

    def test_reply_mail(self, board, asker, other, django_capture_on_commit_callbacks):
        thread = posting.create_thread(room=board, author=asker, title=TRICKY_TITLE, body="คำถาม").thread
        sent = mailed(
            django_capture_on_commit_callbacks,
            lambda: posting.create_reply(thread=thread, author=other, body=MARKED_BODY),
        )
        message = sent[asker.email]
        self.assert_plain(message, TRICKY_TITLE)
        assert "ตอบในกระทู้" in message.body

    def test_mail_after_a_moderator_approves_a_held_reply(
        self, board, asker, other, moderator, settings, django_capture_on_commit_callbacks
    ):
        thread = posting.create_thread(room=board, author=asker, title=TRICKY_TITLE, body="คำถาม").thread
        settings.WEBBOARD_HOLD_FIRST_POSTS = 5
        held = mailed(
            django_capture_on_commit_callbacks,
            lambda: posting.create_reply(thread=thread, author=other, body=MARKED_BODY),
        )
        assert held == {}  # nothing goes out while the reply waits
        post = thread.posts.get(position=2)
        sent = mailed(django_capture_on_commit_callbacks, lambda: posting.approve(post, moderator=moderator))
        self.assert_plain(sent[asker.email], TRICKY_TITLE)
