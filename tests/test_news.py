import datetime
import io
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kmlaas.attachments import Attachment
from news.models import Category, NewsItem
from tests import files, page_shell

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(7 * 60)


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def category():
    return Category.objects.create(name="ข่าวประชาสัมพันธ์")


@pytest.fixture
def make(category):
    def make(title, publish_at, **fields):
        fields.setdefault("status", NewsItem.Status.PUBLISHED)
        fields.setdefault("summary", f"สรุป {title}")
        fields.setdefault("category", category)
        return NewsItem.objects.create(title=title, publish_at=publish_at, **fields)

    return make


def image(width, height, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, fmt)
    return ContentFile(buffer.getvalue(), name=f"photo.{fmt.lower()}")


def titles(response):
    return [item.title for item in response.context["page"].object_list]


class TestList:
    def test_pinned_items_come_first_then_the_newest(self, client, make):
        make("ข่าวเก่า", at(2026, 1, 1))
        make("ข่าวใหม่", at(2026, 6, 1))
        make("ประกาศสำคัญ (ปักหมุด)", at(2025, 3, 1), pinned=True)
        assert titles(client.get("/news/")) == ["ประกาศสำคัญ (ปักหมุด)", "ข่าวใหม่", "ข่าวเก่า"]

    def test_a_pin_ends_after_its_end_date(self, client, make):
        make("ข่าวใหม่", at(2026, 6, 1))
        make("ปักหมุดถึง 30 มิ.ย.", at(2026, 3, 1), pinned=True, pinned_until=datetime.date(2026, 6, 30))
        with time_machine.travel(at(2026, 6, 30, 23), tick=False):
            response = client.get("/news/")
            assert titles(response)[0] == "ปักหมุดถึง 30 มิ.ย."
            assert "tag-pinned" in response.content.decode()
        with time_machine.travel(at(2026, 7, 1, 0), tick=False):
            response = client.get("/news/")
            assert titles(response) == ["ข่าวใหม่", "ปักหมุดถึง 30 มิ.ย."]
            assert "tag-pinned" not in response.content.decode()

    def test_a_scheduled_item_appears_by_itself_at_its_time(self, client, make):
        item = make("ข่าวตั้งเวลา", at(2026, 7, 1, 8))
        with time_machine.travel(
            at(
                2026,
                7,
                1,
                7,
            ),
            tick=False,
        ):
            assert "ข่าวตั้งเวลา" not in titles(client.get("/news/"))
            assert client.get(item.get_absolute_url()).status_code == 404
        with time_machine.travel(at(2026, 7, 1, 8) + datetime.timedelta(seconds=1), tick=False):
            assert "ข่าวตั้งเวลา" in titles(client.get("/news/"))
            assert client.get(item.get_absolute_url()).status_code == 200

    def test_drafts_are_hidden(self, client, make):
        make("ร่างข่าว", at(2026, 1, 1), status=NewsItem.Status.DRAFT)
        assert "ร่างข่าว" not in client.get("/news/").content.decode()

    def test_a_category_page_lists_its_items_only(self, client, make, category):
        training = Category.objects.create(name="อบรม/สัมมนา")
        make("ข่าวทั่วไป", at(2026, 1, 1))
        make("อบรมการปิดบัญชี", at(2026, 2, 1), category=training)
        response = client.get(training.get_absolute_url())
        assert titles(response) == ["อบรมการปิดบัญชี"]
        assert client.get("/news/category/ไม่มีหมวดนี้/").status_code == 404

    def test_search_finds_words_in_title_and_summary(self, client, make):
        make("ปิดปรับปรุงระบบ", at(2026, 1, 1), summary="งดให้บริการวันเสาร์")
        make("อบรมออนไลน์", at(2026, 2, 1))
        assert titles(client.get("/news/", {"q": "งดให้บริการ"})) == ["ปิดปรับปรุงระบบ"]

    def test_it_rejects_post(self, client, db):
        assert client.post("/news/").status_code == 405


