import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from faq.drafts import create_from_thread
from faq.models import Faq, Topic, Vote
from kmlaas.taxonomy import Module, Tag
from regulations.models import Agency, Regulation
from tests import page_shell

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def topic():
    return Topic.objects.create(name="รายจ่ายและใบผ่านรายการจ่าย", description="การวางฎีกาและการจ่ายเงิน")


@pytest.fixture
def module():
    return Module.objects.create(name="รายจ่าย/ฎีกา")


@pytest.fixture
def make(topic):
    def make(title, **fields):
        fields.setdefault("status", Faq.Status.PUBLISHED)
        fields.setdefault("publish_at", PAST)
        fields.setdefault("answer", "<p>รอระบบประมวลผลแล้วตรวจที่เมนูรายการใบผ่านรายการจ่าย</p>")
        fields.setdefault("topic", topic)
        return Faq.objects.create(title=title, **fields)

    return make


@pytest.fixture
def faq(make, module):
    item = make(
        "บันทึกจ่ายเงินแล้ว ทำไมใบผ่านรายการจ่ายไม่ขึ้นทันที",
        last_reviewed=datetime.date(2026, 6, 12),
    )
    item.modules.add(module)
    return item


class TestAccordion:
    def test_a_topic_page_is_a_details_summary_accordion_that_needs_no_javascript(self, client, faq, topic):
        html = client.get(topic.get_absolute_url()).content.decode()
        assert f'<details class="faq-item" id="q{faq.pk}">' in html
        assert (
            '<summary><span class="faq-question">บันทึกจ่ายเงินแล้ว ทำไมใบผ่านรายการจ่ายไม่ขึ้นทันที</span></summary>'
            in html
        )
        assert "รอระบบประมวลผล" in html  # the answer is in the page, not fetched by script
        assert faq.get_absolute_url() in html
        assert "<script" not in html.split("</main>")[0].split('<main id="main"')[1]

    def test_the_index_shows_topics_and_the_most_helpful_questions(self, client, faq, make, topic):
        make("คำถามที่ไม่มีใครกดว่ามีประโยชน์", position=1)
        Faq.objects.filter(pk=faq.pk).update(helpful_yes=9)
        response = client.get("/faq/")
        html = response.content.decode()
        assert topic.get_absolute_url() in html
        assert "<details" in html
        assert [f.title for f in response.context["popular"]][0] == faq.title

    def test_a_module_page_groups_questions_by_topic(self, client, faq, make, module):
        other_topic = Topic.objects.create(name="งบประมาณ", position=5)
        later = make("งบประมาณติดลบจนวางฎีกาไม่ได้", topic=other_topic)
        later.modules.add(module)
        html = client.get(f"/faq/module/{module.slug}/").content.decode()
        assert html.index("รายจ่ายและใบผ่านรายการจ่าย</a></h3>") < html.index("งบประมาณ</a></h3>")
        assert html.index(faq.title) < html.index(later.title)

    def test_search_finds_words_in_questions_and_answers(self, client, faq, make):
        make("ลืมรหัสผ่านเข้าระบบ", answer="<p>กดลิงก์ลืมรหัสผ่าน</p>")
        titles = [f.title for f in client.get("/faq/", {"q": "ประมวลผล"}).context["page"].object_list]
        assert titles == [faq.title]
        assert client.get("/faq/", {"q": "ไม่มีคำนี้แน่นอน"}).context["page"].paginator.count == 0

    def test_it_filters_by_module(self, client, faq, make):
        make("ลืมรหัสผ่านเข้าระบบ")
        page = client.get("/faq/", {"module": faq.modules.get().slug}).context["page"]
        assert list(page.object_list) == [faq]

    def test_drafts_and_scheduled_questions_are_not_listed(self, client, faq, make, topic):
        make("ร่างคำถาม", status=Faq.Status.DRAFT)
        make("คำถามตั้งเวลา", publish_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
        html = client.get(topic.get_absolute_url()).content.decode()
        assert "ร่างคำถาม" not in html and "คำถามตั้งเวลา" not in html

    def test_unknown_topic_is_404_and_post_is_405(self, client, faq, topic):
        assert client.get("/faq/topic/ไม่มีหัวข้อนี้/").status_code == 404
        assert client.post(topic.get_absolute_url()).status_code == 405
        assert client.post("/faq/").status_code == 405


class TestDetail:
    def test_a_question_has_a_stable_url_and_a_link_back_to_its_place_in_the_list(self, client, faq, topic):
        html = client.get(faq.get_absolute_url()).content.decode()
        assert "<h1>" in html and faq.title in html
        assert "12 มิถุนายน 2569" in html  # last reviewed, in the Buddhist Era
        assert f'href="{topic.get_absolute_url()}#q{faq.pk}"' in html
        assert client.get(f"/faq/{faq.pk}/").status_code == 301
        moved = client.get(f"/faq/{faq.pk}/old-question/")
        assert moved.status_code == 301 and moved["Location"] == faq.get_absolute_url()

    def test_related_questions_manuals_and_circulars_are_linked_published_only(self, client, faq, make):
        sibling = make("ใบผ่านรายการจ่ายลงวันที่อะไร")
        hidden = make("ร่างที่ยังไม่เผยแพร่", status=Faq.Status.DRAFT)
        faq.related.add(sibling, hidden)
        agency = Agency.objects.create(name="กองบริหารการคลังท้องถิ่น")
        circular = Regulation.objects.create(
            agency=agency,
            number="มท ๐๘๐๘.๔/ว ๒๖๒๕",
            title="การปรับปรุงการบันทึกการจ่ายเงิน",
            status="published",
            publish_at=PAST,
        )
        faq.regulations.add(circular)
        faq.tags.add(Tag.objects.create(name="ใบผ่านรายการจ่าย"))
        html = client.get(faq.get_absolute_url()).content.decode()
        assert sibling.get_absolute_url() in html
        assert "ร่างที่ยังไม่เผยแพร่" not in html
        assert circular.get_absolute_url() in html and "มท ๐๘๐๘.๔/ว ๒๖๒๕" in html
        assert "#ใบผ่านรายการจ่าย" in html
        assert faq in circular.faqs.all()  # the circular can list its FAQs

    def test_drafts_are_404_for_anonymous_and_members(self, client, member, make):
        draft = make("ร่างคำถาม", status=Faq.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_preview_a_draft_without_a_vote_form(self, client, staff, make):
        draft = make("ร่างคำถาม", status=Faq.Status.DRAFT)
        client.force_login(staff)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "ตัวอย่างฉบับร่าง" in html
        assert 'name="helpful"' not in html

    def test_unknown_is_404_and_post_is_405(self, client, faq):
        assert client.get("/faq/999999/x/").status_code == 404
        assert client.post(faq.get_absolute_url()).status_code == 405


def vote(client, faq, **data):
    return client.post(f"/faq/vote/{faq.pk}/", data)


class TestHelpfulVotes:
    def test_an_anonymous_visitor_votes_once_by_session(self, client, faq):
        response = vote(client, faq, helpful="yes")
        assert response.status_code == 302
        assert response["Location"] == f"{faq.get_absolute_url()}#feedback"
        faq.refresh_from_db()
        assert (faq.helpful_yes, faq.helpful_no) == (1, 0)
        stored = Vote.objects.get()
        assert stored.user is None and stored.session_key == client.session.session_key

    def test_replaying_the_request_does_not_inflate_the_count(self, client, faq):
        for _ in range(5):
            vote(client, faq, helpful="yes")
        faq.refresh_from_db()
        assert (faq.helpful_yes, Vote.objects.count()) == (1, 1)

    def test_answering_again_changes_the_one_answer(self, client, faq):
        vote(client, faq, helpful="yes")
        vote(client, faq, helpful="no")
        faq.refresh_from_db()
        assert (faq.helpful_yes, faq.helpful_no) == (0, 1)

    def test_each_visitor_counts_once(self, faq):
        for n in range(3):
            vote(Client(REMOTE_ADDR=f"203.0.113.{n}"), faq, helpful="yes")
        vote(Client(REMOTE_ADDR="203.0.113.9"), faq, helpful="no")
        faq.refresh_from_db()
        assert (faq.helpful_yes, faq.helpful_no) == (3, 1)

    def test_a_member_votes_by_account_whatever_the_browser(self, faq, member):
        laptop, phone = Client(), Client()
        laptop.force_login(member)
        phone.force_login(member)
        vote(laptop, faq, helpful="yes")
        vote(phone, faq, helpful="no")
        stored = Vote.objects.get()
        assert stored.user == member and stored.session_key is None and stored.helpful is False
        faq.refresh_from_db()
        assert (faq.helpful_yes, faq.helpful_no) == (0, 1)

    def test_the_page_thanks_the_visitor_and_offers_a_comment_box(self, client, faq):
        html = client.get(faq.get_absolute_url()).content.decode()
        assert "คำตอบนี้มีประโยชน์หรือไม่" in html and 'value="yes"' in html
        vote(client, faq, helpful="no")
        html = client.get(faq.get_absolute_url()).content.decode()
        assert "ขอบคุณสำหรับความเห็น" in html
        assert 'name="comment"' in html
        assert "ผู้อ่าน 0 จาก 1 คนเห็นว่ามีประโยชน์" in html

    def test_a_comment_is_attached_to_the_visitors_vote(self, client, faq):
        vote(client, faq, helpful="no")
        vote(client, faq, comment="  อยากให้มีภาพหน้าจอประกอบ ")
        assert Vote.objects.get().comment == "อยากให้มีภาพหน้าจอประกอบ"
        faq.refresh_from_db()
        assert faq.votes_total == 1

    def test_a_comment_without_a_vote_is_not_stored(self, client, faq):
        assert vote(client, faq, comment="สวัสดี").status_code == 302
        assert not Vote.objects.exists()

    def test_an_empty_or_bad_post_is_refused(self, client, faq):
        assert vote(client, faq).status_code == 400
        assert vote(client, faq, helpful="maybe").status_code == 400
        assert vote(client, faq, helpful="no", comment="ก" * 1001).status_code == 400
        assert not Vote.objects.exists()

    def test_drafts_cannot_be_voted_on_and_get_is_405(self, client, make, faq):
        draft = make("ร่าง", status=Faq.Status.DRAFT)
        assert vote(client, draft, helpful="yes").status_code == 404
        assert client.get(f"/faq/vote/{faq.pk}/").status_code == 405

    def test_the_vote_form_needs_a_csrf_token(self, faq):
        strict = Client(enforce_csrf_checks=True)
        assert vote(strict, faq, helpful="yes").status_code == 403
        assert not Vote.objects.exists()

    def test_the_database_refuses_a_second_vote_from_the_same_visitor(self, faq, member):
        Vote.objects.create(faq=faq, user=member, helpful=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(faq=faq, user=member, helpful=False)
        Vote.objects.create(faq=faq, session_key="abc", helpful=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(faq=faq, session_key="abc", helpful=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(faq=faq, helpful=True)  # neither member nor session


class TestAdmin:
    def test_admin_sorts_by_least_helpful_and_shows_comments(self, client, admin_user, make):
        good = make("คำตอบดี")
        bad = make("คำตอบไม่ชัดเจน")
        unrated = make("ยังไม่มีใครตอบ")
        Faq.objects.filter(pk=good.pk).update(helpful_yes=9, helpful_no=1)
        Faq.objects.filter(pk=bad.pk).update(helpful_yes=1, helpful_no=4)
        Vote.objects.create(faq=bad, session_key="s1", helpful=False, comment="เมนูชื่อไม่ตรง")
        client.force_login(admin_user)
        from faq.admin import FaqAdmin

        column = 1 + FaqAdmin.list_display.index("helpful_rate")  # 0 is the action checkbox
        response = client.get("/admin/faq/faq/", {"o": str(column)})
        assert [f.title for f in response.context["cl"].result_list] == [bad.title, good.title, unrated.title]
        html = response.content.decode()
        assert "20%" in html and "90%" in html
        change = client.get(f"/admin/faq/faq/{bad.pk}/change/").content.decode()
        assert "เมนูชื่อไม่ตรง" in change
        assert "เมนูชื่อไม่ตรง" in client.get("/admin/faq/vote/").content.decode()

    def test_publishing_needs_a_topic_and_an_answer(self, make):
        from django.core.exceptions import ValidationError

        item = Faq(title="คำถามใหม่", status=Faq.Status.PUBLISHED, answer="")
        with pytest.raises(ValidationError) as error:
            item.full_clean()
        assert {"topic", "answer"} <= set(error.value.message_dict)


class TestDraftFromThread:
    def test_a_solved_thread_becomes_a_draft_for_staff_to_finish(self, client, staff):
        draft = create_from_thread(
            "  ใบผ่านรายการจ่าย\nเลขไม่เรียง  ",
            "<p>เลขไม่เรียงตามฎีกา</p><script>alert(1)</script>",
            '<p onclick="x()">ระบบให้เลขตามลำดับที่ประมวลผลเสร็จ</p>',
            staff,
        )
        draft.refresh_from_db()
        assert draft.status == Faq.Status.DRAFT
        assert draft.title == "ใบผ่านรายการจ่าย เลขไม่เรียง"
        assert draft.author == staff
        assert "<script" not in draft.details and "onclick" not in draft.answer
        assert "ระบบให้เลขตามลำดับที่ประมวลผลเสร็จ" in draft.answer
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(staff)
        assert client.get(draft.get_absolute_url()).status_code == 200


class TestQueryCounts:
    @pytest.fixture
    def many(self, make, module):
        def many(count, start=0):
            for serial in range(start, start + count):
                item = make(f"คำถามที่ {serial}", details="<p>รายละเอียด</p>")
                item.modules.add(module)
                item.tags.add(Tag.objects.get_or_create(name=f"ป้าย {serial % 3}")[0])

        return many

    @pytest.mark.parametrize(
        ("path", "expected"),
        [("/faq/", 4), ("/faq/?q=คำถาม", 7), ("topic", 6), ("module", 6)],
    )
    def test_lists_use_a_fixed_number_of_queries(
        self, client, many, topic, module, django_assert_num_queries, path, expected
    ):
        path = {"topic": topic.get_absolute_url(), "module": f"/faq/module/{module.slug}/"}.get(path, path)
        many(3)
        client.get(path)
        with django_assert_num_queries(page_shell.QUERIES + expected):
            client.get(path)
        many(25, start=3)
        with django_assert_num_queries(page_shell.QUERIES + expected):
            client.get(path)

    def test_the_question_page_uses_a_fixed_number_of_queries(
        self, client, faq, make, django_assert_num_queries
    ):
        faq.related.add(make("อีกคำถาม"))
        vote(client, faq, helpful="yes")
        client.get(faq.get_absolute_url())
        with django_assert_num_queries(page_shell.QUERIES + 8):
            client.get(faq.get_absolute_url())
        for serial in range(8):
            faq.related.add(make(f"คำถามเกี่ยวข้อง {serial}"))
            faq.tags.add(Tag.objects.create(name=f"ป้าย {serial}"))
        with django_assert_num_queries(page_shell.QUERIES + 8):
            client.get(faq.get_absolute_url())


class TestSitemap:
    def test_published_questions_are_in_the_sitemap(self, client, faq, make):
        draft = make("ร่าง", status=Faq.Status.DRAFT)
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/faq/{faq.pk}/" in xml
        assert f"/faq/{draft.pk}/" not in xml
