import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from kmlaas.registry.models import LAO
from kmlaas.registry.tabular import ImportRejected
from subsidies import importer
from subsidies.models import SubsidyItem, SubsidyTotal, Transfer

pytestmark = pytest.mark.django_db

HEADER = ["ปีงบประมาณ", "รหัส อปท.", "รายการ", "งวดที่", "เลขที่หนังสือ", "ลงวันที่", "จำนวนเงิน", "วันที่โอน", "สถานะ"]
LUNCH = "เงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารกลางวัน"
MILK = "เงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารเสริม (นม)"


@pytest.fixture
def items():
    return [
        SubsidyItem.objects.create(name=LUNCH, short_name="อาหารกลางวัน", position=1),
        SubsidyItem.objects.create(name=MILK, short_name="อาหารเสริม (นม)", position=2),
    ]


@pytest.fixture
def laos():
    return [
        LAO.objects.create(
            code="6480101",
            name="องค์การบริหารส่วนตำบลอาจสามารถ",
            kind="sao",
            province_id="48",
            district_id="4801",
        ),
        LAO.objects.create(
            code="5480102", name="เทศบาลตำบลหนองญาติ", kind="tambon", province_id="48", district_id="4801"
        ),
        LAO.objects.create(
            code="6480201", name="องค์การบริหารส่วนตำบลปลาปาก", kind="sao", province_id="48", district_id="4802"
        ),
        LAO.objects.create(
            code="6500101", name="องค์การบริหารส่วนตำบลสุเทพ", kind="sao", province_id="50", district_id="5001"
        ),
    ]


def csv_file(rows, bom=True):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return io.BytesIO((("\ufeff" if bom else "") + out.getvalue()).encode())


def xlsx_file(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


GOOD = [
    ["2569", "6480101", LUNCH, "1", "มท 0808.2/1234", "15/10/2568", "1,234,567.89", "20/10/2568", "โอนแล้ว"],
    ["2569", "6480101", LUNCH, "2", "มท 0808.2/2345", "๑๕ มกราคม ๒๕๖๙", "0.10", "", ""],
    ["2569", "6480101", MILK, "1", "มท 0808.2/1235", "15 ต.ค. 2568", "0.20", "30/9/2569", ""],
    ["2569", "5480102", "อาหารกลางวัน", "1", "", "", "1000", "1/10/2568", ""],
]


def load(rows):
    return importer.save(importer.parse(csv_file(rows), "transfers.csv"))


class TestImporter:
    def test_a_good_file_is_imported_with_thai_dates_and_digits(self, items, laos):
        assert load(GOOD) == (4, 0)
        first = Transfer.objects.get(lao__code="6480101", item__name=LUNCH, round=1)
        assert first.amount == Decimal("1234567.89")
        assert first.letter_date.isoformat() == "2025-10-15"
        assert first.status == Transfer.Status.TRANSFERRED
        second = Transfer.objects.get(lao__code="6480101", item__name=LUNCH, round=2)
        assert second.letter_date.isoformat() == "2026-01-15"
        assert second.status == Transfer.Status.ALLOCATED and second.transfer_date is None

    def test_the_same_rows_from_xlsx(self, items, laos):
        rows = [[int(r[0]), r[1], r[2], int(r[3]), r[4], r[5], r[6], r[7], r[8]] for r in GOOD]
        rows[3][6] = 1000.1  # Excel keeps numbers as floats
        assert importer.save(importer.parse(xlsx_file(rows), "transfers.xlsx")) == (4, 0)
        assert Transfer.objects.get(lao__code="5480102").amount == Decimal("1000.10")

    def test_reimporting_the_same_file_changes_nothing_and_a_corrected_amount_updates(self, items, laos):
        load(GOOD)
        assert load(GOOD) == (0, 0)
        changed = [row[:] for row in GOOD]
        changed[1][6] = "0.11"
        assert load(changed) == (0, 1)
        assert Transfer.objects.count() == 4

    @pytest.mark.parametrize(
        "column, value, reason",
        [
            (1, "9999999", "ไม่พบรหัส อปท."),
            (6, "12.345", "จำนวนเงินไม่ถูกต้อง"),
            (6, "หนึ่งพัน", "จำนวนเงินไม่ถูกต้อง"),
            (6, "-5", "จำนวนเงินไม่ถูกต้อง"),
            (5, "32/13/2568", "ไม่ใช่วันที่ พ.ศ."),
            (5, "15/10/2025", "ไม่ใช่วันที่ พ.ศ."),
            (0, "69", "ปีงบประมาณ"),
            (2, "เงินอื่น", "ไม่รู้จักรายการ"),
            (3, "ก", "งวดที่"),
            (8, "ค้างโอน", "ไม่รู้จักสถานะ"),
        ],
    )
    def test_each_bad_row_is_reported_with_its_line_and_nothing_is_imported(
        self, items, laos, column, value, reason
    ):
        rows = [row[:] for row in GOOD]
        rows[2][column] = value
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file(rows))
        assert [line for line, _ in rejected.value.errors] == [4]
        assert reason in rejected.value.errors[0][1]
        assert not Transfer.objects.exists()

    def test_a_duplicate_row_names_the_first_one(self, items, laos):
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file([*GOOD, GOOD[0]]))
        assert rejected.value.errors == [(6, "ซ้ำกับบรรทัด 2 (อปท. รายการ งวด และปีงบประมาณเดียวกัน)")]

    def test_the_fiscal_year_runs_from_1_october_to_30_september(self, items, laos):
        rows = [row[:] for row in GOOD]
        rows[2][7] = "1/10/2569"  # the first day of fiscal year 2570
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file(rows))
        assert rejected.value.errors[0][0] == 4
        assert "ไม่อยู่ในปีงบประมาณ 2569" in rejected.value.errors[0][1]
        rows[2][7] = "30/9/2569"
        rows[3][7] = "30/9/2568"  # the last day of 2568
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file(rows))
        assert [line for line, _ in rejected.value.errors] == [5]

    def test_every_bad_row_is_listed_not_just_the_first(self, items, laos):
        rows = [row[:] for row in GOOD]
        rows[0][1] = "0000000"
        rows[3][6] = "x"
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file(rows))
        assert [line for line, _ in rejected.value.errors] == [2, 5]

    def test_a_file_without_a_bom_or_with_a_missing_column(self, items, laos):
        assert importer.parse(csv_file(GOOD, bom=False))
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(io.BytesIO("ปีงบประมาณ,รหัส อปท.\n2569,6480101\n".encode()))
        assert rejected.value.errors[0][0] == 1 and "จำนวนเงิน" in rejected.value.errors[0][1]

    def test_totals_are_refreshed_after_an_import(self, items, laos):
        load(GOOD)
        nation = SubsidyTotal.objects.filter(scope="nation", fiscal_year=2569)
        assert sum(t.amount for t in nation) == Decimal("1235567.89") + Decimal("0.30")

    def test_command_reports_bad_rows(self, items, laos, tmp_path):
        from django.core.management import CommandError, call_command

        path = tmp_path / "bad.csv"
        path.write_bytes(csv_file([[*GOOD[0][:6], "x", *GOOD[0][7:]]]).getvalue())
        with pytest.raises(CommandError, match="แถว 2"):
            call_command("import_transfers", str(path))
        path.write_bytes(csv_file(GOOD).getvalue())
        out = io.StringIO()
        call_command("import_transfers", str(path), stdout=out)
        assert "4 transfers added" in out.getvalue()


