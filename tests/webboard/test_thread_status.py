"""What a reader sees of a question's fate: status words in the lists and
on the thread, the accepted answer once at the top, and the sign-in box."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from webboard import posting
from webboard.models import Thread

pytestmark = pytest.mark.django_db

WAITING, STAFF, SOLVED = "รอคำตอบ", "เจ้าหน้าที่ตอบแล้ว", "แก้ปัญหาแล้ว"


def reply(thread, author, body="ลองตรวจสอบรายการกันเงินดูครับ"):
    return posting.create_reply(thread=thread, author=author, body=body)


def three_threads(board, asker, other, moderator, tag=""):
    """One waiting, one with a staff reply, one with an accepted answer."""
    waiting = posting.create_thread(room=board, author=asker, title=f"ยังรออยู่ {tag}", body="ถาม").thread
    staff = posting.create_thread(room=board, author=asker, title=f"เจ้าหน้าที่ตอบ {tag}", body="ถาม").thread
    reply(staff, moderator, "ตอบโดยเจ้าหน้าที่")
    solved = posting.create_thread(room=board, author=asker, title=f"แก้ได้แล้ว {tag}", body="ถาม").thread
    posting.accept(reply(solved, other, "วิธีที่ใช้ได้"), user=asker)
    return waiting, staff, solved


def status_of(html, title):
    """The status word shown in the list row of the thread with this title."""
    rows = re.findall(r'<li class="wb-thread[^"]*">(.*?)</li>', html, re.S)
    row = next(r for r in rows if title in r)
    return re.search(r'<span class="tag wb-progress-\w+[^"]*">(?:✓ )?([^<]+)</span>', row)[1]


class TestStatusWords:
    def test_the_room_list_and_the_thread_say_what_happened(self, client, board, asker, other, moderator):
        waiting, staff, solved = three_threads(board, asker, other, moderator)
        html = client.get(board.get_absolute_url()).content.decode()
        assert [status_of(html, t.title) for t in (waiting, staff, solved)] == [WAITING, STAFF, SOLVED]
        index = client.get("/webboard/").content.decode()
        assert [status_of(index, t.title) for t in (waiting, staff, solved)] == [WAITING, STAFF, SOLVED]
        for thread, word in ((waiting, WAITING), (staff, STAFF), (solved, SOLVED)):
            page = client.get(thread.get_absolute_url()).content.decode()
            header = page.split("<h1>", 1)[0]
            assert word in header and not ({WAITING, STAFF, SOLVED} - {word}) & set(
                re.findall(r"wb-progress-\w+[^>]*>(?:✓ )?([^<]+)<", header)
            )

    def test_a_hidden_staff_reply_does_not_count(self, client, board, asker, moderator):
        thread = posting.create_thread(room=board, author=asker, title="ตอบแล้วซ่อน", body="ถาม").thread
        posting.set_hidden(reply(thread, moderator), moderator=moderator, hidden=True, reason="ผิดกระทู้")
        assert status_of(client.get(board.get_absolute_url()).content.decode(), thread.title) == WAITING

    def test_the_rule_lives_on_the_model_and_the_queryset_agrees(self, board, asker, other, moderator):
        threads = three_threads(board, asker, other, moderator)
        alone = [Thread.objects.get(pk=t.pk).progress for t in threads]
        listed = {t.pk: t.progress for t in Thread.objects.with_progress()}
        assert alone == [listed[t.pk] for t in threads] == ["waiting", "staff", "solved"]

    def test_the_room_list_costs_the_same_however_many_threads(self, client, board, asker, other, moderator):
        client.force_login(other)
        three_threads(board, asker, other, moderator, "ก")
        client.get(board.get_absolute_url())  # caches warmed (the member's session, the site's settings)
        with CaptureQueriesContext(connection) as few:
            client.get(board.get_absolute_url())
        for n in range(3):
            three_threads(board, asker, other, moderator, f"ข{n}")
        with CaptureQueriesContext(connection) as many:
            html = client.get(board.get_absolute_url()).content.decode()
        assert html.count("wb-progress-") == 12
        assert len(many) == len(few)


@pytest.fixture
def long_solved(board, asker, other):
    """A thread of 45 replies whose accepted answer, #44, is on page 3."""
    thread = posting.create_thread(room=board, author=asker, title="ยาวมากแล้วแก้ได้", body="ถาม").thread
    for n in range(45):
        post = reply(thread, other, "คำตอบนี้ใช้ได้จริง ๆ" if n == 42 else f"ลองอย่างนี้ {n}")
        if n == 42:
            accepted = post
    posting.accept(accepted, user=asker)
    return thread, accepted


