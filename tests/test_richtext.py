"""Rich text written by department staff in CKEditor: what is stored and what is shown."""

import re
from pathlib import Path

import pytest
from django.utils.html import strip_tags

from kmlaas.richtext import clean, sanitize
from manuals.models import Manual
from news.models import Category as NewsCategory
from news.models import NewsItem
from regulations.models import Agency, Regulation
from tests.admin_forms import form_data
from tests.library import category, manual

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "richtext_samples"
# Clipboard HTML as Word (Windows and Mac) and Firefox's PDF viewer put it there, and
# what CKEditor 5 (PasteFromOffice) sent to the server after the Windows sample was pasted in.
PASTED = [
    "word-clipboard-windows.html",
    "word-clipboard-mac.html",
    "pdf-text-layer.html",
    "ckeditor-after-word-paste.html",
]
# What must not survive a paste from Word or a PDF.
LEFTOVERS = ["Mso", "mso-", "<o:p", "<font", "<span", "style=", "lang=", "<!--", "[if", "<meta", "file:"]
LEFTOVERS += ["@font-face", "WordDocument", "<p>&nbsp;</p>", "<p></p>", 'role="presentation"', "<a>", "data-"]

IMAGE = '<figure class="image"><img src="/media/editor/screen.png"{alt}></figure><p>หน้าจอบันทึกฎีกา</p>'
NO_ALT_MESSAGE = "ใส่คำอธิบายภาพ (ข้อความแทนภาพ) ให้รูปที่"


