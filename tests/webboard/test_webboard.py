import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kmlaas.attachments import Attachment
from kmlaas.members.roles import MODERATORS_GROUP
from kmlaas.search import engine
from kmlaas.search.models import Entry
from tests import files
from webboard import posting
from webboard.models import ModerationLog, Notification, Post, Report, Revision, Room, Thread, ThreadWatch
from webboard.unsubscribe import make_token

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def reply(thread, author, body="ลองตรวจสอบรายการกันเงินดูครับ"):
    return posting.create_reply(thread=thread, author=author, body=body)


class TestReading:
    def test_anyone_reads_rooms_threads_and_replies(self, client, question, other):
        reply(question, other)
        assert question.room.name in client.get("/webboard/").content.decode()
        assert question.title in client.get(question.room.get_absolute_url()).content.decode()
        html = client.get(question.get_absolute_url()).content.decode()
        assert "<strong>ด่วน</strong>" in html
        assert "ลองตรวจสอบรายการกันเงิน" in html

    def test_counters_follow_every_write(self, question, other, moderator):
        room = Room.objects.get()
        assert (room.thread_count, room.post_count, room.last_thread_id) == (1, 1, question.pk)
        answer = reply(question, other)
        room.refresh_from_db()
        question.refresh_from_db()
        assert (room.post_count, question.reply_count, question.last_post_id) == (2, 1, answer.pk)
        posting.set_hidden(answer, moderator=moderator, hidden=True, reason="สแปม")
        room.refresh_from_db()
        question.refresh_from_db()
        assert (room.post_count, question.reply_count, question.last_post_id) == (
            1,
            0,
            question.first_post_id,
        )

    def test_a_permalink_lands_on_the_right_page(self, client, question, other, settings):
        posts = [reply(question, other, f"คำตอบที่ {n}") for n in range(35)]
        response = client.get(posts[-1].get_absolute_url())
        assert response["Location"] == f"{question.get_absolute_url()}?page=2#post-{posts[-1].pk}"
        assert f'id="post-{posts[-1].pk}"' in client.get(response["Location"]).content.decode()

    def test_reloads_do_not_inflate_the_view_count(self, client, question):
        for _ in range(3):
            client.get(question.get_absolute_url())
        question.refresh_from_db()
        assert question.view_count == 1

    def test_feeds_for_the_board_and_a_room(self, client, question):
        for url in [
            "/webboard/feed/rss/",
            "/webboard/feed/atom/",
            f"/webboard/room/{question.room.slug}/rss/",
        ]:
            response = client.get(url)
            assert response.status_code == 200
            assert question.title in response.content.decode()

    def test_rooms_and_threads_are_in_the_sitemap(self, client, question):
        xml = client.get("/sitemap.xml").content.decode()
        assert question.get_absolute_url() in xml and question.room.get_absolute_url() in xml

    def test_unknown_things_are_404_and_writes_refuse_get(self, client, question, asker):
        assert client.get("/webboard/t/999999/").status_code == 404
        assert client.get("/webboard/room/nothing/").status_code == 404
        client.force_login(asker)
        assert client.get(f"/webboard/p/{question.first_post_id}/accept/").status_code == 405
        assert client.get(f"/webboard/t/{question.pk}/watch/").status_code == 405


