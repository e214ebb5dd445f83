import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kmlaas.attachments import Attachment
from kmlaas.taxonomy import Module
from regulations.models import Agency, Regulation
from tests import files, page_shell
from tests.admin_forms import form_data
from updates.models import Update, UpdateItem

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(7 * 60)
FILES = "kmlaas-attachment-content_type-object_id"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
PAST = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def on(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def payments():
    return Module.objects.create(name="รายจ่าย/ฎีกา")


@pytest.fixture
def revenue():
    return Module.objects.create(name="รายรับ")


@pytest.fixture
def make(payments):
    def make(title, effective_on, modules=None, changes=(), **fields):
        fields.setdefault("status", Update.Status.PUBLISHED)
        fields.setdefault("publish_at", PAST)
        fields.setdefault("summary", f"สรุป {title}")
        fields.setdefault("announced_on", min(effective_on, datetime.date(2024, 1, 1)))
        update = Update.objects.create(title=title, effective_on=effective_on, **fields)
        update.modules.set(modules if modules is not None else [payments])
        for position, (before, after) in enumerate(changes, start=1):
            UpdateItem.objects.create(update=update, position=position, before=before, after=after)
        return update

    return make


@pytest.fixture
def voucher_change(make):
    return make(
        "ปรับปรุงการบันทึกการจ่ายเงิน: ระบบสร้างใบผ่านรายการจ่ายให้ภายหลัง",
        datetime.date(2026, 6, 10),
        announced_on=datetime.date(2026, 6, 4),
        changes=[
            ("ระบบสร้างใบผ่านรายการจ่ายให้ทันที", "ระบบประมวลผลและสร้างใบผ่านรายการจ่ายให้ภายหลัง"),
            ("พิมพ์ได้ทันทีจากหน้าบันทึกการจ่ายเงิน", "พิมพ์จากเมนูรายการใบผ่านรายการจ่าย"),
        ],
        audience="เจ้าหน้าที่การเงินของ อปท.",
        action="<p>ศึกษาคู่มือเรื่องบันทึกการจ่ายเงิน</p>",
    )


class TestStatus:
    def test_status_follows_the_effective_date_in_thai_time(self, voucher_change):
        with time_machine.travel(on(2026, 6, 9, 23), tick=False):
            assert voucher_change.is_upcoming and voucher_change.days_to_go == 1
            assert str(voucher_change.status_label) == "กำลังจะมีผล"
            assert list(Update.objects.upcoming()) == [voucher_change]
        # 00:30 on 10 June in Bangkok is still 9 June in UTC.
        with time_machine.travel(on(2026, 6, 10, 0) + datetime.timedelta(minutes=30), tick=False):
            assert not voucher_change.is_upcoming
            assert str(voucher_change.status_label) == "มีผลแล้ว"
            assert list(Update.objects.in_effect()) == [voucher_change]


class TestList:
    def test_upcoming_changes_are_highlighted_on_top_until_their_date(self, client, voucher_change, make):
        soon = make("ตรวจเลขที่บัญชีผู้รับเงินก่อนโอน", datetime.date(2026, 7, 1))
        later = make("ใบเสร็จรับเงินอิเล็กทรอนิกส์", datetime.date(2026, 8, 1))
        with time_machine.travel(on(2026, 6, 20), tick=False):
            response = client.get("/updates/")
            assert [u.title for u in response.context["upcoming"]] == [soon.title, later.title]
            assert [u.title for u in response.context["page"].object_list] == [voucher_change.title]
            html = response.content.decode()
            assert "การเปลี่ยนแปลงที่กำลังจะมีผล" in html
            assert html.count("update-row is-upcoming") == 2
            assert "อีก 11 วัน" in html
        with time_machine.travel(on(2026, 7, 1), tick=False):
            response = client.get("/updates/")
            assert [u.title for u in response.context["upcoming"]] == [later.title]
            assert [u.title for u in response.context["page"].object_list] == [
                soon.title,
                voucher_change.title,
            ]

    def test_it_filters_by_module_and_buddhist_era_year(self, client, voucher_change, make, revenue):
        receipts = make("ยกเลิกใบเสร็จต้องระบุเหตุผล", datetime.date(2026, 1, 5), modules=[revenue])
        old = make("เริ่มใช้งาน New e-LAAS", datetime.date(2024, 10, 15))

        def listed(**params):
            response = client.get("/updates/", params)
            return {u.title for u in [*response.context["upcoming"], *response.context["page"].object_list]}

        assert listed(module=revenue.slug) == {receipts.title}
        assert listed(year=2567) == {old.title}
        assert listed(year=2569) == {receipts.title, voucher_change.title}
        assert listed(q="ภายหลัง") == {voucher_change.title}  # words in the changed items are found too
        years = client.get("/updates/").context["years"]
        assert [(y["be_year"], y["count"]) for y in years] == [(2569, 2), (2567, 1)]

    def test_drafts_and_scheduled_updates_are_hidden(self, client, make):
        make("ร่างประกาศ", datetime.date(2026, 1, 1), status=Update.Status.DRAFT)
        make(
            "ประกาศตั้งเวลา",
            datetime.date(2099, 1, 1),
            publish_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        )
        html = client.get("/updates/").content.decode()
        assert "ร่างประกาศ" not in html and "ประกาศตั้งเวลา" not in html

    def test_a_bad_filter_is_ignored_and_post_is_405(self, client, voucher_change):
        assert client.get("/updates/", {"year": "x", "module": "nope"}).status_code == 200
        assert client.post("/updates/").status_code == 405


class TestTimeline:
    def test_all_changes_to_a_module_since_a_year_grouped_by_year(self, client, make, payments, revenue):
        make("ฎีกา 2567", datetime.date(2024, 11, 1), changes=[("เดิม", "ใหม่ 2567")])
        make("ฎีกา 2568", datetime.date(2025, 7, 1))
        make("ฎีกา 2569", datetime.date(2026, 6, 10), changes=[("ทันที", "ภายหลัง")])
        make("รายรับ 2569", datetime.date(2026, 1, 5), modules=[revenue])
        make("ฎีกา 2566", datetime.date(2023, 5, 1))
        response = client.get(f"/updates/module/{payments.slug}/", {"since": 2567})
        years = response.context["years"]
        assert [y["be_year"] for y in years] == [2569, 2568, 2567]
        assert [c.title for y in years for c in y["changes"]] == ["ฎีกา 2569", "ฎีกา 2568", "ฎีกา 2567"]
        html = response.content.decode()
        assert "รายรับ 2569" not in html and "ฎีกา 2566" not in html
        assert "ภายหลัง" in html  # the before → after items are on the timeline
        assert response.context["since_choices"][-1] == 2566
        everything = client.get(f"/updates/module/{payments.slug}/")
        assert len([c for y in everything.context["years"] for c in y["changes"]]) == 4

    def test_unknown_module_is_404(self, client):
        assert client.get("/updates/module/ไม่มี/").status_code == 404


class TestDetail:
    def test_it_shows_numbered_changes_who_acts_and_the_dates_in_buddhist_era(self, client, voucher_change):
        html = client.get(voucher_change.get_absolute_url()).content.decode()
        assert '<ol class="change-list">' in html
        assert html.index("ระบบสร้างใบผ่านรายการจ่ายให้ทันที") < html.index(
            "ระบบประมวลผลและสร้างใบผ่านรายการจ่ายให้ภายหลัง"
        )
        assert "4 มิถุนายน 2569" in html and "10 มิถุนายน 2569" in html
        assert "เจ้าหน้าที่การเงินของ อปท." in html
        assert "ศึกษาคู่มือเรื่องบันทึกการจ่ายเงิน" in html

    def test_linked_circulars_and_manuals_both_ways(self, client, voucher_change):
        from manuals.models import Category, Manual

        agency = Agency.objects.create(name="กองบริหารการคลังท้องถิ่น")
        circular = Regulation.objects.create(
            agency=agency, number="มท ๐๘๐๘.๔/ว ๒๖๒๕", title="การปรับปรุงการบันทึกการจ่ายเงิน", status="published"
        )
        draft = Regulation.objects.create(agency=agency, number="มท 0808.4/ว 1", title="ร่างหนังสือ")
        manual = Manual.objects.create(
            title="คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน",
            category=Category.objects.create(name="คู่มือการใช้งาน"),
            status="published",
        )
        voucher_change.regulations.add(circular, draft)
        voucher_change.manuals.add(manual)
        html = client.get(voucher_change.get_absolute_url()).content.decode()
        assert circular.get_absolute_url() in html and "ร่างหนังสือ" not in html
        assert manual.get_absolute_url() in html
        assert list(circular.updates.all()) == [voucher_change]
        assert list(manual.updates.all()) == [voucher_change]

    def test_a_youtube_clip_is_a_link_card_never_a_frame(self, client, voucher_change):
        voucher_change.video_url = "https://m.youtube.com/watch?v=abc"
        voucher_change.video_title = "การบันทึกการจ่ายเงิน"
        voucher_change.save()
        html = client.get(voucher_change.get_absolute_url()).content.decode()
        assert (
            '<a class="video-card" href="https://m.youtube.com/watch?v=abc" target="_blank" rel="noopener noreferrer">'
        ) in html
        card = html.split('class="video-card"', 1)[1].split("</a>", 1)[0]
        assert "การบันทึกการจ่ายเงิน" in card and "ดูคลิปบน YouTube" in card and "(เปิดในแท็บใหม่)" in card
        assert "<iframe" not in html

    def test_a_clip_on_the_department_site_is_named_by_its_address(self, client, voucher_change):
        voucher_change.video_url = "https://www.dla.go.th/clip/voucher.html"
        voucher_change.save()
        html = client.get(voucher_change.get_absolute_url()).content.decode()
        assert "ชมคลิปวิดีโอประกอบ" in html and "ดูคลิปบน dla.go.th" in html

    def test_an_uploaded_mp4_plays_in_a_video_element(self, client, voucher_change):
        mp4 = SimpleUploadedFile(
            "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4"
        )
        clip = Attachment.objects.create(item=voucher_change, file=mp4, title="คลิปสาธิต")
        Attachment.objects.create(item=voucher_change, file=files.pdf("คู่มือ.pdf"))
        html = client.get(voucher_change.get_absolute_url()).content.decode()
        assert f'<video controls preload="none" src="{clip.get_absolute_url()}?view=1"' in html
        assert f'<a href="{clip.get_absolute_url()}">ดาวน์โหลดคลิป' in html  # as on a manual's page
        assert "คู่มือ.pdf" in html  # other files stay in the file list

    def test_staff_attach_an_mp4_in_the_admin_and_it_plays_on_the_page(self, client, admin_user):
        client.force_login(admin_user)
        data = form_data(client, "/admin/updates/update/add/", "update_form") | {
            "title": "ปรับปรุงหน้าจอรายงาน",
            "summary": "สรุป",
            "announced_on": "4/6/2569",
            "effective_on": "10/6/2569",
            "status": "published",
            "items-0-after": "รายงานเลือกช่วงเดือนได้",
            f"{FILES}-0-file": SimpleUploadedFile("สาธิต.mp4", MP4, content_type="video/mp4"),
        }
        response = client.post("/admin/updates/update/add/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        clip = Update.objects.get().attachments.get()
        assert clip.kind == "video"
        html = client.get(Update.objects.get().get_absolute_url()).content.decode()
        assert f'<video controls preload="none" src="{clip.get_absolute_url()}?view=1"' in html

    def test_staff_attach_an_mp4_to_an_update_already_published(self, client, admin_user, voucher_change):
        client.force_login(admin_user)
        url = f"/admin/updates/update/{voucher_change.pk}/change/"
        data = form_data(client, url, "update_form")
        data[f"{FILES}-0-file"] = SimpleUploadedFile("สาธิต.mp4", MP4, content_type="video/mp4")
        assert client.post(url, data).status_code == 302
        assert voucher_change.attachments.get().kind == "video"

    def test_a_non_https_clip_link_is_refused(self, voucher_change):
        from django.core.exceptions import ValidationError

        voucher_change.video_url = "http://example.com/clip"
        with pytest.raises(ValidationError):
            voucher_change.full_clean()

    def test_drafts_are_404_for_anonymous_and_members_and_previewed_by_staff(
        self, client, member, staff, make
    ):
        draft = make("ร่างประกาศ", datetime.date(2026, 1, 1), status=Update.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(staff)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200 and "ตัวอย่างฉบับร่าง" in response.content.decode()

    def test_wrong_slug_redirects_unknown_is_404_post_is_405(self, client, voucher_change):
        moved = client.get(f"/updates/{voucher_change.pk}/x/")
        assert moved.status_code == 301 and moved["Location"] == voucher_change.get_absolute_url()
        assert client.get("/updates/999999/x/").status_code == 404
        assert client.post(voucher_change.get_absolute_url()).status_code == 405


class TestFeedsAndSitemap:
    def test_rss_and_atom_are_valid(self, client, voucher_change, make):
        make("ร่าง", datetime.date(2026, 1, 1), status=Update.Status.DRAFT)
        rss = ET.fromstring(client.get("/updates/feed/rss/").content)
        items = rss.findall("channel/item")
        assert [i.findtext("title") for i in items] == [voucher_change.title]
        assert "มีผลตั้งแต่ 10 มิถุนายน 2569" in items[0].findtext("description")
        assert items[0].findtext("category") == "รายจ่าย/ฎีกา"
        ns = {"a": "http://www.w3.org/2005/Atom"}
        atom = ET.fromstring(client.get("/updates/feed/atom/").content)
        assert atom.find("a:entry/a:title", ns).text == voucher_change.title

    def test_the_sitemap_lists_published_updates(self, client, voucher_change):
        assert f"/updates/{voucher_change.pk}/" in client.get("/sitemap.xml").content.decode()


class TestQueryCounts:
    @pytest.fixture
    def many(self, make, revenue):
        def many(count, start=0):
            for serial in range(start, start + count):
                make(
                    f"ปรับปรุง {serial}",
                    datetime.date(2024 + serial % 3, 1 + serial % 12, 1 + serial % 28),
                    modules=[revenue],
                    changes=[("เดิม", f"ใหม่ {serial}"), ("เดิม 2", "ใหม่ 2")],
                )

        return many

    @pytest.mark.parametrize(
        ("path", "expected"), [("/updates/", 8), ("/updates/?year=2568", 8), ("timeline", 5)]
    )
    def test_lists_use_a_fixed_number_of_queries(
        self, client, many, revenue, django_assert_num_queries, path, expected
    ):
        path = f"/updates/module/{revenue.slug}/?since=2567" if path == "timeline" else path
        many(9)  # some in effect and some upcoming on 1 June 2568 in every list
        with time_machine.travel(on(2025, 6, 1), tick=False):
            client.get(path)
            with django_assert_num_queries(page_shell.QUERIES + expected):
                client.get(path)
            many(30, start=9)
            with django_assert_num_queries(page_shell.QUERIES + expected):
                client.get(path)

    def test_the_detail_page_uses_a_fixed_number_of_queries(
        self, client, voucher_change, django_assert_num_queries
    ):
        client.get(voucher_change.get_absolute_url())
        with django_assert_num_queries(page_shell.QUERIES + 7):  # the sixth and seventh: files, history
            client.get(voucher_change.get_absolute_url())
        agency = Agency.objects.create(name="กองบริหารการคลังท้องถิ่น")
        for serial in range(5):
            UpdateItem.objects.create(update=voucher_change, before="ก", after=f"ข {serial}")
            voucher_change.regulations.add(
                Regulation.objects.create(agency=agency, number=f"ว {serial}", title="x", status="published")
            )
            voucher_change.modules.add(Module.objects.create(name=f"ระบบ {serial}"))
            Attachment.objects.create(item=voucher_change, file=files.pdf(f"ไฟล์ {serial}.pdf"))
            voucher_change._change_reason = f"เพิ่มรายการที่ {serial}"
            voucher_change.save()
        with django_assert_num_queries(page_shell.QUERIES + 7):
            client.get(voucher_change.get_absolute_url())


class TestSearch:
    def test_the_site_search_finds_an_update_by_words_in_its_changed_items(
        self, client, admin_user, payments
    ):
        client.force_login(admin_user)
        response = client.post(
            "/admin/updates/update/add/",
            {
                "title": "ปรับปรุงการบันทึกการจ่ายเงิน",
                "summary": "สรุป",
                "modules": [payments.pk],
                "announced_on": "4/6/2569",
                "effective_on": "10/6/2569",
                "audience": "",
                "action": "",
                "body": "",
                "video_url": "",
                "video_title": "",
                "status": "published",
                "publish_at_0": "04/06/2569",
                "publish_at_1": "09:00",
                "slug": "",
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "0",
                "items-0-position": "1",
                "items-0-before": "สร้างทันที",
                "items-0-after": "ระบบสร้างใบผ่านรายการจ่ายให้ภายหลัง",
                "kmlaas-attachment-content_type-object_id-TOTAL_FORMS": "0",
                "kmlaas-attachment-content_type-object_id-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        update = Update.objects.get()
        assert update.effective_on == datetime.date(2026, 6, 10)  # entered in the Buddhist Era
        from kmlaas.search import engine

        assert engine.ranked_ids("ใบผ่านรายการจ่าย", "updates") == [update.pk]