class TestArchive:
    def test_the_archive_is_by_buddhist_era_year_and_month(self, client, make):
        make("มิถุนายน 2569", at(2026, 6, 5))
        make("มีนาคม 2569", at(2026, 3, 20))
        make("ธันวาคม 2568", at(2025, 12, 26))
        response = client.get("/news/")
        archive = response.context["archive"]
        assert [(y["be_year"], y["count"]) for y in archive] == [(2569, 2), (2568, 1)]
        assert [m["number"] for m in archive[0]["months"]] == [6, 3]
        assert "/news/archive/2569/6/" in response.content.decode()
        assert titles(client.get("/news/archive/2569/")) == ["มิถุนายน 2569", "มีนาคม 2569"]
        month = client.get("/news/archive/2569/3/")
        assert titles(month) == ["มีนาคม 2569"]
        assert "ข่าวเดือนมีนาคม 2569" in month.content.decode()

    def test_a_month_boundary_follows_thai_time(self, client, make):
        # 1 July 00:30 in Bangkok is still 30 June in UTC.
        make("ต้นเดือนกรกฎาคม", at(2026, 7, 1, 0) + datetime.timedelta(minutes=30))
        assert titles(client.get("/news/archive/2569/7/")) == ["ต้นเดือนกรกฎาคม"]

    @pytest.mark.parametrize("path", ["/news/archive/2569/13/", "/news/archive/99/", "/news/archive/2569/0/"])
    def test_impossible_dates_are_404(self, client, path):
        assert client.get(path).status_code == 404


