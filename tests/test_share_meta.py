"""What LINE and Facebook read from a page's <head>: Open Graph and Twitter card tags."""

import datetime
import html.parser
import io
import unicodedata
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from downloads.models import Category as FormCategory
from downloads.models import Form
from faq.models import Faq
from kmlaas.pages import PolicyPage
from manuals.models import Category as ManualCategory
from manuals.models import Manual
from news.models import Category as NewsCategory
from news.models import NewsItem
from regulations.models import Agency, Regulation
from updates.models import Update
from webboard import posting
from webboard.models import Room

pytestmark = pytest.mark.django_db

SITE = "http://km.example.go.th"
YESTERDAY = timezone.now() - datetime.timedelta(days=1)
LONG_THAI = "สรุป" + "ผู้ใช้งานที่ได้รับสิทธิ์ต้องตรวจสอบใบผ่านรายการบัญชีทั่วไปก่อนปิดบัญชีสิ้นปีงบประมาณ " * 12


class Head(html.parser.HTMLParser):
    """The <meta> and <link> tags of a page's <head>."""

    def __init__(self, text):
        super().__init__()
        self.meta, self.links, self.in_head = {}, {}, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head:
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link" and self.in_head:
            self.links.setdefault(attrs.get("rel"), attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.WEBBOARD_SITE_URL = SITE


def head(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    return Head(response.content.decode())


def served(client, url):
    assert url.startswith(SITE + "/")
    response = client.get(url.removeprefix(SITE))
    return response.status_code == 200 and response["Content-Type"].startswith("image/")


def cover(width=2000, height=1200):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="cover.png")


def manual(title, **fields):
    category, _ = ManualCategory.objects.get_or_create(name="คู่มือการใช้งานระบบ e-LAAS")
    fields = {"status": "published", "publish_at": YESTERDAY, **fields}
    return Manual.objects.create(title=title, category=category, **fields)


def news(title, **fields):
    category, _ = NewsCategory.objects.get_or_create(name="ข่าวประชาสัมพันธ์")
    fields = {"status": "published", "publish_at": YESTERDAY, "summary": "สรุป", **fields}
    return NewsItem.objects.create(title=title, category=category, **fields)


def regulation(title, summary):
    agency, _ = Agency.objects.get_or_create(name="กองบริหารการคลังท้องถิ่น")
    return Regulation.objects.create(
        title=title, number="มท 0808.4/ว 2625", agency=agency, summary=summary, status="published"
    )


def form(title, summary):
    category, _ = FormCategory.objects.get_or_create(name="แบบฟอร์มผู้ใช้งาน")
    return Form.objects.create(title=title, category=category, description=summary, status="published")


def thread(title, _summary):
    # A member writes the webboard's own markup, not HTML.
    body = "ขั้นตอน **การกันเงิน**\n\nในระบบ e-LAAS"
    room = Room.objects.create(name="ระบบรายจ่าย")
    return posting.create_thread(room=room, author=get_member(), title=title, body=body).thread


def get_member():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email="somchai@example.com", password="s3cret-Passw0rd")


# Each content type: (make a published item from a title and a summary, the og:title expected).
CONTENT = {
    "manual": (lambda t, s: manual(t, summary=s), str),
    "regulation": (regulation, lambda title: f"มท 0808.4/ว 2625 {title}"),
    "faq": (lambda t, s: Faq.objects.create(title=t, answer=f"<p>{s}</p>", status="published"), str),
    "news": (lambda t, s: news(t, summary=s), str),
    "update": (
        lambda t, s: Update.objects.create(
            title=t, summary=s, effective_on=datetime.date(2026, 6, 10), status="published"
        ),
        str,
    ),
    "form": (form, str),
    "thread": (thread, str),
    "policy page": (
        lambda t, s: PolicyPage.objects.create(
            title=t, slug="privacy", body=f"<p>{s}</p>", status="published"
        ),
        str,
    ),
}


@pytest.mark.parametrize("kind", CONTENT)
def test_a_detail_page_is_shared_with_its_thai_title_summary_and_an_image(client, settings, kind):
    settings.WEBBOARD_HOLD_FIRST_POSTS = 0
    make, expected_title = CONTENT[kind]
    item = make("การกันเงินไว้เบิกเหลื่อมปี", "ขั้นตอน&nbsp;การ<b>กันเงิน</b>   ในระบบ e-LAAS")
    page = head(client, item.get_absolute_url())
    tags = page.meta
    assert tags["og:type"] == "article"
    assert tags["og:site_name"] == "คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท."
    assert tags["og:title"] == tags["twitter:title"] == expected_title("การกันเงินไว้เบิกเหลื่อมปี")
    assert tags["og:description"] == tags["twitter:description"] == "ขั้นตอน การกันเงิน ในระบบ e-LAAS"
    assert tags["og:url"] == page.links["canonical"] == SITE + item.get_absolute_url()
    assert tags["og:image"] == tags["twitter:image"]
    assert served(client, tags["og:image"])
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:locale"] == "th_TH"
    assert tags["og:locale:alternate"] == "en_US"
    published = datetime.datetime.fromisoformat(tags["article:published_time"])
    assert abs(published - timezone.now()) < datetime.timedelta(days=2)
    assert datetime.datetime.fromisoformat(tags["article:modified_time"]) >= published


