import datetime

import pytest
import time_machine
from django.utils import timezone

from kmlaas.pages import PolicyPage


def make_page(slug="privacy", **fields):
    fields.setdefault("status", PolicyPage.Status.PUBLISHED)
    fields.setdefault("body", "<p>เนื้อหา</p>")
    return PolicyPage.objects.create(slug=slug, title="นโยบายคุ้มครองข้อมูลส่วนบุคคล", **fields)


@pytest.mark.django_db
class TestPublishedQueryset:
    def test_it_includes_published_items_whose_time_has_come(self):
        page = make_page()
        assert list(PolicyPage.objects.published()) == [page]

    def test_it_excludes_drafts(self):
        make_page(status=PolicyPage.Status.DRAFT)
        assert not PolicyPage.objects.published().exists()

    def test_a_scheduled_item_appears_by_itself_at_its_time(self):
        when = timezone.now() + datetime.timedelta(days=2)
        make_page(publish_at=when)
        assert not PolicyPage.objects.published().exists()
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            assert PolicyPage.objects.published().count() == 1

    def test_a_thai_title_gets_a_readable_slug(self):
        page = PolicyPage.objects.create(title="นโยบายการใช้คุกกี้", body="x")
        assert page.slug == "นโยบาย-การ-ใช้-คุกกี้"


@pytest.mark.django_db
class TestPolicyPageView:
    def test_it_shows_a_published_page(self, client):
        make_page()
        response = client.get("/pages/privacy/")
        assert response.status_code == 200
        assert "นโยบายคุ้มครองข้อมูลส่วนบุคคล" in response.content.decode()

    def test_it_hides_drafts_from_anonymous(self, client):
        make_page(status=PolicyPage.Status.DRAFT)
        assert client.get("/pages/privacy/").status_code == 404

    def test_it_hides_drafts_from_members(self, client, member):
        make_page(status=PolicyPage.Status.DRAFT)
        client.force_login(member)
        assert client.get("/pages/privacy/").status_code == 404

    def test_staff_preview_drafts_with_a_banner(self, client, staff):
        make_page(status=PolicyPage.Status.DRAFT)
        client.force_login(staff)
        response = client.get("/pages/privacy/")
        assert response.status_code == 200
        assert "ตัวอย่างฉบับร่าง" in response.content.decode()

    def test_staff_see_when_a_scheduled_page_goes_live(self, client, staff):
        make_page(publish_at=timezone.make_aware(datetime.datetime(2099, 6, 4, 9, 0)))
        client.force_login(staff)
        assert "ตั้งเวลาเผยแพร่ 4 มิถุนายน 2642 09:00 น." in client.get("/pages/privacy/").content.decode()

    def test_published_pages_have_no_preview_banner(self, client, staff):
        make_page()
        client.force_login(staff)
        assert "ผู้เยี่ยมชมทั่วไปยังไม่เห็นหน้านี้" not in client.get("/pages/privacy/").content.decode()

    def test_it_returns_404_for_an_unknown_page(self, client, db):
        assert client.get("/pages/nothing-here/").status_code == 404

    def test_it_rejects_post(self, client):
        make_page()
        assert client.post("/pages/privacy/").status_code == 405

    def test_rich_text_is_sanitised_when_rendered(self, client):
        make_page(body='<p onclick="steal()">ok</p><script>alert(1)</script><a href="javascript:x()">y</a>')
        html = client.get("/pages/privacy/").content.decode()
        assert "<script>alert(1)" not in html
        assert "onclick" not in html
        assert "javascript:" not in html
        assert "<p>ok</p>" in html

    def test_query_count_is_constant(self, client, django_assert_max_num_queries):
        make_page()
        client.get("/pages/privacy/")  # warm the site-contact cache
        with django_assert_max_num_queries(4):
            client.get("/pages/privacy/")