def sample(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


def words(html):
    return "".join(strip_tags(html).replace("&nbsp;", "").replace("&gt;", ">").split())


class TestPastedFromWordAndPdf:
    @pytest.mark.parametrize("name", PASTED)
    def test_only_allowed_markup_is_stored_and_no_word_is_lost(self, name):
        stored = Manual.objects.create(title="คู่มือ", category=category("ทั่วไป"), body=sample(name))
        body = Manual.objects.get(pk=stored.pk).body
        assert [leftover for leftover in LEFTOVERS if leftover in body] == []
        pasted_words = words(re.sub(r"(?s)<head>.*</head>|<!--.*?-->|&nbsp;", "", sample(name)))
        assert words(body) == pasted_words.replace("\u200b", "")

    def test_word_paragraphs_tables_lists_and_links_keep_their_structure(self):
        assert clean(sample("word-clipboard-windows.html")) == (
            "<p><b>ขั้นตอนการบันทึกขอเบิกเงิน</b></p>\n"
            "<p>1. เลือกเมนู\n<b>รายจ่าย</b> &gt; <i>ขอเบิกเงิน</i></p>\n"
            "<p>2. กรอกเลขที่ฎีกาและกด\nบันทึก</p>\n"
            "<table>\n<tbody><tr>\n<td>\n<p><b>ประเภทรายจ่าย</b></p>\n</td>\n<td>\n<p><b>เอกสารประกอบ</b></p>\n</td>\n</tr>\n"
            "<tr>\n<td>\n<p>ค่าวัสดุ</p>\n</td>\n<td>\n<p>ใบส่งของ\n  ใบตรวจรับ</p>\n</td>\n</tr>\n</tbody></table>\n"
            '<p>ดูเพิ่มเติมที่\n<a href="https://www.dla.go.th/">เว็บไซต์กรม</a></p>'
        )
        mac = clean(sample("word-clipboard-mac.html"))
        assert "<h2>๑. การกันเงินไว้เบิกเหลื่อมปี</h2>" in mac
        assert "<ul>\n<li>ฎีกาที่ค้างจ่าย</li>\n<li>สัญญาที่ยังไม่ได้ตรวจรับ</li>\n</ul>" in mac
        assert "ในระบบ ภายในวันที่ ๓๐ กันยายน ตามหนังสือ" in mac  # Word's tab of no-break spaces is one space

    def test_a_single_no_break_space_is_kept_so_a_letter_number_does_not_wrap(self):
        assert clean("<p>ที่ มท 0808.4/ว&nbsp;2625</p>") == "<p>ที่ มท 0808.4/ว&nbsp;2625</p>"

    @pytest.mark.parametrize("name", PASTED)
    def test_cleaning_what_was_stored_changes_nothing(self, name):
        stored = clean(sample(name))
        assert clean(stored) == stored

    def test_the_admin_stores_a_pasted_word_body_clean(self, client, admin_user):
        client.force_login(admin_user)
        data = form_data(client, "/admin/manuals/manual/add/", "manual_form")
        data |= {"title": "การกันเงินไว้เบิกเหลื่อมปี", "category": category("ทั่วไป").pk}
        data["body"] = sample("word-clipboard-mac.html")
        assert client.post("/admin/manuals/manual/add/", data).status_code == 302
        assert Manual.objects.get().body == clean(sample("word-clipboard-mac.html"))

    def test_a_word_picture_left_on_the_computer_is_refused_with_how_to_upload_it(self, client, admin_user):
        # CKEditor keeps Word's file:///C:/… address when the clipboard has no copy of the picture.
        client.force_login(admin_user)
        data = form_data(client, "/admin/manuals/manual/add/", "manual_form")
        data |= {"title": "ขั้นตอนการขอเบิกเงิน", "category": category("ทั่วไป").pk}
        data["body"] = sample("ckeditor-after-word-paste.html")
        response = client.post("/admin/manuals/manual/add/", data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "รูปที่ 1 ในช่องนี้ยังเป็นไฟล์ในเครื่องคอมพิวเตอร์ของคุณ" in page
        assert "‘อัปโหลดภาพจากคอมพิวเตอร์’" in page  # the upload button's name in CKEditor
        assert not Manual.objects.exists()


@pytest.fixture
def add_pages():
    """Each section's admin "add" page with what its required fields need."""
    return {
        "manual": ("/admin/manuals/manual/add/", "manual_form", {"category": category("ทั่วไป").pk}),
        "news": (
            "/admin/news/newsitem/add/",
            "newsitem_form",
            {"category": NewsCategory.objects.create(name="ข่าว").pk, "summary": "สรุป"},
        ),
        "regulation": (
            "/admin/regulations/regulation/add/",
            "regulation_form",
            {"agency": Agency.objects.create(name="กองบริหารการคลังท้องถิ่น").pk, "number": "มท 0808.4/ว 1"},
        ),
    }


MODELS = {"manual": Manual, "news": NewsItem, "regulation": Regulation}


class TestImagesNeedAltText:
    @pytest.mark.parametrize("section", MODELS)
    @pytest.mark.parametrize("alt", ["", ' alt=""', ' alt="   "'])
    def test_an_image_without_alt_text_is_refused_with_the_way_to_add_it(
        self, client, admin_user, add_pages, section, alt
    ):
        client.force_login(admin_user)
        url, form_id, required = add_pages[section]
        data = form_data(client, url, form_id) | required | {"title": "วิธีบันทึกฎีกา"}
        data["body"] = IMAGE.format(alt=alt)
        response = client.post(url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert f"{NO_ALT_MESSAGE} 1 ในช่องนี้" in page
        assert "ปุ่ม ALT (‘เปลี่ยนข้อความเมื่อไม่พบรูป’) ในแถบเครื่องมือรูปภาพ" in page  # as CKEditor labels it
        assert not MODELS[section].objects.exists()

    @pytest.mark.parametrize("section", MODELS)
    def test_an_image_with_alt_text_is_saved(self, client, admin_user, add_pages, section):
        client.force_login(admin_user)
        url, form_id, required = add_pages[section]
        data = form_data(client, url, form_id) | required | {"title": "วิธีบันทึกฎีกา"}
        data["body"] = IMAGE.format(alt=' alt="หน้าจอบันทึกฎีกา ปุ่มบันทึกอยู่มุมขวาล่าง"')
        response = client.post(url, data)
        assert response.status_code == 302
        assert 'alt="หน้าจอบันทึกฎีกา ปุ่มบันทึกอยู่มุมขวาล่าง"' in MODELS[section].objects.get().body

    def test_the_message_names_every_image_without_alt_text(self, client, admin_user, add_pages):
        client.force_login(admin_user)
        url, form_id, required = add_pages["manual"]
        data = form_data(client, url, form_id) | required | {"title": "วิธีบันทึกฎีกา"}
        data["body"] = IMAGE.format(alt="") + IMAGE.format(alt=' alt="ปุ่มบันทึก"') + IMAGE.format(alt="")
        assert f"{NO_ALT_MESSAGE} 1, 3 ในช่องนี้" in client.post(url, data).content.decode()

    def test_an_image_stored_before_the_rule_is_shown_as_decorative(self, client):
        item = manual("คู่มือเก่า")
        Manual.objects.filter(pk=item.pk).update(body='<p><img src="/media/editor/old.png">รูปเก่า</p>')
        html = client.get(item.get_absolute_url()).content.decode()
        assert '<img src="/media/editor/old.png" alt="">' in html

    def test_a_picture_without_a_usable_address_is_never_stored_or_shown_broken(self):
        assert clean('<p><img width="400" src="file:///C:/Users/x/clip_image002.jpg">ภาพ</p>') == "<p>ภาพ</p>"


class TestTables:
    CKEDITOR_TABLE = (
        '<figure class="table"><table><thead><tr><th>ประเภทรายจ่าย</th><th>เอกสารประกอบ</th></tr></thead>'
        "<tbody><tr><td>ค่าวัสดุ</td><td>ใบส่งของ ใบตรวจรับ</td></tr></tbody></table>"
        "<figcaption>เอกสารประกอบฎีกา</figcaption></figure>"
    )

    def test_a_table_scrolls_in_its_own_named_region_on_the_public_page(self, client):
        item = manual("คู่มือการวางฎีกา", body=self.CKEDITOR_TABLE + "<table><tr><td>ก</td></tr></table>")
        html = client.get(item.get_absolute_url()).content.decode()
        assert (
            '<figure class="table"><div class="table-scroll" role="region" tabindex="0" '
            'aria-label="เอกสารประกอบฎีกา"><table><thead><tr><th>ประเภทรายจ่าย</th>'
        ) in html
        assert "</tbody></table></div><figcaption>เอกสารประกอบฎีกา</figcaption></figure>" in html
        # A pasted table without a caption is numbered, so two regions never share a name.
        assert '<div class="table-scroll" role="region" tabindex="0" aria-label="ตารางที่ 1"><table>' in html

    def test_a_table_inside_a_table_gets_no_second_scroll_region(self):
        html = sanitize(
            "<table><caption>นอก</caption><tr><td><table><tr><td>ใน</td></tr></table></td></tr></table>"
        )
        assert html.count('class="table-scroll"') == 1 and html.endswith(
            "</table></td></tr></tbody></table></div>"
        )

    def test_a_caption_cannot_break_out_of_the_region_label(self):
        html = sanitize('<table><caption>" onfocus="alert(1)</caption><tr><td>x</td></tr></table>')
        assert 'aria-label="&quot; onfocus=&quot;alert(1)"' in html


class TestStillSafe:
    def test_scripts_handlers_styles_and_javascript_links_are_removed(self):
        html = sanitize(
            '<p style="color:red" onclick="x()">ก<script>alert(1)</script>'
            '<a href="javascript:alert(1)">ลิงก์</a><img src="/a.png" alt="ก" onerror="x()"></p>'
        )
        assert html == '<p>กลิงก์<img src="/a.png" alt="ก"></p>'
