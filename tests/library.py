"""Builders for the manuals and downloads tests: documents and forms with
real files, published unless told otherwise."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from downloads.models import Category as FormCategory
from downloads.models import Form, FormVersion
from downloads.office import docx_bytes
from kmlaas.attachments import Attachment
from manuals.demo import pdf_file
from manuals.models import Category, Manual

BROWSER = {"user-agent": "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36"}
LONG_AGO = datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.UTC)


def category(name, parent=None):
    return Category.objects.get_or_create(name=name, parent=parent)[0]


def manual(title, category_=None, **fields):
    fields.setdefault("status", Manual.Status.PUBLISHED)
    fields.setdefault("publish_at", LONG_AGO)
    return Manual.objects.create(title=title, category=category_ or category("คู่มือทั่วไป"), **fields)


def thai_pdf(name="คู่มือ.pdf", title="คู่มือ", paragraphs=("ใบผ่านรายการจ่าย",)):
    return SimpleUploadedFile(name, pdf_file(name, title, paragraphs).read(), content_type="application/pdf")


def word(name="แบบฟอร์ม.docx", title="แบบฟอร์ม"):
    return SimpleUploadedFile(name, docx_bytes(title, ["ชื่อ-สกุล ........"]))


def attach(item, upload, **fields):
    return Attachment.objects.create(item=item, file=upload, **fields)


def form_category(name="ผู้ใช้งานและรหัสผ่าน"):
    return FormCategory.objects.get_or_create(name=name)[0]


def form(title, category_=None, **fields):
    fields.setdefault("status", Form.Status.PUBLISHED)
    fields.setdefault("publish_at", LONG_AGO)
    return Form.objects.create(title=title, category=category_ or form_category(), **fields)


def version(form_, label, released_on, formats=("docx", "pdf")):
    made = FormVersion.objects.create(form=form_, label=label, released_on=released_on)
    for position, extension in enumerate(formats):
        upload = word(f"{form_.title}.docx") if extension == "docx" else thai_pdf(f"{form_.title}.pdf")
        attach(made, upload, position=position)
    return made
