import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fiscal import importer
from fiscal.importer import parse_month
from fiscal.models import Actual, FiscalImport, FiscalTotal
from kmlaas.registry.models import LAO
from kmlaas.registry.tabular import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = ["รหัส อปท.", "เดือน", "หมวด", "จำนวนเงิน", "ข้อมูล ณ วันที่"]


@pytest.fixture
def laos():
    return [
        LAO.objects.create(
            code="6480101", name="อบต.อาจสามารถ", kind="sao", province_id="48", district_id="4801"
        ),
        LAO.objects.create(
            code="3480101", name="เทศบาลเมืองนครพนม", kind="town", province_id="48", district_id="4801"
        ),
        LAO.objects.create(
            code="6480201", name="อบต.ปลาปาก", kind="sao", province_id="48", district_id="4802"
        ),
        LAO.objects.create(code="6500101", name="อบต.สุเทพ", kind="sao", province_id="50", district_id="5001"),
    ]


def csv_file(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(("\ufeff" + out.getvalue()).encode())


def load(rows, **kwargs):
    return importer.save(importer.parse(csv_file(rows), "actuals.csv", **kwargs))


ROWS = [
    # FY 2569 starts in October 2568 (2025).
    ["6480101", "10/2568", "ภาษีอากร", "1000.01", "15/11/2568"],
    ["6480101", "ต.ค. 2568", "งบบุคลากร", "500.50", "15/11/2568"],
    ["6480101", "กันยายน 2569", "ภาษีจัดสรร", "0.99", "15/10/2569"],
    ["3480101", "11/2568", "ภาษีอากร", "2000.00", "15/12/2568"],
    ["6480201", "10/2568", "เงินอุดหนุนทั่วไป", "300.00", "15/11/2568"],
    ["6500101", "10/2568", "ภาษีอากร", "7.00", "15/11/2568"],
    # FY 2568: September 2568 is its last month.
    ["6480101", "9/2568", "ภาษีอากร", "800.00", "15/10/2568"],
    ["6480101", "10/2567", "ภาษีอากร", "900.00", "15/11/2567"],
]


class TestMonths:
    @pytest.mark.parametrize(
        "text, month",
        [
            ("10/2568", datetime.date(2025, 10, 1)),
            ("ต.ค. 2568", datetime.date(2025, 10, 1)),
            ("ตุลาคม ๒๕๖๘", datetime.date(2025, 10, 1)),
            ("30/9/2569", datetime.date(2026, 9, 1)),
            ("13/2568", None),
            ("10/2025", None),
            ("เดือนหน้า", None),
        ],
    )
    def test_months_are_read_the_thai_way(self, text, month):
        assert parse_month(text) == month


class TestImporter:
    def test_a_good_file_is_imported_into_the_right_fiscal_years(self, laos):
        assert load(ROWS) == (8, 0)
        assert (
            Actual.objects.get(lao__code="6480101", category="r_tax", month="2025-10-01").fiscal_year == 2569
        )
        assert Actual.objects.get(lao__code="6480101", month="2025-09-01").fiscal_year == 2568
        assert Actual.objects.get(category="r_shared").fiscal_year == 2569
        assert FiscalImport.objects.get().as_of == datetime.date(2026, 10, 15)

    def test_reimporting_changes_nothing(self, laos):
        load(ROWS)
        assert load(ROWS) == (0, 0)
        assert Actual.objects.count() == 8

    def test_as_of_may_come_from_the_command_line_instead(self, laos):
        rows = [row[:4] for row in ROWS[:2]]
        with pytest.raises(ImportRejected):
            importer.parse(csv_file(rows, HEADER[:4]))
        assert importer.save(
            importer.parse(csv_file(rows, HEADER[:4]), as_of=datetime.date(2025, 11, 30))
        ) == (2, 0)

    @pytest.mark.parametrize(
        "column, value, reason",
        [
            (0, "1234567", "ไม่พบรหัส อปท."),
            (1, "13/2568", "เดือน"),
            (2, "รายได้อื่น ๆ", "ไม่รู้จักหมวด"),
            (3, "1.005", "จำนวนเงินไม่ถูกต้อง"),
            (4, "31/2/2569", "ไม่ใช่วันที่ พ.ศ."),
            (4, "15/9/2568", "ก่อนเดือนของข้อมูล"),
        ],
    )
    def test_each_bad_row_is_reported_and_nothing_is_imported(self, laos, column, value, reason):
        rows = [row[:] for row in ROWS]
        rows[3][column] = value
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file(rows))
        assert [line for line, _ in rejected.value.errors] == [5]
        assert reason in rejected.value.errors[0][1]
        assert not Actual.objects.exists()

    def test_a_duplicate_lao_month_and_category(self, laos):
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(csv_file([*ROWS, ["6480101", "ต.ค. 2568", "ภาษีอากร", "1", "15/11/2568"]]))
        assert rejected.value.errors == [(10, "ซ้ำกับบรรทัด 2 (อปท. เดือน และหมวดเดียวกัน)")]


