"""The English switch: the portal's own Thai texts have English in the catalog."""

from pathlib import Path

import pytest
from django.conf import settings

from manuals.models import Category, Manual
from news.models import Category as NewsCategory
from tests.test_admin_dates import news_form
from tests.test_admin_thai import _po_entries

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


def test_every_text_of_the_english_catalog_is_translated():
    # An empty or fuzzy entry is left out of the .mo, and the page shows the Thai.
    untranslated = [key for key, value in _po_entries(CATALOG).items() if not value]
    assert untranslated == []
    assert "#, fuzzy" not in CATALOG.read_text()


@pytest.mark.django_db
def test_a_refused_buddhist_era_date_is_explained_in_english(client, admin_user):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    category = NewsCategory.objects.create(name="ข่าวประชาสัมพันธ์")
    response = client.post("/admin/news/newsitem/add/", news_form(category, pinned_until="27/11/2026"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["pinned_until"] == [
        "The year 2026 looks like a CE year — enter the BE year, e.g. 2569"
    ]


@pytest.mark.django_db
def test_the_change_history_of_a_manual_is_headed_in_english(client):
    category = Category.objects.create(name="รายจ่าย")
    manual = Manual.objects.create(title="คู่มือรายจ่าย", category=category, status="published")
    manual._change_reason = "เพิ่มขั้นตอนการยกเลิกฎีกา"
    manual.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(manual.get_absolute_url()).content.decode()
    assert "Change history</h2>" in html and "First published" in html
    assert "ประวัติการปรับปรุง" not in html