class TestWritingNeedsAVerifiedMember:
    @pytest.mark.parametrize(
        "path",
        [
            "/webboard/room/{room}/new/",
            "/webboard/t/{thread}/reply/",
            "/webboard/t/{thread}/watch/",
            "/webboard/room/{room}/watch/",
            "/webboard/p/{post}/edit/",
            "/webboard/p/{post}/accept/",
            "/webboard/p/{post}/report/",
            "/webboard/p/{post}/hide/",
            "/webboard/t/{thread}/moderate/",
            "/webboard/notifications/",
            "/webboard/moderation/",
            "/accounts/profile/",
        ],
    )
    def test_anonymous_is_sent_to_login(self, client, question, path):
        url = path.format(room=question.room.slug, thread=question.pk, post=question.first_post_id)
        response = client.post(url, {"body": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_unverified_members_cannot_post(self, client, board, other_member):
        client.force_login(other_member)
        response = client.post(f"/webboard/room/{board.slug}/new/", {"title": "คำถามของฉัน", "body": "ข้อความ"})
        assert response["Location"] == "/accounts/email/"
        assert not Thread.objects.exists()

    def test_a_verified_member_starts_a_thread_and_watches_it(self, client, board, asker):
        client.force_login(asker)
        response = client.post(
            f"/webboard/room/{board.slug}/new/",
            {"title": "ปิดบัญชีสิ้นปีไม่ได้", "body": "ขึ้นข้อความผิดพลาด", "files": [files.png()]},
        )
        thread = Thread.objects.get()
        assert response["Location"] == thread.get_absolute_url()
        assert ThreadWatch.objects.filter(thread=thread, user=asker).exists()
        image = thread.first_post.attachments.get()
        thumb = client.get(f"/webboard/thumb/{image.pk}/")
        assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"

    def test_a_first_post_is_held_for_approval(self, client, board, asker, moderator, settings):
        settings.WEBBOARD_HOLD_FIRST_POSTS = 1
        client.force_login(asker)
        client.post(f"/webboard/room/{board.slug}/new/", {"title": "คำถามแรกของฉัน", "body": "สวัสดีครับ"})
        thread = Thread.objects.get()
        assert not thread.is_approved
        client.logout()
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert thread.title not in client.get(board.get_absolute_url()).content.decode()
        client.force_login(moderator)
        client.post(f"/webboard/p/{thread.first_post_id}/approve/")
        client.logout()
        assert client.get(thread.get_absolute_url()).status_code == 200
        assert ModerationLog.objects.filter(action="approve").exists()

    def test_posting_is_rate_limited_per_member(self, client, question, asker, settings):
        settings.WEBBOARD_POST_LIMIT = 2
        client.force_login(asker)
        for n in range(3):
            client.post(f"/webboard/t/{question.pk}/reply/", {"body": f"ตอบ {n}"})
        assert question.posts.count() == 3  # the question and two replies


class TestOwnership:
    def test_a_member_cannot_edit_or_moderate_another_members_post(self, client, question, other):
        client.force_login(other)
        post = question.first_post_id
        assert client.get(f"/webboard/p/{post}/edit/").status_code == 404
        assert client.post(f"/webboard/p/{post}/edit/", {"body": "ถูกแก้"}).status_code == 404
        assert client.post(f"/webboard/p/{post}/hide/", {"reason": "x"}).status_code == 404
        assert client.post(f"/webboard/t/{question.pk}/moderate/", {"action": "lock"}).status_code == 404
        assert client.get(f"/webboard/p/{post}/history/").status_code == 404
        assert Post.objects.get(pk=post).body == "ทำอย่างไรดีครับ **ด่วน**"

    def test_only_the_asker_accepts_an_answer(self, client, question, other, make_member):
        answer = reply(question, other)
        client.force_login(make_member("third@example.com"))
        assert client.post(f"/webboard/p/{answer.pk}/accept/").status_code == 404
        client.force_login(question.author)
        client.post(f"/webboard/p/{answer.pk}/accept/")
        question.refresh_from_db()
        assert question.accepted_post == answer and question.state == Thread.State.ANSWERED

    def test_edits_keep_history_and_show_a_marker(self, client, question, asker, moderator):
        client.force_login(asker)
        post = question.first_post
        client.post(f"/webboard/p/{post.pk}/edit/", {"title": "หัวข้อใหม่ที่ชัดเจนขึ้น", "body": "ฉบับแก้"})
        post.refresh_from_db()
        assert post.body == "ฉบับแก้" and post.edited_at
        assert Revision.objects.get(post=post).body == "ทำอย่างไรดีครับ **ด่วน**"
        assert "แก้ไขแล้ว" in client.get(question.get_absolute_url()).content.decode()
        client.force_login(moderator)
        assert "ทำอย่างไรดีครับ" in client.get(f"/webboard/p/{post.pk}/history/").content.decode()

    def test_no_edit_after_an_accepted_answer_or_the_window(
        self, client, question, asker, other, time_machine
    ):
        client.force_login(asker)
        post = question.first_post
        time_machine.move_to(timezone.now() + datetime.timedelta(hours=25))
        assert client.get(f"/webboard/p/{post.pk}/edit/").status_code == 403
        time_machine.move_to(post.created_at + datetime.timedelta(minutes=5))
        answer = reply(question, other)
        posting.accept(answer, user=asker)
        assert client.get(f"/webboard/p/{post.pk}/edit/").status_code == 403


class TestModeration:
    def test_tools_and_their_log(self, client, question, moderator, other):
        second = Room.objects.create(name="ระบบรายรับ")
        answer = reply(question, other)
        client.force_login(moderator)
        url = f"/webboard/t/{question.pk}/moderate/"
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        client.post(url, {"action": "pin", "pinned_until": tomorrow.isoformat()})
        client.post(url, {"action": "lock", "reason": "ตอบครบแล้ว"})
        client.post(url, {"action": "move", "room": second.pk})
        client.post(f"/webboard/p/{answer.pk}/hide/", {"reason": "ข้อมูลส่วนบุคคล"})
        question.refresh_from_db()
        answer.refresh_from_db()
        assert question.is_pinned and question.is_locked and question.room == second
        assert answer.is_hidden and answer.hidden_reason == "ข้อมูลส่วนบุคคล"
        assert Room.objects.get(pk=second.pk).thread_count == 1
        assert Room.objects.get(pk=question.room_id).post_count == 1
        actions = list(ModerationLog.objects.values_list("action", flat=True))
        assert sorted(actions) == ["hide", "lock", "move", "pin"]
        log = client.get("/webboard/moderation/log/").content.decode()
        assert "ข้อมูลส่วนบุคคล" in log
        client.logout()
        html = client.get(question.get_absolute_url()).content.decode()
        assert "ถูกซ่อนโดยผู้ดูแล" in html and "ลองตรวจสอบรายการกันเงิน" not in html

    def test_a_group_moderator_moderates_without_being_staff(self, client, question, other):
        Group.objects.get_or_create(name=MODERATORS_GROUP)[0].user_set.add(other)
        client.force_login(other)
        client.post(f"/webboard/t/{question.pk}/moderate/", {"action": "close"})
        question.refresh_from_db()
        assert question.state == Thread.State.CLOSED

    def test_staff_replies_carry_the_answer_badge(self, client, question, moderator):
        reply(question, moderator)
        assert "เจ้าหน้าที่กรมฯ" in client.get(question.get_absolute_url()).content.decode()

    def test_reports_reach_the_queue(self, client, question, other, moderator):
        client.force_login(other)
        client.post(f"/webboard/p/{question.first_post_id}/report/", {"reason": "โฆษณา"})
        client.force_login(moderator)
        html = client.get("/webboard/moderation/").content.decode()
        assert "โฆษณา" in html and question.title in html
        client.post(f"/webboard/reports/{Report.objects.get().pk}/resolve/")
        assert Report.objects.get().resolved_at

    def test_hiding_the_question_hides_the_thread_everywhere(self, client, question, moderator):
        posting.set_hidden(question.first_post, moderator=moderator, hidden=True, reason="ผิดห้อง")
        assert client.get(question.get_absolute_url()).status_code == 404
        assert question.title not in client.get("/webboard/").content.decode()
        assert not Entry.objects.get(object_id=question.pk, section="webboard").is_public

    def test_a_solved_thread_becomes_an_faq_draft(self, client, question, other, moderator):
        from faq.models import Faq

        answer = reply(question, other, "ให้โอนงบประมาณก่อน")
        posting.accept(answer, user=question.author)
        client.force_login(moderator)
        response = client.post(f"/webboard/t/{question.pk}/faq/")
        faq = Faq.objects.get()
        assert response["Location"] == f"/admin/faq/faq/{faq.pk}/change/"
        assert faq.status == Faq.Status.DRAFT and "โอนงบประมาณ" in faq.answer


class TestSafety:
    def test_script_in_titles_bodies_and_file_names_is_inert(self, client, board, asker):
        client.force_login(asker)
        client.post(
            f"/webboard/room/{board.slug}/new/",
            {
                "title": f"หัวข้อ {XSS}",
                "body": f"เนื้อหา {XSS} [x](javascript:alert(1))",
                "files": [files.pdf(f"{XSS}.pdf")],
            },
        )
        thread = Thread.objects.get()
        for url in [thread.get_absolute_url(), board.get_absolute_url(), "/webboard/", "/webboard/feed/rss/"]:
            html = client.get(url).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, url
            assert 'href="javascript' not in html

    def test_uploads_must_be_what_they_claim(self, client, board, asker):
        client.force_login(asker)
        response = client.post(
            f"/webboard/room/{board.slug}/new/",
            {"title": "ไฟล์แนบปลอม", "body": "ดูไฟล์", "files": [files.exe()]},
        )
        assert response.status_code == 200
        assert "เนื้อไฟล์ไม่ใช่" in response.content.decode()
        response = client.post(
            f"/webboard/room/{board.slug}/new/",
            {"title": "ไฟล์ Word", "body": "ดูไฟล์", "files": [files.docx()]},
        )
        assert "แนบได้เฉพาะรูปภาพ PDF และ Excel" in response.content.decode()
        assert not Thread.objects.exists() and not Attachment.objects.exists()


class TestWatching:
    def test_watchers_get_an_email_with_a_working_unsubscribe(
        self, client, question, other, make_member, django_capture_on_commit_callbacks
    ):
        room_watcher = make_member("room@example.com")
        client.force_login(room_watcher)
        client.post(f"/webboard/room/{question.room.slug}/watch/")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reply(question, other)  # the immediate backend runs the task at commit
        assert sorted(m.to[0] for m in mail.outbox) == sorted([question.author.email, "room@example.com"])
        message = next(m for m in mail.outbox if m.to == [question.author.email])
        unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert unsubscribe in message.body
        # Serialised as a plain URL mail clients can follow, not an encoded-word.
        assert f"List-Unsubscribe: <{unsubscribe}>" in message.message().as_string()
        path = unsubscribe.split("127.0.0.1:8000", 1)[1]
        client.logout()
        assert client.get(path).status_code == 200
        assert ThreadWatch.objects.filter(user=question.author).exists()
        client.post(path)  # one-click, no session
        assert not ThreadWatch.objects.filter(user=question.author).exists()
        assert Notification.objects.filter(user=question.author).count() == 1

    def test_a_forged_unsubscribe_token_is_404(self, client, question):
        token = make_token(question.author_id, "thread", question.pk)
        assert client.get(f"/webboard/unsubscribe/{token[:-2]}xx/").status_code == 404

    def test_a_failing_mail_server_does_not_break_posting(
        self, question, other, settings, django_capture_on_commit_callbacks
    ):
        settings.MAILERS = {"default": {"BACKEND": "tests.webboard.test_webboard.BrokenMailer"}}
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            answer = reply(question, other)
        assert answer.pk and Notification.objects.filter(post=answer).exists()
        assert mail.outbox == []  # the broken mailer was the one used

    def test_posting_with_the_database_backend_only_queues_the_task(
        self, question, other, settings, django_capture_on_commit_callbacks
    ):
        from django_tasks_db.models import DBTaskResult

        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reply(question, other)
        assert mail.outbox == []
        assert DBTaskResult.objects.filter(task_path="webboard.tasks.notify_watchers").count() == 1

    def test_notifications_page(self, client, question, other, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            reply(question, other, "คำตอบใหม่")
        client.force_login(question.author)
        html = client.get("/webboard/notifications/").content.decode()
        assert question.title in html


class BrokenMailer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class TestUnread:
    def test_new_and_unread_threads_and_jump_to_first_unread(self, client, question, other, make_member):
        reader = make_member("reader@example.com")
        reader.date_joined = question.created_at - datetime.timedelta(days=1)
        reader.save()
        client.force_login(reader)
        room_url = question.room.get_absolute_url()
        assert client.get(room_url).context["threads"][0].is_new
        client.get(question.get_absolute_url())
        assert not client.get(room_url).context["threads"][0].is_unread
        answer = reply(question, other)
        reply(question, other, "อีกคำตอบ")
        row = client.get(room_url).context["threads"][0]
        assert row.is_unread and not row.is_new
        assert client.get(room_url, {"show": "unread"}).context["page"].paginator.count == 1
        response = client.get(f"{question.get_absolute_url()}?unread=1")
        assert response["Location"] == answer.get_absolute_url()

    def test_filters(self, client, board, question, other, asker):
        other_thread = posting.create_thread(room=board, author=other, title="คำถามของคนอื่น", body="x").thread
        answer = reply(question, other)
        posting.accept(answer, user=asker)
        client.force_login(asker)

        def titles(show):
            return [t.title for t in client.get(board.get_absolute_url(), {"show": show}).context["threads"]]

        assert titles("answered") == [question.title]
        assert titles("unanswered") == [other_thread.title]
        assert titles("mine") == [question.title]


class TestSearch:
    def test_threads_are_indexed_with_visible_replies(self, question, other, moderator):
        hidden = reply(question, other, "คำตอบลับเฉพาะ")
        reply(question, other, "ตรวจสอบทะเบียนคุมเงินนอกงบประมาณ")
        posting.set_hidden(hidden, moderator=moderator, hidden=True, reason="x")
        entry = Entry.objects.get(section="webboard", object_id=question.pk)
        assert "ทะเบียนคุมเงินนอกงบประมาณ" in entry.body and "ลับเฉพาะ" not in entry.body
        assert entry.is_public
        assert engine.search("งบประมาณไม่พอ", log=False)


class TestQueryCounts:
    def _count(self, client, url):
        client.get(url)  # warm the site-wide caches and the view counter first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    @pytest.mark.parametrize("who", ["visitor", "member", "moderator"])
    def test_lists_and_threads_cost_the_same_however_long(
        self, client, board, question, other, asker, moderator, who
    ):
        if who != "visitor":
            client.force_login(asker if who == "member" else moderator)
        urls = ["/webboard/", board.get_absolute_url(), question.get_absolute_url()]
        before = [self._count(client, url) for url in urls]
        for n in range(12):
            posting.create_thread(room=board, author=other, title=f"กระทู้ที่ {n} ทดสอบ", body="x")
            reply(question, other, f"คำตอบ {n}")
        after = [self._count(client, url) for url in urls]
        assert after == before


def test_the_benchmark_commands_run_at_a_tiny_scale():
    from io import StringIO

    from django.core.management import call_command

    call_command("webboard_generate", members=5, threads=30, replies=120, long_thread=45, stdout=StringIO())
    room = Room.objects.order_by("-thread_count").first()
    assert Thread.objects.count() == 30 and Post.objects.count() == 150
    assert room.thread_count == Thread.objects.filter(room=room).count()
    out = StringIO()
    call_command("webboard_benchmark", runs=2, room_page=1, stdout=out)
    assert "board index" in out.getvalue() and "thread (" in out.getvalue()
