"""Similar questions while a member types the title of a new thread:
/webboard/similar/ asks the site search for FAQ answers and threads."""

import datetime

import pytest

from faq.models import Faq
from webboard import posting
from webboard.models import Room

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
URL = "/webboard/similar/"


def ask(client, q):
    response = client.get(URL, {"q": q})
    return response, response.json()["results"] if response["Content-Type"] == "application/json" else None


@pytest.fixture
def similar_content(board, asker):
    """A published FAQ, a draft FAQ, a thread in an open room and one in a
    room switched off, all about the same budget error."""
    Faq.objects.create(
        title="วางฎีกาแล้วระบบแจ้งงบประมาณไม่พอ ต้องทำอย่างไร",
        answer="<p>ตรวจยอดงบประมาณคงเหลือที่เมนูทะเบียนคุมงบประมาณ</p>",
        status=Faq.Status.PUBLISHED,
        publish_at=PAST,
    )
    Faq.objects.create(
        title="ร่าง: งบประมาณไม่พอเมื่อวางฎีกา", answer="<p>ยังไม่เผยแพร่</p>", status=Faq.Status.DRAFT
    )
    shown = posting.create_thread(
        room=board, author=asker, title="งบประมาณไม่พอตอนวางฎีกาเงินเดือน", body="ขึ้นข้อความงบประมาณไม่พอ"
    ).thread
    closed_room = Room.objects.create(name="ห้องเก่า", is_active=False)
    hidden = posting.create_thread(
        room=closed_room, author=asker, title="งบประมาณไม่พอในห้องที่ปิดแล้ว", body="งบประมาณไม่พอ"
    ).thread
    return shown, hidden


class TestSimilarQuestions:
    def test_it_finds_published_faq_answers_and_visible_threads(self, client, similar_content):
        shown, hidden = similar_content
        response, results = ask(client, "งบประมาณไม่พอ")
        assert response.status_code == 200
        kinds = [r["kind"] for r in results]
        assert kinds == ["faq", "thread"]  # answers first
        assert results[1] == {"title": shown.title, "url": shown.get_absolute_url(), "kind": "thread"}
        titles = " ".join(r["title"] for r in results)
        assert "ร่าง" not in titles
        assert hidden.title not in titles
        assert "private" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]

    def test_it_never_shows_a_thread_of_a_room_switched_off(self, client, similar_content):
        shown, _hidden = similar_content
        # Switched off without re-indexing: the board is asked again all the same.
        Room.objects.filter(pk=shown.room_id).update(is_active=False)
        _response, results = ask(client, "งบประมาณไม่พอ")
        assert [r["kind"] for r in results] == ["faq"]

    def test_it_returns_at_most_five(self, client, board, asker):
        for n in range(8):
            posting.create_thread(room=board, author=asker, title=f"ปิดงวดบัญชีไม่ได้ ครั้งที่ {n}", body="ปิดงวดไม่ได้")
        _response, results = ask(client, "ปิดงวดบัญชีไม่ได้")
        assert len(results) == 5

    @pytest.mark.parametrize("q", ["", "  ", "งบ"])
    def test_it_answers_an_empty_or_short_title_with_nothing(self, client, similar_content, q):
        response, results = ask(client, q)
        assert (response.status_code, results) == (200, [])

    def test_it_refuses_post(self, client, similar_content):
        assert client.post(URL, {"q": "งบประมาณไม่พอ"}).status_code == 405

    def test_it_limits_each_client(self, client, similar_content, asker):
        client.force_login(asker)
        statuses = {ask(client, "งบประมาณไม่พอ")[0].status_code for _ in range(30)}
        assert statuses == {200}
        response, results = ask(client, "งบประมาณไม่พอ")
        assert (response.status_code, results) == (429, [])
        client.logout()  # a visitor is counted by address, apart from the member
        assert ask(client, "งบประมาณไม่พอ")[0].status_code == 200

    def test_it_answers_in_a_fixed_number_of_queries(
        self, client, similar_content, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(9):
            ask(client, "งบประมาณไม่พอ")


class TestTheNewThreadForm:
    def test_it_loads_the_suggestions_script_and_still_posts_without_it(self, client, board, asker):
        client.force_login(asker)
        html = client.get(f"/webboard/room/{board.slug}/new/").content.decode()
        assert 'data-similar-url="/webboard/similar/"' in html
        assert "webboard-similar" in html and " defer>" in html
        assert "คำถามที่คล้ายกัน / คำตอบที่อาจช่วยได้" in html
        response = client.post(
            f"/webboard/room/{board.slug}/new/", {"title": "ปิดงวดบัญชีไม่ได้", "body": "ทำอย่างไรดี"}
        )
        assert response.status_code == 302
