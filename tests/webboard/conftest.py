"""Shared set-up for the webboard and membership tests."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from webboard import posting
from webboard.models import Room


def verify(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def board(settings):
    # Posts appear at once unless a test asks for holding.
    settings.WEBBOARD_HOLD_FIRST_POSTS = 0
    settings.WEBBOARD_POST_LIMIT = 1000
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return Room.objects.create(name="ระบบรายจ่าย", description="ถาม-ตอบเรื่องฎีกาและการจ่ายเงิน")


@pytest.fixture
def asker(member):
    return verify(member)


@pytest.fixture
def other(other_member):
    return verify(other_member)


@pytest.fixture
def moderator(staff):
    return verify(staff)


@pytest.fixture
def question(board, asker):
    return posting.create_thread(
        room=board, author=asker, title="วางฎีกาแล้วระบบแจ้งงบประมาณไม่พอ", body="ทำอย่างไรดีครับ **ด่วน**"
    ).thread


@pytest.fixture
def make_member(db):
    def make(email):
        return verify(get_user_model().objects.create_user(email=email, password="s3cret-Passw0rd"))

    return make