class TestDetail:
    def test_it_links_to_the_older_and_newer_items(self, client, make):
        old = make("ข่าวแรก", at(2026, 1, 1))
        middle = make("ข่าวกลาง", at(2026, 2, 1))
        new = make("ข่าวล่าสุด", at(2026, 3, 1))
        make("ร่างข่าว", at(2026, 2, 15), status=NewsItem.Status.DRAFT)
        html = client.get(middle.get_absolute_url()).content.decode()
        assert f'href="{old.get_absolute_url()}" rel="prev"' in html
        assert f'href="{new.get_absolute_url()}" rel="next"' in html
        assert "ร่างข่าว" not in html
        first = client.get(old.get_absolute_url()).content.decode()
        assert 'rel="prev"' not in first and 'rel="next"' in first

    def test_it_shows_the_body_category_date_and_attachments(self, client, make):
        item = make("อบรมออนไลน์", at(2026, 2, 2), body="<p>เนื้อข่าว<script>alert(1)</script></p>")
        Attachment.objects.create(item=item, file=files.pdf("แบบตอบรับ.pdf"))
        html = client.get(item.get_absolute_url()).content.decode()
        assert "เนื้อข่าว" in html and "<script>alert" not in html
        assert "2 กุมภาพันธ์ 2569" in html
        assert "แบบตอบรับ.pdf" in html

    def test_wrong_slug_redirects_and_unknown_is_404(self, client, make):
        item = make("ข่าว", at(2026, 1, 1))
        moved = client.get(f"/news/{item.pk}/old/")
        assert moved.status_code == 301 and moved["Location"] == item.get_absolute_url()
        assert client.get("/news/999999/x/").status_code == 404
        assert client.post(item.get_absolute_url()).status_code == 405

    def test_drafts_are_404_for_anonymous_and_members_and_previewed_by_staff(
        self, client, member, staff, make
    ):
        draft = make("ร่างข่าว", at(2026, 1, 1), status=NewsItem.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(staff)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "ตัวอย่างฉบับร่าง" in response.content.decode()


class TestCovers:
    def test_a_cover_is_saved_in_several_widths_for_srcset(self, client, make):
        item = make("ข่าวมีภาพ", at(2026, 1, 1), cover=image(2000, 1500))
        item.refresh_from_db()
        assert [(w, h) for w, h, _ in item.cover_renditions] == [(480, 270), (960, 540), (1440, 810)]
        for width, height, name in item.cover_renditions:
            with default_storage.open(name) as stored, Image.open(stored) as picture:
                assert picture.size == (width, height) and picture.format == "JPEG"
        html = client.get(item.get_absolute_url()).content.decode()
        assert "480w" in html and "1440w" in html and 'sizes="' in html
        assert 'width="1440" height="810"' in html
        listing = client.get("/news/").content.decode()
        assert 'loading="lazy"' in listing and "960w" in listing

    def test_a_small_image_is_not_enlarged(self, make):
        item = make("ภาพเล็ก", at(2026, 1, 1), cover=image(400, 300))
        item.refresh_from_db()
        assert [(w, h) for w, h, _ in item.cover_renditions] == [(400, 225)]

    def test_a_transparent_png_gets_a_white_background(self, make):
        buffer = io.BytesIO()
        Image.new("RGBA", (960, 540), (0, 0, 0, 0)).save(buffer, "PNG")
        item = make("โลโก้", at(2026, 1, 1), cover=ContentFile(buffer.getvalue(), name="logo.png"))
        with default_storage.open(item.cover_renditions[0][2]) as stored, Image.open(stored) as picture:
            assert picture.convert("RGB").getpixel((10, 10)) == (255, 255, 255)

    def test_replacing_or_removing_the_cover_deletes_the_old_sizes(
        self, make, django_capture_on_commit_callbacks
    ):
        item = make("ข่าวมีภาพ", at(2026, 1, 1), cover=image(1200, 800))
        old = [item.cover.name] + [name for _w, _h, name in item.cover_renditions]
        item.cover = image(1000, 600, "JPEG")
        with django_capture_on_commit_callbacks(execute=True):  # files go once the change is committed
            item.save()
        assert not any(default_storage.exists(name) for name in old)
        assert default_storage.exists(item.cover.name)
        assert all(default_storage.exists(name) for _w, _h, name in item.cover_renditions)
        newer = [item.cover.name] + [name for _w, _h, name in item.cover_renditions]
        item.cover = None
        with django_capture_on_commit_callbacks(execute=True):
            item.save()
        item.refresh_from_db()
        assert item.cover_renditions == []
        assert not any(default_storage.exists(name) for name in newer)

    def test_saving_without_a_new_image_keeps_the_sizes(self, make):
        item = make("ข่าวมีภาพ", at(2026, 1, 1), cover=image(1200, 800))
        before = item.cover_renditions
        item.title = "แก้ชื่อข่าว"
        item.save()
        item.refresh_from_db()
        assert item.cover_renditions == before


class TestFeedsAndSitemap:
    def test_rss_and_atom_are_valid_and_list_published_items_only(self, client, make):
        make("อบรมออนไลน์", at(2026, 2, 2))
        make("ร่างข่าว", at(2026, 2, 3), status=NewsItem.Status.DRAFT)
        rss = ET.fromstring(client.get("/news/feed/rss/").content)
        assert [i.findtext("title") for i in rss.findall("channel/item")] == ["อบรมออนไลน์"]
        assert rss.findtext("channel/item/category") == "ข่าวประชาสัมพันธ์"
        ns = {"a": "http://www.w3.org/2005/Atom"}
        atom = ET.fromstring(client.get("/news/feed/atom/").content)
        assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == ["อบรมออนไลน์"]

    def test_the_sitemap_lists_published_items(self, client, make):
        item = make("อบรมออนไลน์", at(2026, 2, 2))
        draft = make("ร่างข่าว", at(2026, 2, 3), status=NewsItem.Status.DRAFT)
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/news/{item.pk}/" in xml and f"/news/{draft.pk}/" not in xml


class TestQueryCounts:
    @pytest.fixture
    def many(self, make):
        def many(count, start=0):
            for serial in range(start, start + count):
                category = Category.objects.get_or_create(name=f"หมวด {serial % 3}")[0]
                make(f"ข่าว {serial}", at(2025, 1 + serial % 12, 1 + serial % 28), category=category)

        return many

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("/news/", 4),
            ("/news/?q=ข่าว", 6),
            ("/news/archive/2568/", 4),
            ("/news/archive/2568/3/", 4),
            ("category", 5),
        ],
    )
    def test_lists_use_a_fixed_number_of_queries(
        self, client, many, django_assert_num_queries, path, expected
    ):
        many(3)
        path = "/news/category/หมวด-1/" if path == "category" else path
        client.get(path)
        with django_assert_num_queries(page_shell.QUERIES + expected):
            client.get(path)
        many(40, start=3)
        with django_assert_num_queries(page_shell.QUERIES + expected):
            client.get(path)

    def test_the_detail_page_uses_a_fixed_number_of_queries(self, client, make, django_assert_num_queries):
        item = make("ข่าวหลัก", at(2026, 1, 1), cover=image(1000, 600))
        Attachment.objects.create(item=item, file=files.pdf())
        client.get(item.get_absolute_url())
        with django_assert_num_queries(page_shell.QUERIES + 4):
            client.get(item.get_absolute_url())
        for serial in range(5):
            Attachment.objects.create(item=item, file=files.pdf(f"ไฟล์ {serial}.pdf"))
            make(f"ข่าวอื่น {serial}", at(2026, 1, 2 + serial))
        with django_assert_num_queries(page_shell.QUERIES + 4):
            client.get(item.get_absolute_url())