def test_a_page_without_a_picture_is_shared_with_the_portals_own(client):
    tags = head(client, manual("คู่มือ").get_absolute_url()).meta
    assert urlsplit(tags["og:image"]).path.startswith("/static/img/share-default.")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert "KM e-LAAS" in tags["og:image:alt"]
    with open(settings.BASE_DIR / "static/img/share-default.png", "rb") as file, Image.open(file) as image:
        assert image.size == (1200, 630)


def test_news_is_shared_with_its_cover(client):
    item = news("ข่าวมีภาพ", cover=cover(), cover_alt="เจ้าหน้าที่อบรมการใช้งานระบบ")
    tags = head(client, item.get_absolute_url()).meta
    assert urlsplit(tags["og:image"]).path.startswith("/news/covers/")
    assert tags["og:image"] == tags["twitter:image"]
    assert served(client, tags["og:image"])
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1440", "810")
    assert tags["og:image:alt"] == "เจ้าหน้าที่อบรมการใช้งานระบบ"


def test_a_title_with_quotes_and_markup_stays_text(client):
    title = "ระเบียบ \"ใหม่\" <script>alert(1)</script> & 'อื่น ๆ'"
    response = client.get(manual(title, summary="<img src=x onerror=alert(1)>สรุป").get_absolute_url())
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "<img src=x" not in text
    tags = Head(text).meta
    assert tags["og:title"] == tags["twitter:title"] == title
    assert tags["og:description"] == "สรุป"


def test_a_long_thai_summary_is_cut_between_words(client):
    assert unicodedata.category(LONG_THAI[199]) == "Mn"  # where a plain cut would strand a mark
    tags = head(client, manual("คู่มือ", summary=LONG_THAI).get_absolute_url()).meta
    description = tags["og:description"]
    assert description.endswith("…")
    assert 100 < len(description) <= 200
    kept = description.removesuffix("…")
    assert LONG_THAI.startswith(kept)
    following = LONG_THAI[len(kept)]
    # The next character begins a word: no tone mark or vowel was cut off its consonant.
    assert unicodedata.category(following) not in ("Mn", "Mc")
    assert following not in "ะาำ"
    assert kept[-1] not in "เแโใไ"  # nor a vowel written before its consonant left behind


def test_a_body_without_a_summary_is_shared_from_its_start(client):
    item = manual("คู่มือ", body="<h2>บทนำ</h2><p>" + LONG_THAI + "</p>")
    description = head(client, item.get_absolute_url()).meta["og:description"]
    assert description.startswith("บทนำ สรุปผู้ใช้งานที่ได้รับสิทธิ์")
    assert "<" not in description


def test_a_draft_staff_preview_is_not_an_article(client, staff):
    client.force_login(staff)
    tags = head(client, manual("ร่างคู่มือ", status="draft").get_absolute_url()).meta
    assert tags["og:type"] == "website"
    assert "article:published_time" not in tags


@pytest.mark.parametrize("path", ["/", "/manuals/", "/news/", "/webboard/", "/faq/"])
def test_the_home_and_index_pages_are_shared_as_the_website(client, path):
    tags = head(client, path).meta
    assert tags["og:type"] == "website"
    assert "article:published_time" not in tags
    assert tags["og:url"] == SITE + path
    assert tags["og:title"]
    assert tags["twitter:card"] == "summary_large_image"


def test_an_index_page_keeps_its_page_number_but_not_its_filters(client):
    page = head(client, "/manuals/?q=กันเงิน&page=2&utm_source=line")
    assert page.links["canonical"] == page.meta["og:url"] == SITE + "/manuals/?page=2"


def test_a_missing_page_has_no_article_tags(client):
    tags = head(client, "/no-such-page/", status=404).meta
    assert tags["og:type"] == "website"
    assert not [key for key in tags if key.startswith("article:")]


def test_an_english_page_says_so(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tags = head(client, manual("คู่มือ").get_absolute_url()).meta
    assert tags["og:locale"] == "en_US"
    assert tags["og:locale:alternate"] == "th_TH"
    assert tags["og:site_name"] != "คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท."
    assert tags["og:title"] == "คู่มือ"  # the item's own title stays as it was written


@pytest.mark.parametrize("number", ["²", "๒", "9" * 5000, "-3", "1"])
def test_a_page_number_that_is_not_one_is_left_out(client, number):
    assert head(client, f"/manuals/?page={number}").links["canonical"] == SITE + "/manuals/"
