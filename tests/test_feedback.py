"""'หน้านี้เป็นประโยชน์หรือไม่' on the six kinds of content page, and its admin report."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faq.models import Faq, Topic
from feedback import answers, views
from feedback.models import Answer, Page, SurveyResponse
from news.models import Category as NewsCategory
from news.models import NewsItem
from regulations.models import Agency, Regulation
from tests import library, page_shell
from updates.models import Update

LONG_AGO = library.LONG_AGO
pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    topic = Topic.objects.create(name="การจ่ายเงิน")
    published = {"status": "published", "publish_at": LONG_AGO}
    return {
        "manuals.manual": library.manual("คู่มือการบันทึกใบผ่านรายการจ่าย"),
        "regulations.regulation": Regulation.objects.create(
            agency=Agency.objects.create(name="กองบริหารการคลังท้องถิ่น"),
            number="มท 0808.4/ว 2625",
            title="การปรับปรุงการบันทึกการจ่ายเงิน",
            **published,
        ),
        "faq.faq": Faq.objects.create(
            title="ทำไมใบผ่านรายการจ่ายไม่ขึ้น", answer="<p>รอระบบ</p>", topic=topic, **published
        ),
        "news.newsitem": NewsItem.objects.create(
            title="อบรมระบบ e-LAAS",
            summary="อบรม",
            category=NewsCategory.objects.create(name="ข่าว"),
            **published,
        ),
        "updates.update": Update.objects.create(
            title="ปรับปรุงเมนูรายจ่าย", effective_on=datetime.date(2026, 6, 1), **published
        ),
        "downloads.form": library.form("แบบคำขอรหัสผู้ใช้งาน"),
    }


@pytest.fixture
def manual(items):
    return items["manuals.manual"]


def answer(client, item, *, json=False, **data):
    """Post as the form does; json=True as the page's script does."""
    headers = {"accept": "application/json"} if json else {}
    return client.post(
        "/feedback/page/", {"kind": item._meta.label_lower, "id": item.pk, **data}, headers=headers
    )


def page_of(item):
    return Page.objects.get(object_id=item.pk, content_type__model=item._meta.model_name)


