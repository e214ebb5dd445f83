"""The site-wide announcement banner: its time window, dismissal and cost."""

import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import time_machine
from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from news import banners
from news.models import Banner

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(7 * 60)
START = datetime.datetime(2027, 3, 27, 18, tzinfo=TZ)
END = datetime.datetime(2027, 3, 30, 6, tzinfo=TZ)
MESSAGE = "ระบบ e-LAAS ปิดปรับปรุง 27–30 มี.ค."


@pytest.fixture(autouse=True)
def empty_cache():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


@pytest.fixture
def banner():
    return Banner.objects.create(
        message=MESSAGE, link="/news/1/", level=Banner.Level.WARNING, starts_at=START, ends_at=END
    )


def render(client_cookies=None, path="/faq/"):
    request = RequestFactory().get(path)
    request.COOKIES.update(client_cookies or {})
    return render_to_string("includes/_announcement.html", request=request)


class TestWindow:
    def test_it_shows_only_between_its_start_and_end(self, banner):
        with time_machine.travel(START - datetime.timedelta(seconds=1), tick=False):
            assert MESSAGE not in render()
        with time_machine.travel(START, tick=False):
            html = render()
            assert MESSAGE in html
            assert 'href="/news/1/"' in html
            assert "announcement-warning" in html
        with time_machine.travel(END, tick=False):
            assert MESSAGE not in render()

    def test_a_banner_cached_before_its_start_appears_by_itself(self, banner):
        with time_machine.travel(START - datetime.timedelta(hours=1), tick=False):
            assert Banner.current() == []  # fills the cache
        with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
            assert Banner.current() == [banner]

    def test_a_switched_off_banner_is_hidden(self, banner):
        banner.is_active = False
        banner.save()
        with time_machine.travel(START, tick=False):
            assert Banner.current() == []

    def test_nothing_is_rendered_without_a_banner(self):
        assert render().strip() == ""

    def test_the_end_must_be_after_the_start(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            Banner(message="x", starts_at=END, ends_at=START).full_clean()


class TestCost:
    def test_it_costs_one_cache_read_per_page(self, banner, django_assert_num_queries):
        with time_machine.travel(START, tick=False):
            Banner.current()
            with django_assert_num_queries(1):  # the read of the database cache itself
                assert Banner.current() == [banner]

    def test_saving_or_deleting_a_banner_refreshes_the_cache_at_once(self, banner):
        with time_machine.travel(START, tick=False):
            assert Banner.current()[0].message == MESSAGE
            banner.message = "ขยายเวลาปิดปรับปรุงถึง 31 มี.ค."
            banner.save()
            assert Banner.current()[0].message == "ขยายเวลาปิดปรับปรุงถึง 31 มี.ค."
            banner.delete()
            assert Banner.current() == []

    def test_the_admin_bulk_delete_also_refreshes_it(self, client, admin_user, banner):
        with time_machine.travel(START, tick=False):
            assert Banner.current()
            client.force_login(admin_user)
            response = client.post(
                "/admin/news/banner/",
                {"action": "delete_selected", "_selected_action": [banner.pk], "post": "yes"},
            )
            assert response.status_code == 302
            assert Banner.current() == []


class TestDismissal:
    def test_a_no_javascript_post_hides_it_and_returns_to_the_page(self, client, banner):
        with time_machine.travel(START, tick=False):
            response = client.post(f"/news/banner/{banner.pk}/dismiss/", {"next": "/faq/?q=ฎีกา"})
            assert response.status_code == 302
            assert unquote(response["Location"]) == "/faq/?q=ฎีกา"
            cookie = response.cookies[banners.COOKIE]
            assert cookie["httponly"] and cookie["samesite"] == "Lax"
            assert MESSAGE not in render({banners.COOKIE: cookie.value})
            assert MESSAGE in render()  # other visitors still see it

    def test_the_script_gets_an_empty_answer(self, client, banner):
        response = client.post(
            f"/news/banner/{banner.pk}/dismiss/", {"next": "/"}, headers={"X-Requested-With": "fetch"}
        )
        assert response.status_code == 204
        assert banners.COOKIE in response.cookies

    def test_it_never_redirects_to_another_site(self, client, banner):
        response = client.post(f"/news/banner/{banner.pk}/dismiss/", {"next": "https://evil.example/"})
        assert response["Location"] == "/"

    @pytest.mark.parametrize("back", ["abc", "-1", "home", "//evil.example/", "", "faq", "\\evil.example"])
    def test_an_odd_next_goes_home(self, client, banner, back):
        response = client.post(f"/news/banner/{banner.pk}/dismiss/", {"next": back})
        assert response.status_code == 302 and response["Location"] == "/"

    def test_an_edited_banner_shows_again(self, client, banner):
        with time_machine.travel(START, tick=False):
            cookie = client.post(f"/news/banner/{banner.pk}/dismiss/").cookies[banners.COOKIE].value
        with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
            banner.message = "เลื่อนการปิดปรับปรุงเป็น 3–5 เม.ย."
            banner.save()
            assert "เลื่อนการปิดปรับปรุง" in render({banners.COOKIE: cookie})

    def test_dismissing_one_keeps_the_others_dismissed(self, client, banner):
        other = Banner.objects.create(message="Call Center งดให้บริการ", starts_at=START, ends_at=END)
        with time_machine.travel(START, tick=False):
            client.post(f"/news/banner/{banner.pk}/dismiss/")
            client.post(f"/news/banner/{other.pk}/dismiss/")
            html = render({banners.COOKIE: client.cookies[banners.COOKIE].value})
            assert MESSAGE not in html and "Call Center" not in html

    def test_the_form_works_without_javascript_and_carries_a_csrf_token(self, banner):
        with time_machine.travel(START, tick=False):
            html = render(path="/regulations/?year=2569")
        assert f'action="/news/banner/{banner.pk}/dismiss/"' in html
        assert 'method="post"' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert 'name="next" value="/regulations/?year=2569"' in html
        assert '<script src="/static/js/announcement.' in html  # an enhancement only, from a file

    def test_get_is_405_unknown_is_404_and_csrf_is_enforced(self, client, banner):
        assert client.get(f"/news/banner/{banner.pk}/dismiss/").status_code == 405
        assert client.post("/news/banner/999999/dismiss/").status_code == 404
        strict = Client(enforce_csrf_checks=True)
        assert strict.post(f"/news/banner/{banner.pk}/dismiss/").status_code == 403


BASE = Path(__file__).parent.parent / "templates" / "base.html"


@pytest.mark.skipif(
    "includes/_announcement.html" not in BASE.read_text(),
    reason='templates/base.html does not include "includes/_announcement.html" yet',
)
class TestOnEveryPage:
    @pytest.mark.parametrize("path", ["/", "/faq/", "/news/", "/updates/", "/regulations/"])
    def test_the_banner_shows_on_every_page(self, client, banner, path):
        with time_machine.travel(START, tick=False):
            assert MESSAGE in client.get(path).content.decode()
