"""The admin in Thai end to end: Django's, the third-party apps' and the editor's texts.

Staff publish through the admin and many read little English, so every screen
they meet is checked for English left over (tests/admin_english.py).
"""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from kmlaas.pages import PolicyPage
from kmlaas.taxonomy import Module, Tag
from news.models import Category
from tests.admin_english import ENGLISH_PHRASES, assert_thai_only, english_in, shown_text
from webboard.tasks import notify_watchers

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def _text(response):
    """The page's text without tags: messages embed links to the item."""
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


@pytest.fixture
def thai_admin(client, admin_user):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    return client


@pytest.fixture
def category():
    # An ASCII slug: Thai ones with vowel marks fail the slug check on saving (reported).
    return Category.objects.create(name="ข่าวอบรม", slug="training", description="การอบรมระบบ e-LAAS")


@pytest.fixture
def rows(admin_user, category):
    """One row in the lists where that is cheap: a list with rows shows other
    texts (actions, counts, boolean icons) than an empty one. The other lists
    are checked empty."""
    Module.objects.create(name="รายรับ")
    Tag.objects.create(name="งบประมาณ")
    PolicyPage.objects.create(slug="privacy", title="นโยบายความเป็นส่วนตัว", body="<p>ข้อความ</p>")
    Group.objects.create(name="บรรณาธิการ")
    EmailAddress.objects.create(user=admin_user, email=admin_user.email, verified=True, primary=True)
    notify_watchers.enqueue(0)  # a task result waiting for the worker


def test_the_index_is_all_thai_and_names_the_apps_in_thai(thai_admin, rows):
    html = thai_admin.get("/admin/").content.decode()
    assert_thai_only(html)
    for name in ["งานเบื้องหลัง", "รายการงานเบื้องหลัง", "บัญชีผู้ใช้", "ที่อยู่อีเมล", "กลุ่มผู้ใช้"]:
        assert name in html


@pytest.mark.parametrize("app_label, model_name", MODEL_ADMINS)
def test_every_list_is_all_thai(thai_admin, rows, app_label, model_name):
    response = thai_admin.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200
    assert_thai_only(response.content)


@pytest.mark.parametrize("app_label, model_name", MODEL_ADMINS)
def test_every_add_page_is_all_thai(thai_admin, app_label, model_name):
    response = thai_admin.get(reverse(f"admin:{app_label}_{model_name}_add"))
    if response.status_code == 403:  # adding is not allowed there by design
        pytest.skip("no add page")
    assert response.status_code == 200
    assert_thai_only(response.content)


def test_filters_with_counts_are_thai(thai_admin, admin_user):
    html = thai_admin.get("/admin/kmlaas/user/?_facets=True").content.decode()
    assert_thai_only(html)
    assert "ซ่อนจำนวน" in html and "ล้างตัวกรองทั้งหมด" not in html
    filtered = thai_admin.get("/admin/kmlaas/user/?is_staff__exact=1").content.decode()
    assert_thai_only(filtered)
    assert "แสดงจำนวน" in filtered and "ล้างตัวกรองทั้งหมด" in filtered


def test_date_filters_and_the_autocomplete_are_thai(thai_admin, category):
    html = thai_admin.get("/admin/news/newsitem/").content.decode()
    assert_thai_only(html)
    assert "7 วันที่ผ่านมา" in html
    add = thai_admin.get("/admin/news/newsitem/add/").content.decode()
    assert_thai_only(add)
    # select2, which the autocomplete fields use, gets its Thai texts too.
    assert "admin/js/vendor/select2/i18n/th" in add


def test_the_task_results_list_has_thai_column_heads(thai_admin, rows):
    html = thai_admin.get("/admin/django_tasks_database/dbtaskresult/").content.decode()
    assert_thai_only(html)
    assert "ฟังก์ชันของงาน" in html and "notify_watchers" in html and "รอทำงาน" in html