class TestAnswering:
    def test_a_visitor_without_an_account_answers_and_is_thanked(self, client, manual):
        response = answer(client, manual, helpful="yes")
        assert response.status_code == 302
        assert response["Location"] == f"{manual.get_absolute_url()}#page-feedback"
        html = client.get(response["Location"]).content.decode()
        assert "ขอบคุณสำหรับความเห็น" in html
        page = page_of(manual)
        assert (page.helpful_yes, page.helpful_no, page.comments) == (1, 0, 0)
        assert (page.title, page.url) == (manual.title, manual.get_absolute_url())
        stored = Answer.objects.get()
        assert stored.user is None and stored.session_key == client.session.session_key

    def test_a_no_with_a_comment_is_stored_and_counted(self, client, manual):
        answer(client, manual, helpful="no", comment="  ไม่มีภาพหน้าจอ <b>เมนู</b> ")
        stored = Answer.objects.get()
        assert (stored.helpful, stored.comment) == (False, "ไม่มีภาพหน้าจอ <b>เมนู</b>")
        page = page_of(manual)
        assert (page.helpful_yes, page.helpful_no, page.comments) == (0, 1, 1)

    def test_the_script_gets_json_and_can_add_a_comment_afterwards(self, client, manual):
        response = answer(client, manual, helpful="no", json=True)
        assert response.status_code == 200 and response.json()["ok"] is True
        response = answer(client, manual, comment="ขาดตัวอย่าง", json=True)
        assert response.json() == {"ok": True, "message": "ขอบคุณสำหรับความคิดเห็น ผู้ดูแลจะนำไปปรับปรุงหน้านี้"}
        assert Answer.objects.get().comment == "ขาดตัวอย่าง"
        assert page_of(manual).comments == 1

    def test_it_refuses_a_second_answer_from_the_same_browser_politely(self, client, manual):
        answer(client, manual, helpful="yes")
        response = answer(client, manual, helpful="no")
        assert response.status_code == 302
        assert "คุณตอบเกี่ยวกับหน้านี้ไว้แล้ว" in client.get(response["Location"]).content.decode()
        page = page_of(manual)
        assert (page.helpful_yes, page.helpful_no, Answer.objects.count()) == (1, 0, 1)

    def test_a_member_answers_once_whatever_the_browser(self, manual, member):
        laptop, phone = Client(), Client()
        laptop.force_login(member)
        phone.force_login(member)
        answer(laptop, manual, helpful="yes")
        answer(phone, manual, helpful="no")
        assert list(Answer.objects.values_list("user", "helpful")) == [(member.pk, True)]

    def test_it_limits_answers_per_address_across_browsers(self, items, monkeypatch):
        assert answers.ATTEMPTS_PER_ADDRESS == 30
        monkeypatch.setattr(answers, "ATTEMPTS_PER_ADDRESS", 4)  # 30 in production; fewer keeps the test fast
        pages = list(items.values())
        for n in range(4):  # a script throwing its cookies away each time
            assert answer(Client(REMOTE_ADDR="203.0.113.7"), pages[n], helpful="yes").status_code == 302
        flood = answer(Client(REMOTE_ADDR="203.0.113.7"), pages[5], helpful="yes", json=True)
        assert flood.status_code == 429 and "มากเกินไป" in flood.json()["message"]
        assert Answer.objects.count() == 4
        assert answer(Client(REMOTE_ADDR="203.0.113.8"), pages[5], helpful="yes").status_code == 302
        assert Answer.objects.count() == 5

    def test_a_comment_without_an_answer_is_not_stored(self, client, manual):
        response = answer(client, manual, comment="สวัสดี", json=True)
        assert response.status_code == 400 and "เลือกว่าหน้านี้เป็นประโยชน์หรือไม่" in response.json()["message"]
        assert not Answer.objects.exists()

    def test_it_refuses_a_long_comment_in_thai(self, client, manual):
        response = answer(client, manual, helpful="no", comment="ก" * 1001, json=True)
        assert response.status_code == 400
        assert response.json()["message"] == "ความคิดเห็นยาวได้ไม่เกิน 1,000 ตัวอักษร (ตอนนี้ 1001 ตัวอักษร)"
        assert answer(client, manual, helpful="maybe").status_code == 302  # back with a message
        assert not Answer.objects.exists()
        answer(client, manual, helpful="no", comment="ก" * 1000)
        assert len(Answer.objects.get().comment) == 1000

    def test_drafts_hidden_kinds_and_unknown_ids_are_404(self, client, manual):
        draft = library.manual("ร่างคู่มือ", status="draft")
        scheduled = library.manual(
            "คู่มือที่จะเผยแพร่", publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
        )
        assert answer(client, draft, helpful="yes").status_code == 404
        assert answer(client, scheduled, helpful="yes").status_code == 404
        for kind, pk in [
            ("manuals.manual", 999999),
            ("manuals.manual", "1x"),
            ("manuals.manual", "9" * 30),
            ("accounts.user", manual.pk),
            ("feedback.answer", 1),
            ("", manual.pk),
        ]:
            assert (
                client.post("/feedback/page/", {"kind": kind, "id": pk, "helpful": "yes"}).status_code == 404
            )
        assert not Answer.objects.exists()

    def test_get_is_405_and_csrf_is_enforced(self, manual):
        assert Client().get("/feedback/page/").status_code == 405
        assert answer(Client(enforce_csrf_checks=True), manual, helpful="yes").status_code == 403
        assert not Answer.objects.exists()

    def test_the_database_refuses_a_second_answer_from_one_visitor(self, manual, member):
        answer(Client(), manual, helpful="yes")
        page = Page.objects.get()
        Answer.objects.create(page=page, user=member, helpful=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(page=page, user=member, helpful=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(
                page=page, session_key=Answer.objects.get(user=None).session_key, helpful=False
            )


class TestWidget:
    def test_every_content_page_shows_it_and_no_index_does(self, client, items):
        for kind, item in items.items():
            html = client.get(item.get_absolute_url()).content.decode()
            assert "หน้านี้เป็นประโยชน์หรือไม่" in html, kind
            assert f'name="kind" value="{kind}"' in html and f'name="id" value="{item.pk}"' in html
            assert "js/page-feedback" in html and "แบบประเมินความพึงพอใจ" in html
        for index in ["/manuals/", "/regulations/", "/faq/", "/news/", "/updates/", "/downloads/", "/"]:
            assert "หน้านี้เป็นประโยชน์หรือไม่" not in client.get(index).content.decode(), index

    def test_a_staff_preview_of_a_draft_has_no_widget(self, client, staff):
        draft = library.manual("ร่างคู่มือ", status="draft")
        client.force_login(staff)
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "ร่างคู่มือ" in html and "หน้านี้เป็นประโยชน์หรือไม่" not in html

    def test_the_widget_is_the_same_for_everyone_and_costs_no_query(self, client, manual):
        # The section tests' exact query counts (tests/test_manuals_views.py and the others) stay as they were.
        answer(client, manual, helpful="yes")
        with CaptureQueriesContext(connection) as seen:
            html = client.get(manual.get_absolute_url()).content.decode()
        assert not [q for q in seen.captured_queries if "feedback_" in q["sql"]]
        assert 'value="yes"' in html  # no "you answered" state in the HTML: pages may be cached


class TestReport:
    @pytest.fixture
    def answered(self, items):
        votes = {
            "manuals.manual": "yyyn",
            "regulations.regulation": "nnny",
            "faq.faq": "yy",
            "news.newsitem": "n",
        }
        for kind, letters in votes.items():
            for n, letter in enumerate(letters):
                answer(
                    Client(REMOTE_ADDR=f"198.51.100.{n}"),
                    items[kind],
                    helpful="yes" if letter == "y" else "no",
                )
        answer(Client(), items["news.newsitem"], helpful="no", comment="ข่าวไม่มีวันที่อบรม")
        return items

    @pytest.fixture
    def reader(self, staff):
        staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_page", "view_answer"]))
        client = Client()
        client.force_login(staff)
        return client

    def test_it_lists_the_least_useful_pages_first(self, reader, answered):
        html = reader.get("/admin/feedback/page/").content.decode()
        assert "รายงานความเป็นประโยชน์ของหน้า" in html
        order = ["อบรมระบบ e-LAAS", "การปรับปรุงการบันทึกการจ่ายเงิน", "คู่มือการบันทึกใบผ่านรายการจ่าย", "ทำไมใบผ่าน"]
        positions = [html.index(title) for title in order]
        assert positions == sorted(positions)
        assert "0%" in html and "25%" in html and "75%" in html and "100%" in html
        news_only = reader.get("/admin/feedback/page/?kind=news.newsitem").content.decode()
        assert "อบรมระบบ e-LAAS" in news_only and "ทำไมใบผ่าน" not in news_only
        assert "ทำไมใบผ่าน" not in reader.get("/admin/feedback/page/?kind=accounts.user").content.decode()

    def test_the_comments_of_a_page_are_listed_escaped(self, reader, answered):
        news = page_of(answered["news.newsitem"])
        Answer.objects.filter(comment="").filter(page=news).update(comment="<script>alert(1)</script>")
        html = reader.get(f"/admin/feedback/answer/?page={news.pk}").content.decode()
        assert "ข่าวไม่มีวันที่อบรม" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html
        assert "ทำไมใบผ่าน" not in html
        assert reader.get("/admin/feedback/answer/?page=abc").status_code == 200

    def test_only_staff_with_the_permission_see_it(self, client, member, staff, reader):
        assert client.get("/admin/feedback/page/").status_code == 302
        client.force_login(member)
        assert client.get("/admin/feedback/page/")["Location"].startswith("/admin/login/")
        other = Client()
        other.force_login(type(staff).objects.create_user(email="w@example.com", password="x", is_staff=True))
        assert other.get("/admin/feedback/page/").status_code == 403
        assert reader.get("/admin/feedback/page/").status_code == 200
        assert reader.get("/admin/feedback/page/add/").status_code == 403


def survey_answers(**changes):
    scores = dict.fromkeys(SurveyResponse.QUESTIONS, "4")
    return {"respondent": "sao", **scores, "suggestion": "", "website": ""} | changes


class TestSurvey:
    def test_every_page_links_to_it(self, client):
        assert 'href="/feedback/survey/"' in client.get("/").content.decode()

    def test_it_costs_only_the_page_shell(self, client, django_assert_num_queries):
        client.get("/feedback/survey/")  # fills the shared cache
        with django_assert_num_queries(page_shell.QUERIES):
            html = client.get("/feedback/survey/").content.decode()
        assert "ความง่ายในการค้นหาข้อมูล" in html and "ความพึงพอใจโดยรวม" in html and "อบต." in html
        assert client.put("/feedback/survey/").status_code == 405

    def test_a_visitor_submits_it_without_an_account(self, client):
        response = client.post("/feedback/survey/", survey_answers(overall="5", suggestion=" เพิ่มวิดีโอ "))
        assert response["Location"] == "/feedback/survey/thanks/"
        assert "ขอบคุณที่ตอบแบบประเมิน" in client.get(response["Location"]).content.decode()
        stored = SurveyResponse.objects.get()
        assert (stored.respondent, stored.overall, stored.mobile, stored.suggestion) == (
            "sao",
            5,
            4,
            "เพิ่มวิดีโอ",
        )

    def test_it_shows_thai_errors_and_keeps_what_was_chosen(self, client):
        response = client.post("/feedback/survey/", survey_answers(respondent="", speed="", accuracy="6"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "โปรดเลือกว่าคุณตอบในนามใคร" in html and "โปรดเลือกระดับความพึงพอใจข้อนี้" in html
        assert "เลือกตัวเลือกที่ถูกต้อง" in html  # Django's Thai message for 6
        assert re.search(r'name="mobile" value="4"[^>]* checked', html)  # re-rendered with the answers given
        assert not SurveyResponse.objects.exists()

    def test_a_filled_honeypot_is_thanked_and_dropped(self, client):
        response = client.post("/feedback/survey/", survey_answers(website="http://spam.example"))
        assert response["Location"] == "/feedback/survey/thanks/"
        assert not SurveyResponse.objects.exists()

    def test_it_limits_complete_surveys_per_address(self, monkeypatch):
        assert views.SURVEYS_PER_ADDRESS == 20
        monkeypatch.setattr(views, "SURVEYS_PER_ADDRESS", 3)  # fewer keeps the test fast
        office = Client(REMOTE_ADDR="203.0.113.5")
        for _ in range(3):
            assert (
                office.post("/feedback/survey/", survey_answers(overall="")).status_code == 200
            )  # not counted
            assert office.post("/feedback/survey/", survey_answers()).status_code == 302
        response = Client(REMOTE_ADDR="203.0.113.5").post("/feedback/survey/", survey_answers())
        assert response.status_code == 429 and "หลายครั้งแล้ว" in response.content.decode()
        assert SurveyResponse.objects.count() == 3

    def test_csrf_is_enforced(self):
        assert Client(enforce_csrf_checks=True).post("/feedback/survey/", survey_answers()).status_code == 403


class TestSurveySummary:
    @pytest.fixture
    def responses(self):
        def made(when, overall, **fields):
            response = SurveyResponse.objects.create(
                **dict.fromkeys(SurveyResponse.QUESTIONS, 3) | {"overall": overall},
                respondent="sao",
                **fields,
            )
            SurveyResponse.objects.filter(pk=response.pk).update(created_at=when)

        made(datetime.datetime(2026, 11, 3, 10, tzinfo=datetime.UTC), 5)
        made(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), 4, suggestion='=HYPERLINK("http://x")')
        made(datetime.datetime(2026, 10, 31, 10, tzinfo=datetime.UTC), 2)  # 31 ต.ค. 17:00 in Bangkok

    @pytest.fixture
    def reader(self, staff):
        staff.user_permissions.add(Permission.objects.get(codename="view_surveyresponse"))
        client = Client()
        client.force_login(staff)
        return client

    def test_it_averages_each_question_by_be_month(self, reader, responses):
        html = reader.get("/admin/feedback/surveyresponse/summary/").content.decode()
        assert html.index("พฤศจิกายน 2569") < html.index("ตุลาคม 2569")
        november = html[html.index("พฤศจิกายน 2569") : html.index("ตุลาคม 2569")]
        assert "<td>2</td>" in november and "<td>4.50</td>" in november and "<td>3.00</td>" in november
        october = html[html.index("ตุลาคม 2569") :]
        assert "<td>1</td>" in october and "<td>2.00</td>" in october

    def test_the_csv_has_every_response_and_no_live_formula(self, reader, responses):
        response = reader.get("/admin/feedback/surveyresponse/export/")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = text.strip().splitlines()
        assert lines[0].startswith("ตอบเมื่อ,ผู้ตอบ,ความง่ายในการค้นหาข้อมูล")
        assert len(lines) == 4 and "องค์การบริหารส่วนตำบล (อบต.)" in lines[1]
        assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text

    def test_only_staff_with_the_permission_see_it(self, client, member, staff, reader):
        for url in ["/admin/feedback/surveyresponse/summary/", "/admin/feedback/surveyresponse/export/"]:
            assert Client().get(url)["Location"].startswith("/admin/login/")
            client.force_login(member)
            assert client.get(url)["Location"].startswith("/admin/login/")
            other = Client()
            other.force_login(staff.__class__.objects.get_or_create(email="w2@example.com", is_staff=True)[0])
            assert other.get(url).status_code == 403
            assert reader.get(url).status_code == 200
