import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from hypothesis import given, settings
from hypothesis import strategies as st

from faq.models import Faq, Topic
from kmlaas.slugs import OldSlug, slugify, validate_slug
from kmlaas.taxonomy import Module
from manuals.models import Category


def test_it_breaks_thai_words_with_hyphens_and_keeps_their_marks():
    assert slugify("คู่มือการบันทึกบัญชี") == "คู่มือ-การ-บันทึก-บัญชี"


def test_it_reads_mixed_titles_and_folds_thai_digits():
    slug = slugify("คู่มือ e-LAAS ฉบับ ๒ (ปี 2569)")
    assert slug == "คู่มือ-e-laas-ฉบับ-2-ปี-2569"
    validate_slug(slug)


def test_it_never_returns_an_empty_slug():
    assert slugify("!!! ???") == "item"
    assert slugify("") == "item"


def test_it_cuts_long_titles_at_a_word():
    slug = slugify("การบันทึกบัญชี" * 30, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")
    validate_slug(slug)


def test_the_rule_refuses_what_a_url_cannot_carry():
    for bad in ["มี ช่องว่าง", "a/b", "ก--ข", "-ก", "Upper", "๒๕๖๙", "a\x00b"]:
        with pytest.raises(ValidationError):
            validate_slug(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_title_yields_a_valid_slug(title):
    slug = slugify(title, max_length=120)
    assert 0 < len(slug) <= 120
    validate_slug(slug)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="กขคงจฉชซญฎฏฐดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะัาำิีึืุูเแโใไ็่้๊๋์ ๐๑๒๓", min_size=1))
def test_thai_titles_yield_slugs_that_keep_thai(title):
    slug = slugify(title)
    validate_slug(slug)
    # Django's own check still refuses Thai marks: that is why the field has its own rule.
    if any(mark in slug for mark in "ัิีึืุู็่้๊๋์"):
        with pytest.raises(ValidationError):
            validate_unicode_slug(slug)


@pytest.mark.django_db
class TestOldSlugs:
    def test_a_renamed_topic_redirects_its_old_url(self, client):
        topic = Topic.objects.create(name="การรับเงิน")
        old = topic.get_absolute_url()
        topic.slug = "receipts"
        topic.save()
        response = client.get(old + "?page=2")
        assert response.status_code == 301
        assert response["Location"] == "/faq/topic/receipts/?page=2"
        assert client.get(topic.get_absolute_url()).status_code == 200

    def test_a_slug_that_never_existed_is_404(self, client):
        assert client.get("/faq/topic/ไม่มี-หัวข้อ-นี้/").status_code == 404
        assert client.get("/faq/topic/ก-ข/").status_code == 404
        # A NUL never reaches the slug lookup (RefuseNulMiddleware).
        assert client.get("/faq/topic/a%00b/").status_code == 400
        assert client.get("/webboard/room/a%00b/rss/").status_code == 400

    def test_a_current_slug_wins_over_an_old_one(self, client):
        first = Topic.objects.create(name="ก", slug="shared")
        first.slug = "first"
        first.save()
        second = Topic.objects.create(name="ข", slug="shared")
        response = client.get("/faq/topic/shared/")
        assert response.status_code == 200
        assert second.name in response.content.decode()

    def test_sub_pages_of_a_room_redirect_too(self, client):
        from webboard.models import Room

        room = Room.objects.create(name="ห้องรายจ่าย")
        old_slug = room.slug
        room.slug = "expenses"
        room.save()
        response = client.get(f"/webboard/room/{old_slug}/rss/")
        assert response.status_code == 301
        assert response["Location"] == "/webboard/room/expenses/rss/"

    def test_names_that_make_the_same_slug_get_a_serial(self):
        first = Module.objects.create(name="รายรับ")
        second = Category.objects.create(name="รายรับ")
        third = Category.objects.create(name="รายรับ!")
        assert first.slug == second.slug == "รายรับ"
        assert third.slug == "รายรับ-2"


@pytest.mark.django_db
def test_the_data_migration_repairs_old_slugs_and_keeps_them_working(client):
    repair = importlib.import_module("faq.migrations.0003_repair_slugs").repair
    topic = Topic.objects.create(name="การรับเงินและใบเสร็จ")
    faq = Faq.objects.create(
        title="ยกเลิกใบเสร็จรับเงินได้อย่างไร", topic=topic, answer="<p>ได้</p>", status="published"
    )
    custom = Topic.objects.create(name="อื่น ๆ", slug="other")
    # Slugs as the earlier generator made them: words run together.
    Topic.objects.filter(pk=topic.pk).update(slug="การรับเงินและใบเสร็จ")
    Faq.objects.filter(pk=faq.pk).update(slug="ยกเลิกใบเสร็จรับเงินได้อย่างไร")

    repair(apps, None)

    topic.refresh_from_db()
    faq.refresh_from_db()
    custom.refresh_from_db()
    assert topic.slug == "การ-รับเงิน-และ-ใบเสร็จ"
    assert faq.slug == slugify(faq.title)
    assert custom.slug == "other"  # typed by staff, left alone
    assert OldSlug.objects.filter(slug="การรับเงินและใบเสร็จ", object_id=topic.pk).exists()
    response = client.get("/faq/topic/การรับเงินและใบเสร็จ/")
    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()
    detail = client.get(f"/faq/{faq.pk}/ยกเลิกใบเสร็จรับเงินได้อย่างไร/")
    assert detail.status_code == 301 and detail["Location"] == faq.get_absolute_url()
