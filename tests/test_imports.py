"""Hostile import files and spreadsheet-safe downloads (issue #14): every bad
cell is a Thai row error and nothing is written, a sheet padded with a
million empty rows is read in moments, imports run as a task whose page only
the importer and those who may import see, and no download carries a live
formula."""

import csv
import io
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from fiscal import importer as fiscal_importer
from fiscal.importer import parse_month
from fiscal.models import Actual
from kmlaas.registry import exports, tabular
from kmlaas.registry import importer as lao_importer
from kmlaas.registry.models import LAO, ImportJob
from kmlaas.registry.tabular import ImportRejected, parse_amount, parse_be_date
from subsidies import importer as subsidies_importer
from subsidies.models import SubsidyItem, Transfer

pytestmark = pytest.mark.django_db

LAO_URL = "/admin/registry/lao/import/"
TRANSFER_URL = "/admin/subsidies/transfer/import/"
ACTUAL_URL = "/admin/fiscal/actual/import/"
LAO_HEADER = [
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "รหัส อปท.",
    "ประเภท อปท.",
    "อปท.",
    "ที่ตั้งสำนักงานเลขที่",
    "หมู่ที่",
    "รหัสไปรษณีย์",
    "ขนาดพื้นที่",
    "LAT",
    "LONG",
    "เว็ปไซต์ของอปท.",
]
GOOD_LAO = [
    "นครพนม",
    "เมืองนครพนม",
    "ในเมือง",
    "6480101",
    "อบต.",
    "อบต.ในเมือง",
    "",
    "",
    "",
    "",
    "17.4",
    "104.78",
    "",
]
TRANSFER_HEADER = subsidies_importer.COLUMNS
LUNCH = "อาหารกลางวัน"
GOOD_TRANSFER = ["2569", "6480101", LUNCH, "1", "มท 0808.2/1", "15/10/2568", "100.00", "20/10/2568", ""]
ACTUAL_HEADER = fiscal_importer.COLUMNS
GOOD_ACTUAL = ["6480101", "ต.ค. 2568", "ภาษีอากร", "100.00", "15/11/2568"]


def csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_bytes(header, rows, far_row=None):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if far_row:
        # One blank-looking cell far down: the sheet now claims far_row rows.
        sheet.cell(row=far_row, column=1, value=" ")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_empty_row_elements(data, count):
    """The XLSX with `count` empty <row> elements after its data, as Excel
    writes a sheet whose rows were formatted all the way down."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = int(re.findall(rb'<row r="(\d+)"', content)[-1]) + 1
                rows = "".join(
                    f'<row r="{n}" ht="15" customHeight="1"/>' for n in range(start, start + count)
                )
                content = content.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
                content = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:M%d"/>' % (start + count), content
                )
            target.writestr(info, content)
    return out.getvalue()


@pytest.fixture
def laos():
    return [
        LAO.objects.create(
            code="6480101", name="อบต.อาจสามารถ", kind="sao", province_id="48", district_id="4801"
        )
    ]


@pytest.fixture
def items():
    return [SubsidyItem.objects.create(name="เงินอุดหนุนอาหารกลางวัน", short_name=LUNCH, position=1)]


def upload(client, url, name, data):
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


@pytest.fixture
def importer_client(client, admin_user, tasks_run_at_once):
    client.force_login(admin_user)
    return client


def _lao_row(**changes):
    row = dict(zip(LAO_HEADER, GOOD_LAO, strict=True))
    row.update(changes)
    return list(row.values())


class TestHostileLAOFiles:
    @pytest.mark.parametrize(
        ("changes", "reason"),
        [
            ({"LAT": "17\x004"}, "NUL"),
            ({"LAT": "999"}, "LAT ต้องอยู่ระหว่าง -90 ถึง 90"),
            ({"LONG": "-999"}, "LAT ต้องอยู่ระหว่าง -90 ถึง 90"),
            ({"LAT": "NaN"}, "พิกัด LAT/LONG ไม่ถูกต้อง"),
            ({"LONG": "inf"}, "พิกัด LAT/LONG ไม่ถูกต้อง"),
            ({"LAT": "-Infinity"}, "พิกัด LAT/LONG ไม่ถูกต้อง"),
            ({"LAT": "1e999999999"}, "พิกัด LAT/LONG ไม่ถูกต้อง"),
            ({"อปท.": "ก" * 201}, "ชื่อ อปท. ยาวเกิน 200 ตัวอักษร"),
            ({"อปท.": "อบต.\x00ใน"}, "NUL"),
            ({"เว็ปไซต์ของอปท.": "www." + "a" * 300 + ".go.th"}, "เว็บไซต์ยาวเกิน 200 ตัวอักษร"),
            ({"ที่ตั้งสำนักงานเลขที่": "9" * 5000}, "ยาวเกิน 2,000 ตัวอักษร"),
        ],
    )
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_bad_cell_is_a_thai_row_error_and_nothing_is_written(
        self, importer_client, changes, reason, fmt
    ):
        rows = [GOOD_LAO, _lao_row(**{"รหัส อปท.": "6480102", **changes})]
        if fmt == "csv":
            data = csv_bytes(LAO_HEADER, rows)
        elif any("\x00" in value for value in changes.values()):
            pytest.skip("an XLSX cannot hold a NUL (XML forbids it)")
        else:
            data = xlsx_bytes(LAO_HEADER, rows)
        html = upload(importer_client, LAO_URL, f"laos.{fmt}", data)
        assert "แถว 3: " in html and reason in html
        assert "ไม่ได้นำเข้า" in html
        assert not LAO.objects.exists()
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED and job.errors[0][0] == 3
        assert not default_storage.exists(job.stored_name)

    def test_a_good_file_is_imported_and_the_stored_upload_removed(self, importer_client):
        html = upload(importer_client, LAO_URL, "laos.csv", csv_bytes(LAO_HEADER, [GOOD_LAO]))
        assert "นำเข้าหรือปรับปรุง อปท. 1 แห่ง" in html
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.DONE and job.finished_at and job.rows_total == 2
        assert not default_storage.exists(job.stored_name)
        assert str(LAO.objects.get().latitude) == "17.400000"


class TestHostileNumbers:
    @pytest.mark.parametrize("amount", ["12\x0034", "NaN", "inf", "-Infinity", "1e999999", "sNaN", "๑๒.๓๔๕"])
    def test_transfer_amounts(self, importer_client, laos, items, amount):
        rows = [GOOD_TRANSFER, [*GOOD_TRANSFER[:3], "2", *GOOD_TRANSFER[4:6], amount, *GOOD_TRANSFER[7:]]]
        html = upload(importer_client, TRANSFER_URL, "t.csv", csv_bytes(TRANSFER_HEADER, rows))
        assert "แถว 3: " in html
        assert not Transfer.objects.exists()

    @pytest.mark.parametrize("amount", ["NaN", "inf", "1e400", "12\x00"])
    def test_actual_amounts(self, importer_client, laos, amount):
        rows = [GOOD_ACTUAL, ["6480101", "พ.ย. 2568", "ภาษีอากร", amount, "15/11/2568"]]
        html = upload(importer_client, ACTUAL_URL, "a.csv", csv_bytes(ACTUAL_HEADER, rows))
        assert "แถว 3: " in html
        assert not Actual.objects.exists()

    def test_a_float_nan_in_an_xlsx(self, importer_client, laos, items):
        rows = [[*GOOD_TRANSFER[:6], float("nan"), *GOOD_TRANSFER[7:]]]
        html = upload(importer_client, TRANSFER_URL, "t.xlsx", xlsx_bytes(TRANSFER_HEADER, rows))
        assert "แถว 2: จำนวนเงินไม่ถูกต้อง" in html
        assert not Transfer.objects.exists()


class TestHugeSheets:
    def test_a_sheet_claiming_a_million_rows_is_read_at_once(self, importer_client, laos, items):
        # Excel's last row; openpyxl will not write beyond it.
        data = xlsx_bytes(TRANSFER_HEADER, [GOOD_TRANSFER], far_row=1_048_576)
        assert len(data) < 20_000
        started = time.monotonic()
        html = upload(importer_client, TRANSFER_URL, "t.xlsx", data)
        assert time.monotonic() - started < 5
        assert "นำเข้าแล้ว: เพิ่ม 1 รายการ" in html
        assert Transfer.objects.count() == 1

    def test_a_million_and_a_half_empty_row_elements(self, importer_client, laos, items):
        data = with_empty_row_elements(xlsx_bytes(TRANSFER_HEADER, [GOOD_TRANSFER]), 1_500_000)
        assert len(data) < 5_000_000
        started = time.monotonic()
        html = upload(importer_client, TRANSFER_URL, "t.xlsx", data)
        assert time.monotonic() - started < 5
        assert "นำเข้าแล้ว: เพิ่ม 1 รายการ" in html
        assert Transfer.objects.count() == 1

    def test_too_many_rows_are_refused_with_a_thai_message(self, importer_client, laos, items, monkeypatch):
        monkeypatch.setattr(tabular, "MAX_ROWS", 3)
        rows = [[*GOOD_TRANSFER[:3], str(n), *GOOD_TRANSFER[4:]] for n in range(1, 6)]
        html = upload(importer_client, TRANSFER_URL, "t.csv", csv_bytes(TRANSFER_HEADER, rows))
        assert "แถว 5: ไฟล์มีข้อมูลเกิน 3 แถว" in html
        assert not Transfer.objects.exists()

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self, importer_client, laos, items, monkeypatch):
        monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED", 10_000)
        data = xlsx_bytes(TRANSFER_HEADER, [GOOD_TRANSFER] * 200)
        html = upload(importer_client, TRANSFER_URL, "t.xlsx", data)
        assert "ใหญ่เกินไปเมื่อแตกไฟล์" in html
        assert not Transfer.objects.exists()

    def test_a_file_that_is_not_a_workbook(self, importer_client, laos, items):
        html = upload(importer_client, TRANSFER_URL, "t.xlsx", b"PK\x03\x04 not really")
        assert "แถว 1: อ่านไฟล์ไม่ได้" in html

    def test_a_csv_that_is_not_utf8(self, importer_client, laos, items):
        html = upload(
            importer_client, TRANSFER_URL, "t.csv", csv_bytes(TRANSFER_HEADER, [])[3:] + b"\xff\xfe\n"
        )
        assert "อ่านไฟล์ไม่ได้ — ต้องเป็น CSV แบบ UTF-8" in html


class TestJobPage:
    @pytest.fixture
    def job(self, importer_client, laos, items):
        upload(importer_client, TRANSFER_URL, "t.csv", csv_bytes(TRANSFER_HEADER, [GOOD_TRANSFER]))
        importer_client.logout()
        return ImportJob.objects.get()

    def url(self, job):
        return f"{TRANSFER_URL}{job.pk}/"

    def test_the_importer_sees_the_result(self, client, admin_user, job):
        client.force_login(admin_user)
        assert "นำเข้าแล้ว: เพิ่ม 1 รายการ" in client.get(self.url(job)).content.decode()

    def test_staff_who_may_import_see_it(self, client, staff, job):
        staff.user_permissions.add(Permission.objects.get(codename="add_transfer"))
        client.force_login(staff)
        assert client.get(self.url(job)).status_code == 200

    def test_other_staff_get_404(self, client, staff, job):
        staff.user_permissions.add(Permission.objects.get(codename="view_transfer"))
        client.force_login(staff)
        assert client.get(self.url(job)).status_code == 404

    def test_members_and_anonymous_are_sent_to_sign_in(self, client, member, job):
        assert client.get(self.url(job)).status_code == 302
        client.force_login(member)
        assert client.get(self.url(job)).status_code == 302

    def test_a_job_is_not_shown_under_another_models_admin(self, client, admin_user, job):
        client.force_login(admin_user)
        assert client.get(f"{ACTUAL_URL}{job.pk}/").status_code == 404
        assert client.get(f"{TRANSFER_URL}999999/").status_code == 404

    def test_a_queued_job_shows_progress_and_reloads_by_a_static_script(self, client, admin_user, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        client.force_login(admin_user)
        response = client.post(TRANSFER_URL, {"file": SimpleUploadedFile("t.csv", b"x")})
        page = client.get(response["Location"]).content.decode()
        assert "รอคิว" in page and "data-import-running" in page
        assert re.search(r'<script src="/static/admin/js/import_progress\.[0-9a-f]+\.js" defer>', page)
        assert "<script>" not in page
        job = ImportJob.objects.get()
        assert default_storage.exists(job.stored_name)


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1",
    "＋1",
    "－1",
    "＠x",
]


class TestSpreadsheetSafeDownloads:
    def rows(self):
        return [[text, Decimal("-12.50"), -5, "-12.50", "มท 0808.2/ว 1"] for text in FORMULAS]

    def test_csv_quotes_every_formula_and_keeps_numbers(self):
        response = exports.respond("csv", "x", ["a", "b", "c", "d", "e"], self.rows())
        text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        assert [row[0] for row in rows] == ["'" + text for text in FORMULAS]
        assert all(row[1:] == ["-12.50", "-5", "-12.50", "มท 0808.2/ว 1"] for row in rows)

    def test_xlsx_writes_text_cells_never_formulas(self):
        response = exports.respond("xlsx", "x", ["=a", "b", "c", "d", "e"], self.rows())
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        header, *rows = list(sheet.iter_rows())
        assert header[0].data_type == "s" and header[0].value == "=a"
        for row, text in zip(rows, FORMULAS, strict=True):
            assert row[0].data_type == "s" and row[0].value.strip() == text.strip()
            assert (row[1].data_type, row[1].value) == ("n", -12.5)
            assert (row[2].data_type, row[2].value) == ("n", -5)
            assert row[3].data_type == "s"
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]

    def test_an_lao_named_like_a_formula_downloads_as_text(self, client, laos, items):
        LAO.objects.filter(code="6480101").update(name='=HYPERLINK("http://evil.example","คลิก")')
        subsidies_importer.save(
            subsidies_importer.parse(io.BytesIO(csv_bytes(TRANSFER_HEADER, [GOOD_TRANSFER])))
        )
        params = {"province": "48", "year": "2569", "table": "laos"}
        text = b"".join(client.get("/subsidies/", {**params, "format": "csv"}).streaming_content).decode()
        assert "'=HYPERLINK" in text
        assert not re.search(r'(^|,|")=HYPERLINK', text, re.M)
        data = b"".join(client.get("/subsidies/", {**params, "format": "xlsx"}).streaming_content)
        cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
        assert any(c.value == '=HYPERLINK("http://evil.example","คลิก")' and c.data_type == "s" for c in cells)
        assert not [c for c in cells if c.data_type == "f"]
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


# Cell parsing never raises: any text is a value or None (a row error).
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
numberish = st.from_regex(r"[-+]?[0-9๐-๙,.eE]{0,20}(inf|nan|NaN|Infinity)?", fullmatch=True)


@given(st.one_of(text, numberish))
def test_amounts_parse_or_are_none(value):
    amount = parse_amount(value)
    assert amount is None or (amount.is_finite() and amount == amount.quantize(Decimal("0.01")))


@given(text)
def test_dates_and_months_parse_or_are_none(value):
    parse_be_date(value)
    parse_month(value)


@given(st.one_of(text, numberish))
def test_coordinates_are_in_range_or_refused(value):
    coordinate = lao_importer._coordinate(value, 90)
    assert coordinate in (None, False) or -90 <= coordinate <= 90


# Few examples: each parse loads the country's 7,436 subdistricts.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(text, min_size=13, max_size=13))
def test_any_lao_row_is_read_or_rejected_with_row_errors(cells):
    _read_or_reject(lao_importer.parse, LAO_HEADER, cells)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(text, numberish), min_size=9, max_size=9))
def test_any_transfer_row_is_read_or_rejected_with_row_errors(cells):
    _read_or_reject(subsidies_importer.parse, TRANSFER_HEADER, cells)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(text, numberish), min_size=5, max_size=5))
def test_any_actual_row_is_read_or_rejected_with_row_errors(cells):
    _read_or_reject(fiscal_importer.parse, ACTUAL_HEADER, cells)


def _read_or_reject(parse, header, cells):
    try:
        parse(io.BytesIO(csv_bytes(header, [cells])), "file.csv")
    except ImportRejected as rejected:
        assert rejected.errors and all(
            isinstance(line, int) and str(reason) for line, reason in rejected.errors
        )