@pytest.fixture
def actuals(laos):
    load(ROWS)


class TestTotals:
    def test_every_level_adds_up_to_the_satang(self, actuals):
        def total(**filters):
            return sum(t.amount for t in FiscalTotal.objects.filter(fiscal_year=2569, **filters))

        nation = (
            Decimal("1000.01")
            + Decimal("500.50")
            + Decimal("0.99")
            + Decimal("2000.00")
            + Decimal("300.00")
            + Decimal("7.00")
        )
        assert total(scope="nation") == nation
        assert total(scope="nation_m") == nation
        assert total(scope="kind") == nation
        assert total(scope="province") == nation
        assert total(scope="province", province="48") == nation - Decimal("7.00")
        assert total(scope="district", district="4801") == Decimal("3501.50")
        assert total(scope="lao", lao__code="6480101") == Decimal("1501.50")
        assert total(scope="nation_m", month=10) == Decimal("1807.51")
        assert total(scope="kind", kind="town") == Decimal("2000.00")


class TestOverview:
    def test_the_national_page_shows_totals_by_province_kind_category_and_month(self, client, actuals):
        response = client.get("/fiscal/", {"year": "2569"})
        assert response.status_code == 200
        figures = response.context["figures"]
        assert figures.revenue == Decimal("3308.00")
        assert figures.expenditure == Decimal("500.50")
        assert figures.as_of == datetime.date(2026, 10, 15)
        provinces = {str(row[0]): row[1] for row in response.context["children"].rows}
        assert provinces["นครพนม"] == Decimal("3301.00") and provinces["เชียงใหม่"] == Decimal("7.00")
        kinds = {row[0]: row[1] for row in response.context["kinds"].rows}
        assert kinds == {"อบต.": Decimal("1308.00"), "เทศบาลเมือง": Decimal("2000.00")}
        months = {row[0]: row for row in response.context["months"].rows}
        assert months["ต.ค. 68"][1] == Decimal("1307.01") and months["ต.ค. 68"][2] == Decimal("900.00")
        html = response.content.decode()
        assert "3,308.00" in html and "<svg" in html and 'scope="col"' in html and "<caption id=" in html
        assert "/fiscal/province/48/?year=2569" in html

    def test_the_previous_year_is_compared_over_the_same_months(self, client, actuals):
        figures = client.get("/fiscal/", {"year": "2569"}).context["figures"]
        # 2569 has October, November and September: 2568 has only October (900) and September (800).
        assert figures.previous_revenue == Decimal("1700.00")

    def test_drill_down_province_district_lao(self, client, actuals):
        province = client.get("/fiscal/province/48/", {"year": "2569"})
        districts = {str(row[0]): row[1] for row in province.context["children"].rows}
        assert districts["เมืองนครพนม"] == Decimal("3001.00") and districts["ปลาปาก"] == Decimal("300.00")
        assert "/fiscal/district/4801/?year=2569" in province.content.decode()
        district = client.get("/fiscal/district/4801/", {"year": "2569"})
        laos = {str(row[0]): (row[1], row[2]) for row in district.context["children"].rows}
        assert laos["อบต.อาจสามารถ"] == (Decimal("1001.00"), Decimal("500.50"))
        assert "/fiscal/lao/6480101/?year=2569" in district.content.decode()
        lao = client.get("/fiscal/lao/6480101/", {"year": "2569"})
        revenue, expenditure = lao.context["categories"]
        assert {row[0]: row[1] for row in revenue.rows}["ภาษีอากร"] == Decimal("1000.01")
        assert expenditure.footer[1] == Decimal("500.50")

    def test_sorting_the_province_table(self, client, actuals):
        rows = client.get("/fiscal/", {"year": "2569", "sort": "-revenue"}).context["children"].rows
        assert str(rows[0][0]) == "นครพนม"
        rows = client.get("/fiscal/", {"year": "2569", "sort": "name"}).context["children"].rows
        assert [str(r[0]) for r in rows] == sorted(str(r[0]) for r in rows)

    def test_the_picker_sends_you_to_the_page_you_chose(self, client, actuals):
        assert (
            client.get("/fiscal/", {"province": "48", "year": "2569"})["Location"]
            == "/fiscal/province/48/?year=2569"
        )
        response = client.get("/fiscal/", {"province": "48", "district": "4801", "lao": "6480101"})
        assert response["Location"].startswith("/fiscal/lao/6480101/")

    @pytest.mark.parametrize(
        "url", ["/fiscal/province/99/", "/fiscal/district/9999/", "/fiscal/lao/0000000/"]
    )
    def test_unknown_places_are_404(self, client, url):
        assert client.get(url).status_code == 404

    def test_post_is_405(self, client, laos):
        assert client.post("/fiscal/").status_code == 405
        assert client.post("/fiscal/lao/6480101/").status_code == 405