class TestCoverFiles:
    def test_a_size_is_served_by_the_site_and_cached_for_a_year(self, client, make):
        item = make("ข่าวมีภาพ", at(2026, 1, 1), cover=image(1000, 600))
        response = client.get(item.cover_src)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
        assert item.cover_src.startswith("/news/covers/")

    def test_only_sizes_are_served_not_uploads_or_other_paths(self, client, make):
        item = make("ข่าวมีภาพ", at(2026, 1, 1), cover=image(1000, 600))
        original = item.cover.name.rsplit("/", 1)[1]
        assert client.get(f"/news/covers/{original}").status_code == 404
        assert client.get("/news/covers/..").status_code == 404
        assert client.get(f"/news/covers/{'0' * 32}-480w.jpg").status_code == 404
        assert client.post(item.cover_src).status_code == 405


class TestAdmin:
    def test_staff_upload_a_cover_and_pin_until_a_buddhist_era_date(self, client, admin_user, category):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 1000), "navy").save(buffer, "JPEG")
        client.force_login(admin_user)
        response = client.post(
            "/admin/news/newsitem/add/",
            {
                "title": "อบรมการปิดบัญชีสิ้นปี",
                "category": category.pk,
                "summary": "อบรมออนไลน์",
                "body": "",
                "cover": SimpleUploadedFile("ภาพ.jpg", buffer.getvalue(), content_type="image/jpeg"),
                "cover_alt": "",
                "pinned": "on",
                "pinned_until": "30/9/2569",
                "status": "published",
                "publish_at_0": "18/08/2569",
                "publish_at_1": "09:00",
                "slug": "",
                "kmlaas-attachment-content_type-object_id-TOTAL_FORMS": "0",
                "kmlaas-attachment-content_type-object_id-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        item = NewsItem.objects.get()
        assert item.pinned_until == datetime.date(2026, 9, 30)
        assert [w for w, _h, _n in item.cover_renditions] == [480, 960, 1440]
        assert (item.cover_width, item.cover_height) == (1600, 1000)
        change = client.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
        assert "480×270" in change  # the sizes made are shown to the editor

    def test_a_file_that_is_not_an_image_is_refused(self, client, admin_user, category):
        client.force_login(admin_user)
        response = client.post(
            "/admin/news/newsitem/add/",
            {
                "title": "ข่าว",
                "category": category.pk,
                "summary": "สรุป",
                "cover": files.exe("ภาพ.jpg"),
                "status": "draft",
                "publish_at_0": "18/08/2569",
                "publish_at_1": "09:00",
                "kmlaas-attachment-content_type-object_id-TOTAL_FORMS": "0",
                "kmlaas-attachment-content_type-object_id-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "cover" in response.context["adminform"].form.errors
        assert not NewsItem.objects.exists()
