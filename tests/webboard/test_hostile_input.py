"""What a member sees when a reply link or an attached image is hostile:
the page or a Thai form error, never a server error."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import files
from webboard import posting
from webboard.models import Thread


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png():
    """A 90-byte PNG that declares 20,000 × 20,000 pixels (400 megapixels)."""
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    body = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    return SimpleUploadedFile("ภาพหน้าจอ.png", body, content_type="image/png")


def truncated_png():
    """Every chunk well formed, but the pixel data stops halfway: only decoding finds out."""
    width = height = 64
    raw = b"".join(b"\x00" + bytes((x * y) % 251 for x in range(width * 3)) for y in range(height))
    pixels = zlib.compress(raw)[: len(raw) // 8]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    return SimpleUploadedFile("ภาพหน้าจอ.png", body, content_type="image/png")


def cut_png():
    """A real PNG with its last half missing, as an interrupted download leaves it."""
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(buffer, "PNG")
    data = buffer.getvalue()
    return SimpleUploadedFile("ภาพหน้าจอ.png", data[: len(data) // 2], content_type="image/png")


@pytest.mark.django_db
class TestImageUploads:
    def post(self, client, board, upload):
        return client.post(
            f"/webboard/room/{board.slug}/new/",
            {"title": "ปิดบัญชีสิ้นปีไม่ได้", "body": "ขึ้นข้อความผิดพลาด", "files": [upload]},
        )

    def test_a_decompression_bomb_gets_a_thai_form_error(self, client, board, asker):
        client.force_login(asker)
        response = self.post(client, board, bomb_png())
        assert response.status_code == 200
        assert "รูปภาพมีขนาดใหญ่เกินไป (เกิน 40 ล้านพิกเซล)" in response.content.decode()
        assert not Thread.objects.exists()

    @pytest.mark.parametrize("upload", [truncated_png, cut_png])
    def test_a_truncated_image_gets_a_thai_form_error(self, client, board, asker, upload):
        client.force_login(asker)
        response = self.post(client, board, upload())
        assert response.status_code == 200
        html = response.content.decode()
        assert "เปิดรูปภาพนี้ไม่ได้" in html or "ไฟล์อาจเสียหาย" in html
        assert not Thread.objects.exists()

    def test_a_whole_image_still_gets_its_thumbnail(self, client, board, asker):
        client.force_login(asker)
        assert self.post(client, board, files.png()).status_code == 302
        image = Thread.objects.get().first_post.attachments.get()
        assert client.get(f"/webboard/thumb/{image.pk}/").status_code == 200

    def test_pillow_refuses_more_pixels_than_the_policy(self):
        assert Image.MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.django_db
class TestQuoteParameter:
    @pytest.fixture
    def answer(self, question, other):
        return posting.create_reply(thread=question, author=other, body="ลองปิดงวดก่อนครับ")

    @pytest.mark.parametrize("value", ["abc", "-1", "1.5", str(10**30), "9" * 5000, "๑", " 1"])
    def test_a_hand_edited_quote_is_ignored(self, client, question, answer, asker, value):
        client.force_login(asker)
        response = client.get(f"/webboard/t/{question.pk}/reply/", {"quote": value})
        assert response.status_code == 200
        assert "ลองปิดงวดก่อนครับ" not in response.content.decode()

    def test_a_real_quote_fills_the_reply(self, client, question, answer, asker):
        client.force_login(asker)
        response = client.get(f"/webboard/t/{question.pk}/reply/", {"quote": answer.pk})
        assert response.status_code == 200
        assert "ลองปิดงวดก่อนครับ" in response.content.decode()

    def test_a_hostile_quote_on_a_posted_reply_posts_without_it(self, client, question, answer, asker):
        client.force_login(asker)
        response = client.post(f"/webboard/t/{question.pk}/reply/", {"body": "ขอบคุณครับ", "quote": "x"})
        assert response.status_code == 302
        assert question.posts.get(body="ขอบคุณครับ").quote is None