class TestDownloads:
    def test_csv_xlsx_and_json_give_the_same_numbers_as_the_page(self, client, actuals):
        page = client.get("/fiscal/province/48/", {"year": "2569"}).context
        expected = [row[1] for row in page["children"].rows]
        text = b"".join(
            client.get("/fiscal/province/48/", {"year": "2569", "format": "csv"}).streaming_content
        ).decode()
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert [Decimal(r[1]) for r in rows[1:-1]] == expected
        response = client.get("/fiscal/province/48/", {"year": "2569", "format": "xlsx", "table": "months"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert Decimal(str(list(sheet.iter_rows(values_only=True))[-1][1])) == Decimal("3301.00")
        response = client.get("/fiscal/", {"year": "2569", "format": "json", "table": "revenue"})
        data = json.loads(b"".join(response.streaming_content))
        assert Decimal(data["rows"][-1][1]) == Decimal("3308.00")


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url", ["/fiscal/", "/fiscal/province/48/", "/fiscal/district/4801/", "/fiscal/lao/6480101/"]
    )
    def test_queries_do_not_grow_with_the_data(self, client, actuals, url):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"year": "2569"}).status_code == 200
            return len(queries)

        count()
        before = count()
        extra = [
            LAO.objects.create(
                code=f"64801{n + 10}", name=f"อบต.ทดสอบ{n}", kind="sao", province_id="48", district_id="4801"
            )
            for n in range(10)
        ]
        load([[lao.code, f"{m}/2568", "ภาษีอากร", "1.00", "15/12/2568"] for lao in extra for m in (10, 11)])
        load([["6480101", f"{m}/2569", "งบกลาง", "1.00", "15/10/2569"] for m in range(1, 10)])
        assert count() == before


class TestStrictCSP:
    @pytest.mark.parametrize(
        "url", ["/fiscal/?year=2569", "/fiscal/lao/6480101/?year=2569", "/subsidies/?province=48"]
    )
    def test_pages_have_no_inline_script_or_style(self, client, actuals, url):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html
        assert all("src=" in tag.split(">")[0] for tag in html.split("<script")[1:])


def test_the_national_generator_at_a_reduced_scale(settings):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("generate_national_data", "--years", "2", "--provinces", "83", stdout=out)
    assert LAO.objects.count() == 7853
    phuket = LAO.objects.filter(province_id="83").count()
    assert Actual.objects.values("lao").distinct().count() == phuket
    assert not Actual.objects.exclude(lao__province_id="83").exists()
    year = Actual.objects.order_by("fiscal_year").values_list("fiscal_year", flat=True).first()
    national = sum(t.amount for t in FiscalTotal.objects.filter(fiscal_year=year, scope="nation"))
    assert national == sum(a.amount for a in Actual.objects.filter(fiscal_year=year))
    assert "monthly actuals" in out.getvalue()