@pytest.fixture
def transfers(items, laos):
    rows = [
        ["2569", "6480101", LUNCH, "1", "มท 0808.2/1", "15/10/2568", "100.01", "20/10/2568", ""],
        ["2569", "6480101", LUNCH, "2", "มท 0808.2/2", "15/1/2569", "100.02", "20/1/2569", ""],
        ["2569", "6480101", MILK, "1", "มท 0808.2/3", "15/10/2568", "0.07", "", ""],
        ["2569", "5480102", LUNCH, "1", "", "", "10.00", "", ""],
        ["2569", "6480201", LUNCH, "1", "", "", "20.00", "", ""],
        ["2569", "6500101", LUNCH, "1", "", "", "99.99", "", ""],
        ["2568", "6480101", LUNCH, "1", "", "", "150.00", "", ""],
    ]
    load(rows)


class TestLookup:
    def test_an_lao_shows_its_transfers_item_totals_and_the_previous_year(self, client, transfers):
        response = client.get(
            "/subsidies/", {"province": "48", "district": "4801", "lao": "6480101", "year": "2569"}
        )
        assert response.status_code == 200
        listing, by_item = response.context["tables"]
        assert [row[-1] for row in listing.rows] == [Decimal("100.01"), Decimal("100.02"), Decimal("0.07")]
        assert listing.footer[-1] == Decimal("200.10")
        lunch = by_item.rows[0]
        assert lunch[:4] == ["อาหารกลางวัน", Decimal("200.03"), Decimal("150.00"), Decimal("50.03")]
        assert by_item.footer[1] == Decimal("200.10")
        html = response.content.decode()
        assert "200.10" in html and "มท 0808.2/2" in html and "15 ม.ค. 2569" in html

    def test_a_district_lists_every_lao_with_its_total(self, client, transfers):
        response = client.get("/subsidies/", {"province": "48", "district": "4801", "year": "2569"})
        laos = response.context["tables"][0]
        assert {str(row[0]): row[2] for row in laos.rows} == {
            "องค์การบริหารส่วนตำบลอาจสามารถ": Decimal("200.10"),
            "เทศบาลตำบลหนองญาติ": Decimal("10.00"),
        }
        assert laos.footer[2] == Decimal("210.10")

    def test_a_province_totals_by_lao_and_item(self, client, transfers):
        response = client.get("/subsidies/", {"province": "48", "year": "2569"})
        laos, by_item = response.context["tables"]
        assert laos.footer[3] == Decimal("230.10")
        assert by_item.footer[1] == Decimal("230.10") and by_item.footer[2] == Decimal("150.00")

    def test_the_whole_country_by_province(self, client, transfers):
        response = client.get("/subsidies/", {"year": "2569"})
        provinces, by_item = response.context["tables"]
        totals = {str(row[0]): row[1] for row in provinces.rows}
        assert totals["นครพนม"] == Decimal("230.10") and totals["เชียงใหม่"] == Decimal("99.99")
        assert by_item.footer[1] == Decimal("330.09")

    def test_the_current_fiscal_year_is_the_default(self, client, transfers, time_machine):
        time_machine.move_to("2026-09-30 12:00 +07:00")
        assert client.get("/subsidies/").context["year"] == 2569
        time_machine.move_to("2026-10-01 12:00 +07:00")
        assert client.get("/subsidies/").context["year"] == 2570

    def test_post_is_not_allowed(self, client):
        assert client.post("/subsidies/").status_code == 405


