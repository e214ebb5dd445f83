import pytest
from django.core.management import call_command

from kmlaas.pages import PolicyPage, SiteContact
from kmlaas.sections import SECTIONS

pytestmark = pytest.mark.django_db


class TestHome:
    def test_it_shows_the_ten_sections_as_cards(self, client):
        html = client.get("/").content.decode()
        assert len(SECTIONS) == 10
        for section in SECTIONS:
            assert f'href="{section.url}"' in html
            assert str(section.title) in html

    def test_it_has_a_skip_link_landmarks_and_a_labelled_search(self, client):
        html = client.get("/").content.decode()
        assert '<html lang="th">' in html
        assert 'href="#main"' in html
        assert '<main id="main"' in html
        assert 'role="search"' in html
        assert '<label for="site-search"' in html

    def test_it_rejects_post(self, client):
        assert client.post("/").status_code == 405

    def test_it_uses_a_constant_number_of_queries(self, client, django_assert_num_queries):
        client.get("/")  # fills the shared cache: the footer's contact row, the provinces
        # three cache reads (database cache: footer, banner, provinces) and one query per "latest" list
        with django_assert_num_queries(7) as few:
            client.get("/")
        _latest_content(count=8)
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/")

    def test_it_shows_the_latest_news_updates_circulars_and_downloads(self, client):
        _latest_content(count=2)
        html = client.get("/").content.decode()
        assert "ข่าวทดสอบ 1" in html
        assert "การปรับปรุงทดสอบ 1" in html
        assert "หนังสือทดสอบ 1" in html
        assert "คู่มือทดสอบ 1" in html
        assert "ร่างข่าว" not in html

    def test_the_subsidy_box_goes_to_the_lookup_for_a_province(self, client):
        from kmlaas.registry.models import Province

        # Geography comes from a data migration, which a flushing test elsewhere may have emptied.
        province, _ = Province.objects.get_or_create(code="48", defaults={"name": "นครพนม"})
        html = client.get("/").content.decode()
        assert 'action="/subsidies/"' in html
        assert f'<option value="{province.code}">{province.name}</option>' in html

    def test_it_sends_a_strict_content_security_policy(self, client):
        policy = client.get("/")["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy


class TestShell:
    def test_the_footer_shows_contact_details_edited_in_admin(self, client):
        SiteContact.objects.create(
            agency="กรมส่งเสริมการปกครองท้องถิ่น", phone="0 2241 9000", email="km@dla.go.th"
        )
        html = client.get("/").content.decode()
        assert "0 2241 9000" in html
        assert "mailto:km@dla.go.th" in html

    def test_editing_the_contact_refreshes_the_footer_at_once(self, client):
        contact = SiteContact.objects.create(agency="กรมส่งเสริมการปกครองท้องถิ่น", phone="0 2241 9000")
        client.get("/")
        contact.phone = "1234"
        contact.save()
        assert "1234" in client.get("/").content.decode()

    @pytest.mark.parametrize("section", [s for s in SECTIONS if s.key != "members"], ids=lambda s: s.key)
    def test_every_section_page_answers_with_breadcrumbs(self, client, section):
        response = client.get(section.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert str(section.title) in html
        assert 'aria-current="page"' in html

    def test_the_404_page_is_in_the_site_look(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "ไม่พบหน้าที่ต้องการ" in html
        assert 'class="site-header"' in html

    def test_search_echoes_the_query_escaped(self, client):
        response = client.get("/search/", {"q": "<script>alert(1)</script> ใบผ่านรายการจ่าย"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html

    def test_robots_txt_points_to_the_sitemap(self, client):
        body = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in body
        assert "Sitemap: http://testserver/sitemap.xml" in body

    def test_the_sitemap_lists_sections_and_published_policy_pages(self, client):
        PolicyPage.objects.create(slug="privacy", title="ความเป็นส่วนตัว", body="x", status="published")
        PolicyPage.objects.create(slug="draft-page", title="ร่าง", body="x")
        xml = client.get("/sitemap.xml").content.decode()
        assert "/manuals/" in xml
        assert "/pages/privacy/" in xml
        assert "draft-page" not in xml

    def test_healthz_checks_the_database(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_healthz_answers_probes_by_ip_address(self, client, settings):
        settings.ALLOWED_HOSTS = ["km.example.go.th"]
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
        assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400

    def test_healthz_reports_a_database_outage(self, client, monkeypatch):
        from django.db import connection

        def broken_cursor(*args, **kwargs):
            raise ConnectionError("database is down")

        monkeypatch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error"


class TestLanguage:
    def test_english_can_be_chosen_and_is_remembered(self, client):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert response.status_code == 302
        html = client.get("/").content.decode()
        assert '<html lang="en">' in html
        assert "Manuals and documents" in html
        assert "ภาษาไทย" in html  # the switch back

    def test_thai_is_the_default_whatever_the_browser_asks_for(self, client):
        html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
        assert '<html lang="th">' in html
        assert "English" in html


class TestDemoContent:
    def test_load_demo_is_idempotent(self, db):
        call_command("load_demo")
        counts = (SiteContact.objects.count(), PolicyPage.objects.count())
        call_command("load_demo")
        assert (SiteContact.objects.count(), PolicyPage.objects.count()) == counts
        assert (
            PolicyPage.objects.published().filter(slug__in=["website-policy", "privacy", "cookies"]).count()
            == 3
        )

    def test_ensure_admin_creates_one_admin_and_prints_the_password_once(self, db, capsys):
        from django.contrib.auth import get_user_model

        call_command("ensure_admin")
        first = capsys.readouterr().out
        call_command("ensure_admin")
        second = capsys.readouterr().out
        assert "password:" in first
        assert "password:" not in second
        admin = get_user_model().objects.get(email="admin@example.com")
        assert admin.is_superuser and admin.is_staff


def _latest_content(count):
    import datetime

    from django.utils import timezone

    from manuals.models import Category as ManualCategory
    from manuals.models import Manual
    from news.models import Category, NewsItem
    from regulations.models import Agency, Regulation
    from updates.models import Update

    agency, _ = Agency.objects.get_or_create(name="กองบริหารการคลังท้องถิ่น")
    category, _ = Category.objects.get_or_create(name="ข่าวประชาสัมพันธ์")
    manual_category, _ = ManualCategory.objects.get_or_create(name="คู่มือการใช้งานระบบ e-LAAS")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for n in range(1, count + 1):
        NewsItem.objects.create(
            title=f"ข่าวทดสอบ {n}", body="x", category=category, status="published", publish_at=yesterday
        )
        Update.objects.create(
            title=f"การปรับปรุงทดสอบ {n}",
            status="published",
            publish_at=yesterday,
            effective_on=datetime.date(2026, 6, 10),
        )
        Regulation.objects.create(
            title=f"หนังสือทดสอบ {n}",
            agency=agency,
            date=datetime.date(2026, 6, n),
            status="published",
            publish_at=yesterday,
        )
        Manual.objects.create(
            title=f"คู่มือทดสอบ {n}",
            body="x",
            category=manual_category,
            status="published",
            publish_at=yesterday,
        )
    NewsItem.objects.create(title="ร่างข่าว", body="x", category=category)
