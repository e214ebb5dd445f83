"""Thai dictionary order for titles, with and without an ICU collation on the server."""

import pytest

from manuals import collation
from manuals.models import Manual
from tests.library import manual

pytestmark = pytest.mark.django_db

# As the Royal Institute dictionary orders them: a leading vowel sorts under
# the consonant after it, and tone marks count only after the letters.
DICTIONARY_ORDER = ["กรม", "ก้อน", "กา", "เกม", "แกะ", "โก", "ไก่", "ขอ", "คน", "งาน", "แบบ"]


def ordered():
    return list(Manual.objects.order_by(collation.thai_order("title"), "id").values_list("title", flat=True))


@pytest.fixture
def shuffled():
    for title in sorted(DICTIONARY_ORDER, key=hash):
        manual(title)


def test_without_icu_a_computed_key_gives_dictionary_order(shuffled, monkeypatch):
    monkeypatch.setattr(collation, "icu_collation", lambda: None)
    assert ordered() == DICTIONARY_ORDER


def test_with_icu_the_server_collation_is_used(shuffled):
    if collation.icu_collation() is None:
        pytest.skip(
            "this PostgreSQL is built without ICU (the embedded server); the fallback is tested above"
        )
    assert ordered() == DICTIONARY_ORDER


def test_the_collation_check_is_asked_once_per_database(django_assert_num_queries):
    collation.icu_collation()
    with django_assert_num_queries(0):
        collation.icu_collation()