class TestDownloads:
    params = {"province": "48", "district": "4801", "lao": "6480101", "year": "2569"}

    def test_csv_parses_back_to_the_same_numbers(self, client, transfers):
        response = client.get("/subsidies/", {**self.params, "format": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert rows[0][-1] == "จำนวนเงิน (บาท)"
        assert [Decimal(r[-1]) for r in rows[1:-1]] == [Decimal("100.01"), Decimal("100.02"), Decimal("0.07")]
        assert Decimal(rows[-1][-1]) == Decimal("200.10")

    def test_xlsx_parses_back_to_the_same_numbers(self, client, transfers):
        response = client.get("/subsidies/", {**self.params, "format": "xlsx", "table": "items"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "รายการ"
        assert Decimal(str(rows[1][1])) == Decimal("200.03")
        assert Decimal(str(rows[-1][1])) == Decimal("200.10")

    def test_json_parses_back_to_the_same_numbers(self, client, transfers):
        response = client.get(
            "/subsidies/", {"province": "48", "year": "2569", "format": "json", "table": "laos"}
        )
        data = json.loads(b"".join(response.streaming_content))
        assert data["columns"][0] == "อปท."
        assert (
            sum(Decimal(row[3]) for row in data["rows"][:-1])
            == Decimal(data["rows"][-1][3])
            == Decimal("230.10")
        )

    @pytest.mark.parametrize("params", [{"format": "pdf"}, {"format": "csv", "table": "nope"}])
    def test_unknown_format_or_table_is_404(self, client, transfers, params):
        assert client.get("/subsidies/", params).status_code == 404


class TestQueryCounts:
    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"province": "48"},
            {"province": "48", "district": "4801"},
            {"province": "48", "district": "4801", "lao": "6480101"},
        ],
    )
    def test_queries_do_not_grow_with_the_data(self, client, transfers, params):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/subsidies/", {**params, "year": "2569"}).status_code == 200
            return len(queries)

        count()  # the first request of a session warms up caches
        before = count()
        for n in range(10):
            LAO.objects.create(
                code=f"64801{n + 10}", name=f"อบต.ทดสอบ{n}", kind="sao", province_id="48", district_id="4801"
            )
        load(
            [
                ["2569", f"64801{n + 10}", LUNCH, str(r), "", "", "5.00", "", ""]
                for n in range(10)
                for r in (1, 2)
            ]
        )
        assert count() == before


class TestAdminImport:
    url = "/admin/subsidies/transfer/import/"

    def test_bad_rows_are_listed_and_a_good_file_is_imported(
        self, client, admin_user, items, laos, tasks_run_at_once
    ):
        client.force_login(admin_user)
        assert "นำเข้าจากไฟล์" in client.get("/admin/subsidies/transfer/").content.decode()
        bad = csv_file([[*GOOD[0][:6], "x", *GOOD[0][7:]]]).getvalue()
        response = client.post(self.url, {"file": SimpleUploadedFile("t.csv", bad, "text/csv")}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200 and "จำนวนเงินไม่ถูกต้อง" in html and "<td>2</td>" in html
        assert "แถว 2: จำนวนเงินไม่ถูกต้อง" in html
        assert not Transfer.objects.exists()
        good = xlsx_file([[int(r[0]), r[1], r[2], int(r[3]), *r[4:]] for r in GOOD]).getvalue()
        response = client.post(self.url, {"file": SimpleUploadedFile("t.xlsx", good)})
        assert response.status_code == 302 and "/admin/subsidies/transfer/import/" in response["Location"]
        html = client.get(response["Location"]).content.decode()
        assert "นำเข้าแล้ว: เพิ่ม 4 รายการ" in html
        assert Transfer.objects.count() == 4

    def test_members_cannot_import(self, client, member):
        client.force_login(member)
        assert client.get(self.url).status_code == 302
