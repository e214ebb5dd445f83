"""The demo content of the FAQ, news and updates sections."""

import io
from importlib import import_module

import pytest
from django.core.cache import caches

from faq.models import Faq, Topic
from news.models import Banner, NewsItem
from updates.models import Update

pytestmark = pytest.mark.django_db


def load_demos():
    out = io.StringIO()
    for app in ("kmlaas", "manuals", "regulations", "faq", "news", "updates"):
        try:
            demo = import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue  # the manuals demo may not exist yet; the others tolerate that
        demo.load(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demos()
        counts = (
            Faq.objects.count(),
            NewsItem.objects.count(),
            Update.objects.count(),
            Banner.objects.count(),
        )
        load_demos()
        yield counts
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        for alias in ("default", "fragments"):
            caches[alias].clear()


def test_there_is_plenty_of_realistic_content(demo):
    assert Faq.objects.published().count() >= 60
    assert Topic.objects.count() >= 6
    assert NewsItem.objects.published().count() >= 30
    assert Update.objects.published().count() >= 25
    assert Update.objects.published().upcoming().exists()


def test_loading_twice_changes_nothing(demo):
    assert demo == (
        Faq.objects.count(),
        NewsItem.objects.count(),
        Update.objects.count(),
        Banner.objects.count(),
    )


def test_news_has_pinned_scheduled_draft_and_covered_items(demo):
    assert NewsItem.objects.pinned_first().published().first().is_pinned_now
    assert NewsItem.objects.filter(pinned=True, pinned_until__isnull=False).count() >= 2
    assert NewsItem.objects.filter(status="published").exclude(pk__in=NewsItem.objects.published()).exists()
    assert NewsItem.objects.filter(status="draft").exists()
    assert NewsItem.objects.exclude(cover_renditions=[]).count() >= 25
    assert Banner.current()


def test_the_seed_circulars_change_is_an_update_linked_to_both_letters(demo):
    from manuals.models import Manual

    update = Update.objects.get(title__contains="ใบผ่านรายการจ่ายให้ภายหลัง")
    numbers = set(update.regulations.values_list("number_normalized", flat=True))
    assert numbers == {"มท0808.4/ว2625", "นพ0023.5/ว674"}
    assert str(update.effective_on) == "2026-06-10"
    assert update.items.count() >= 1 and update.video_url
    manuals = Manual.objects.filter(title__startswith="คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน")
    if manuals.exists():
        assert list(update.manuals.all()) == [manuals.current().order_by("-publish_at").first()]
    assert {m.name for m in update.modules.all()} >= {"รายจ่าย/ฎีกา"}


def test_voucher_questions_point_to_the_circulars(demo):
    faq = Faq.objects.get(title="บันทึกจ่ายเงินแล้ว ทำไมใบผ่านรายการจ่ายไม่ขึ้นทันที")
    assert faq.regulations.count() == 2
    assert faq.related.exists()


def test_demo_pages_answer(client, demo):
    update = Update.objects.published().first()
    faq = Faq.objects.published().first()
    news = NewsItem.objects.published().first()
    for path in ["/faq/", "/news/", "/updates/", update.get_absolute_url(), faq.get_absolute_url(),
                 news.get_absolute_url(), faq.topic.get_absolute_url(), "/news/archive/2569/"]:  # fmt: skip
        assert client.get(path).status_code == 200, path