class TestAcceptedAnswerOnTop:
    def test_it_heads_page_one_though_it_is_on_page_three(self, client, long_solved):
        thread, accepted = long_solved
        page1 = client.get(thread.get_absolute_url()).content.decode()
        assert page1.count("คำตอบนี้ใช้ได้จริง ๆ") == 1
        top = page1.split('id="replies-heading"', 1)[0]
        assert "คำตอบที่ได้รับการยอมรับ" in top and "คำตอบนี้ใช้ได้จริง ๆ" in top
        assert f'id="answer-{accepted.pk}"' in top
        assert f'href="{accepted.get_absolute_url()}"' in top  # to its place in the discussion

    def test_in_its_place_only_a_stub_points_up(self, client, long_solved):
        thread, accepted = long_solved
        page3 = client.get(thread.get_absolute_url(), {"page": 3}).content.decode()
        assert "คำตอบนี้ใช้ได้จริง ๆ" not in page3
        assert f'id="post-{accepted.pk}"' in page3  # permalinks still land here
        assert f'href="{thread.get_absolute_url()}#answer-{accepted.pk}">ดูคำตอบที่ยอมรับด้านบน' in page3
        assert "คำตอบที่ได้รับการยอมรับ" not in page3.split('id="replies-heading"', 1)[0]

    def test_on_the_same_page_it_is_not_shown_twice(self, client, question, asker, other):
        accepted = reply(question, other, "คำตอบเดียวที่ใช้ได้")
        reply(question, other, "อีกความเห็นหนึ่ง")
        posting.accept(accepted, user=asker)
        html = client.get(question.get_absolute_url()).content.decode()
        assert html.count("คำตอบเดียวที่ใช้ได้") == 1
        assert f'href="#answer-{accepted.pk}">ดูคำตอบที่ยอมรับด้านบน' in html
        assert "อีกความเห็นหนึ่ง" in html

    def test_the_thread_page_costs_the_same_with_an_accepted_answer(
        self, client, question, asker, other, django_assert_num_queries
    ):
        answer = reply(question, other)
        client.get(question.get_absolute_url())  # the view counted once
        with CaptureQueriesContext(connection) as before:
            client.get(question.get_absolute_url())
        posting.accept(answer, user=asker)
        with django_assert_num_queries(len(before) + 1):  # the accepted answer's attachments
            client.get(question.get_absolute_url())


class TestSignInBox:
    def test_visitors_get_sign_in_and_sign_up_buttons_back_to_the_thread(self, client, question):
        html = client.get(question.get_absolute_url()).content.decode()
        box = html.split('class="wb-signin"', 1)[1].split("</section>", 1)[0]
        back = f"?next=/webboard/t/{question.pk}/"
        assert f'class="button" href="/accounts/login/{back}"' in box.replace("%2F", "/")
        assert f'class="button button-secondary" href="/accounts/signup/{back}"' in box.replace("%2F", "/")

    def test_members_get_the_reply_form_instead(self, client, question, other):
        client.force_login(other)
        html = client.get(question.get_absolute_url()).content.decode()
        assert 'class="wb-signin"' not in html and 'id="reply-heading"' in html


class TestFilters:
    def test_the_room_filters_use_the_same_words(self, client, board, asker, other, moderator):
        waiting, staff, solved = three_threads(board, asker, other, moderator)
        url = board.get_absolute_url()
        html = client.get(url).content.decode()
        assert '?show=unanswered">รอคำตอบ</a>' in html and '?show=answered">แก้ปัญหาแล้ว</a>' in html
        waiting_page = client.get(url, {"show": "unanswered"}).content.decode()
        assert (
            waiting.title in waiting_page
            and staff.title not in waiting_page
            and solved.title not in waiting_page
        )
        solved_page = client.get(url, {"show": "answered"}).content.decode()
        assert solved.title in solved_page and staff.title not in solved_page
