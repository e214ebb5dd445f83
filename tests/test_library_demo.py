"""The demo library: enough realistic documents and forms to try every
filter, with real files, and loading it twice changes nothing. (Each test
loads the demo, which takes a few seconds, so the checks are grouped.)"""

import io

import pytest
from pypdf import PdfReader

from downloads import demo as downloads_demo
from downloads.models import Form
from kmlaas import demo as kmlaas_demo
from kmlaas.attachments import Attachment
from manuals import demo as manuals_demo
from manuals.models import Category, Manual
from regulations.models import Agency, Regulation

pytestmark = pytest.mark.django_db

PAYMENTS = "คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน"


@pytest.fixture
def loaded():
    for demo in (kmlaas_demo, manuals_demo, downloads_demo):
        demo.load(io.StringIO())


def test_the_demo_library(loaded):
    assert Manual.objects.published().count() >= 30
    assert Category.objects.filter(parent__isnull=False).exists()
    assert Form.objects.published().offered().count() >= 10
    assert {"pdf", "word", "excel", "video"} <= set(Attachment.objects.values_list("kind", flat=True))
    pdf = Attachment.objects.filter(kind="pdf").first()
    assert len(PdfReader(pdf.file.open("rb")).pages) == pdf.pages

    newest = Manual.objects.get(title=f"{PAYMENTS} (New e-LAAS)")
    assert newest.attachments.filter(kind="video").exists() and newest.video_links.exists()
    assert Manual.objects.get(title=PAYMENTS).superseded_by == newest
    # Words with SARA AM read back from the PDF as typed, so the search finds them.
    assert "ประมวลผล" in newest.attachments.get(kind="pdf").text

    forms = {f.title: f for f in Form.objects.with_stats()}
    user_codes = forms["แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS"]
    assert (user_codes.freshness, user_codes.version_count) == ("updated", 3)
    assert forms["แบบขอยกเลิกใบผ่านรายการจ่าย (New e-LAAS)"].freshness == "new"


def test_loading_again_changes_nothing_but_links_circulars_added_since(loaded):
    newest = Manual.objects.get(title=f"{PAYMENTS} (New e-LAAS)")
    assert not newest.related_regulations.exists()  # load_demo runs the regulations demo after this one
    circular = Regulation.objects.create(
        number="มท ๐๘๐๘.๔/ว ๒๖๒๕", title="การปรับปรุงการบันทึกการจ่ายเงิน", agency=Agency.objects.create(name="สถ.")
    )
    counts = (
        Manual.objects.count(),
        Form.objects.count(),
        Attachment.objects.count(),
        Category.objects.count(),
    )
    manuals_demo.load(io.StringIO())
    downloads_demo.load(io.StringIO())
    assert (
        Manual.objects.count(),
        Form.objects.count(),
        Attachment.objects.count(),
        Category.objects.count(),
    ) == counts
    assert list(newest.related_regulations.all()) == [circular]