def test_the_login_page_is_all_thai(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    assert_thai_only(client.get("/admin/login/").content)
    failed = client.post("/admin/login/", {"username": "nobody@example.com", "password": "wrong"})
    assert "กรุณากรอก" in failed.content.decode()
    assert_thai_only(failed.content)


def test_the_password_change_page_is_all_thai(thai_admin):
    assert_thai_only(thai_admin.get("/admin/password_change/").content)
    mismatch = thai_admin.post(
        "/admin/password_change/",
        {"old_password": "wrong", "new_password1": "1234", "new_password2": "5678"},
    )
    assert "รหัสผ่านเดิมไม่ถูกต้อง" in mismatch.content.decode()
    assert_thai_only(mismatch.content)


def test_adding_says_so_in_thai(thai_admin):
    response = thai_admin.post(
        "/admin/news/category/add/", {"name": "ข่าวระบบ", "position": "1", "_addanother": "1"}, follow=True
    )
    assert "เพิ่มหมวดข่าว “ข่าวระบบ” เรียบร้อยแล้ว คุณสามารถเพิ่มหมวดข่าวอีกรายการได้ด้านล่าง" in _text(response)
    assert_thai_only(response.content)


def test_changing_says_so_in_thai(thai_admin, category):
    response = thai_admin.post(
        f"/admin/news/category/{category.pk}/change/",
        {"name": "ข่าวอบรมและสัมมนา", "slug": category.slug, "position": "2", "_continue": "1"},
        follow=True,
    )
    assert "แก้ไขหมวดข่าว “ข่าวอบรมและสัมมนา” เรียบร้อยแล้ว คุณสามารถแก้ไขอีกครั้งได้ด้านล่าง" in _text(response)
    assert_thai_only(response.content)


def test_a_form_with_errors_is_explained_in_thai(thai_admin):
    response = thai_admin.post("/admin/news/category/add/", {"name": "", "position": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    assert "จำเป็นต้องกรอกช่องนี้" in html and "กรุณากรอกจำนวนเต็ม" in html
    assert_thai_only(html)


def test_the_history_of_a_changed_item_is_thai(thai_admin, category):
    thai_admin.post(
        f"/admin/news/category/{category.pk}/change/",
        {"name": category.name, "slug": category.slug, "description": "ใหม่", "position": "3"},
    )
    html = thai_admin.get(f"/admin/news/category/{category.pk}/history/").content.decode()
    assert "แก้ไข คำอธิบาย และ ลำดับ แล้ว" in html
    assert_thai_only(html)


def test_deleting_asks_and_reports_in_thai(thai_admin, category):
    confirm = thai_admin.get(f"/admin/news/category/{category.pk}/delete/").content.decode()
    assert "คุณแน่ใจหรือไม่ว่าต้องการลบหมวดข่าว “ข่าวอบรม”" in confirm
    assert_thai_only(confirm)
    done = thai_admin.post(f"/admin/news/category/{category.pk}/delete/", {"post": "yes"}, follow=True)
    assert "ลบหมวดข่าว “ข่าวอบรม” เรียบร้อยแล้ว" in _text(done)
    assert_thai_only(done.content)


def test_bulk_actions_are_thai(thai_admin, category):
    changelist = "/admin/news/category/"
    nothing = thai_admin.post(changelist, {"action": "delete_selected", "index": "0"}, follow=True)
    assert "ต้องเลือกรายการก่อนจึงจะดำเนินการได้" in nothing.content.decode()
    assert_thai_only(nothing.content)
    confirm = thai_admin.post(
        changelist, {"action": "delete_selected", "_selected_action": [category.pk], "index": "0"}
    )
    assert "คุณแน่ใจหรือไม่ว่าต้องการลบหมวดข่าวที่เลือก" in confirm.content.decode()
    assert_thai_only(confirm.content)


def _po_entries(path):
    """msgid -> msgstr of a .po file, as gettext keys them (context\\x04msgid; (msgid, n) for plurals)."""
    entries, entry, key = {}, {}, None
    for line in [*Path(path).read_text().splitlines(), ""]:
        if match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line):
            key = match[1]
            entry[key] = ast.literal_eval(match[2])
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.strip() and entry:
            msgid = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
            if "msgid_plural" in entry:
                entries |= {(msgid, int(k[7])): v for k, v in entry.items() if k.startswith("msgstr[")}
            elif msgid:
                entries[msgid] = entry["msgstr"]
            entry = {}
    return entries


def test_the_javascript_catalog_is_thai(thai_admin):
    response = thai_admin.get("/admin/jsi18n/")
    body = response.content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)[1])
    admin_js = Path(admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    wanted = {key if isinstance(key, str) else key[0] for key in _po_entries(admin_js)}
    assert wanted - catalog.keys() == set()  # a missing one would show in English
    texts = [v for value in catalog.values() for v in ([value] if isinstance(value, str) else value)]
    assert english_in(texts) == []
    assert catalog["Available %s"] == "%sที่เลือกได้" and catalog["Today"] == "วันนี้"


SIMPLE_HISTORY_TEXTS = [
    "View history: %s",
    "Change history: %s",
    'The %(name)s "%(obj)s" was changed successfully.',
    "You may edit it again below",
    "Revert %s",
    "Created",
    "Changed",
    "Deleted",
    "Choose a date from the list below to revert to a previous version of this object.",
    "This object doesn't have a change history.",
    "Revert %(verbose_name)s",
    "Press the 'Revert' button below to revert to this version of the object.",
    "Press the 'Change History' button below to edit the history.",
    "Object",
    "Comment",
    "Changed by",
    "Change reason",
    "Changes",
    "Revert",
    "Change History",
]


@pytest.mark.parametrize("text", SIMPLE_HISTORY_TEXTS)
def test_the_revision_history_texts_are_thai(text):
    # No model keeps revisions yet, so their screens cannot be opened here;
    # these are every text of django-simple-history's admin screens.
    with translation.override("th"):
        thai = translation.gettext(text)
    assert thai != text and english_in([thai]) == []


def _editor_config(html):
    return json.loads(
        re.search(r'<script id="id_body_script" type="application/json">(.*?)</script>', html)[1]
    )


def test_the_rich_text_editor_is_thai(thai_admin):
    html = thai_admin.get("/admin/kmlaas/policypage/add/").content.decode()
    assert "django_ckeditor_5/dist/translations/th" in html
    config = _editor_config(html)
    assert config["language"] == "th"
    titles = [option["title"] for option in config["heading"]["options"]]
    assert titles == ["ย่อหน้า", "หัวข้อหลัก", "หัวข้อย่อย"]
    assert english_in(titles) == []


def test_the_english_switch_keeps_the_admin_english(client, admin_user, rows):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    index = client.get("/admin/").content.decode()
    assert "Background tasks" in index and "Log out" in index
    html = client.get("/admin/kmlaas/policypage/add/").content.decode()
    config = _editor_config(html)
    assert config["language"] == "en"
    assert [option["title"] for option in config["heading"]["options"]] == [
        "Paragraph",
        "Heading",
        "Subheading",
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_committed_catalogs_are_compiled(language):
    # A fresh machine may have no gettext to compile them, so the .mo files
    # are committed and must say what the .po files say.
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        with open(po.with_suffix(".mo"), "rb") as mo:
            compiled = gettext.GNUTranslations(mo)._catalog
        source = {key: value for key, value in _po_entries(po).items() if value}
        assert {key: value for key, value in compiled.items() if key} == source, po.name


def test_the_check_finds_english_only_where_people_see_it():
    page = """<html><head><title>หน้าแรก</title><style>.Save{}</style></head><body>
    <a href="/admin/Delete/" class="History">ประวัติ</a><script>var x = "Log out";</script>
    <textarea name="body">Text an editor typed</textarea><input type="hidden" value="Yes">
    <input type="submit" value="Save"><span title="Filter">ตัวกรอง</span> Notes about Today</body></html>"""
    found = [phrase for phrase, _text in english_in(shown_text(page))]
    assert found == ["Save", "Filter", "Today"]
    with pytest.raises(AssertionError, match="'Save' in 'Save'"):
        assert_thai_only(page)
    assert len(ENGLISH_PHRASES) == len(set(ENGLISH_PHRASES))
