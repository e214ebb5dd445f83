"""A PDF's text and page count are read when it is uploaded, for the site
search; a PDF that cannot be read is still accepted."""

import io
import logging

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kmlaas.attachments import Attachment, read_pdf
from kmlaas.demo_files import pdf_bytes
from tests import files
from tests.library import attach, manual, thai_pdf, word

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "ตั้งแต่วันที่ ๑๐ มิถุนายน ๒๕๖๙ ระบบจะประมวลผลและสร้างใบผ่านรายการจ่ายให้ภายหลัง",
    "ผู้มีอำนาจอนุมัติฎีกาตรวจสอบก่อนบันทึกการจ่ายเงิน",
]


@pytest.fixture
def document():
    return manual("คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน")


def test_the_thai_text_of_an_uploaded_pdf_is_stored_with_its_page_count(document):
    attachment = attach(document, thai_pdf("คู่มือ.pdf", "คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน", PARAGRAPHS))
    attachment.refresh_from_db()
    assert attachment.pages == 1
    assert "คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน" in attachment.text
    # Vowels and tone marks come back in the right order, so searches match.
    assert "สร้างใบผ่านรายการจ่ายให้ภายหลัง" in attachment.text.replace("\n", "")
    assert "ผู้มีอำนาจอนุมัติฎีกา" in attachment.text  # no stray control character after SARA AM


def test_every_page_is_read(document):
    long = pdf_bytes("คู่มือหลายหน้า", [f"ย่อหน้าที่ {n} การปิดบัญชีประจำปี" * 6 for n in range(60)])
    attachment = attach(document, SimpleUploadedFile("ยาว.pdf", long))
    assert attachment.pages == len(pypdf.PdfReader(io.BytesIO(long)).pages) > 1
    assert "ย่อหน้าที่ 59" in attachment.text.replace("\n", "")


def test_the_text_is_read_only_when_the_file_is_uploaded(document, monkeypatch):
    attachment = attach(document, thai_pdf())
    monkeypatch.setattr("kmlaas.attachments.read_pdf", lambda *a, **k: pytest.fail("read again"))
    attachment.title = "ชื่อใหม่"
    attachment.save()


def test_other_kinds_of_file_have_no_text(document):
    attachment = attach(document, word())
    assert (attachment.text, attachment.pages) == ("", None)


def test_a_pdf_that_cannot_be_read_is_still_accepted_and_the_failure_is_logged(document, caplog):
    broken = SimpleUploadedFile("เสีย.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with caplog.at_level(logging.WARNING, logger="kmlaas.attachments"):
        attachment = attach(document, broken)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert (attachment.text, attachment.pages) == ("", None)
    assert "เสีย.pdf" in caplog.text


def test_one_unreadable_page_does_not_lose_the_others(monkeypatch, caplog):
    data = pdf_bytes("สองหน้า", ["ก" * 3000, "หน้าที่สองมีคำว่า กันเงินเหลื่อมปี"])
    original = pypdf.PageObject.extract_text
    calls = []

    def flaky(page, *args, **kwargs):
        calls.append(page)
        if len(calls) == 1:
            raise ValueError("broken content stream")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", flaky)
    with caplog.at_level(logging.WARNING, logger="kmlaas.attachments"):
        text, pages = read_pdf(io.BytesIO(data), "สองหน้า.pdf")
    assert pages == 2
    assert "กันเงินเหลื่อมปี" in text
    assert "page 1" in caplog.text


def test_nul_characters_are_dropped_because_postgresql_text_cannot_hold_them(document, monkeypatch):
    monkeypatch.setattr(pypdf.PageObject, "extract_text", lambda page, *a, **k: "ใบ\x00ผ่านรายการจ่าย")
    attachment = attach(document, thai_pdf())
    attachment.refresh_from_db()
    assert attachment.text == "ใบผ่านรายการจ่าย"


def test_the_minimal_test_pdf_without_an_xref_is_accepted(document):
    attachment = attach(document, files.pdf())
    assert attachment.kind == "pdf"
    assert attachment.text == ""
