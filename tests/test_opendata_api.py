import pytest

from fiscal import importer as fiscal_importer
from kmlaas.registry.models import LAO
from subsidies.models import SubsidyItem, Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def laos():
    made = [
        LAO.objects.create(
            code=f"64801{n:02d}", name=f"อบต.ทดสอบ{n}", kind="sao", province_id="48", district_id="4801"
        )
        for n in range(5)
    ]
    made.append(
        LAO.objects.create(
            code="3500101", name="เทศบาลนครเชียงใหม่", kind="city", province_id="50", district_id="5001"
        )
    )
    return made


@pytest.fixture
def transfers(laos):
    item = SubsidyItem.objects.create(name="เงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารกลางวัน")
    for year in (2568, 2569):
        for lao in laos:
            Transfer.objects.create(fiscal_year=year, lao=lao, item=item, round=1, amount="1234.50")
    return item


class TestLAOs:
    def test_filters_and_key_pagination(self, client, laos):
        first = client.get("/api/laos/", {"province": "48", "limit": 2}).json()
        assert [lao["code"] for lao in first["results"]] == ["6480100", "6480101"]
        second = client.get(first["next"]).json()
        assert [lao["code"] for lao in second["results"]] == ["6480102", "6480103"]
        last = client.get(client.get(second["next"]).json()["next"] or "/api/laos/?province=99").json()
        assert last["results"] == []
        assert client.get("/api/laos/", {"province": "48", "limit": 5}).json()["next"] is None
        assert [lao["code"] for lao in client.get("/api/laos/", {"kind": "city"}).json()["results"]] == [
            "3500101"
        ]
        assert client.get("/api/laos/", {"q": "ทดสอบ3"}).json()["results"][0]["province"]["name"] == "นครพนม"

    def test_detail_and_404(self, client, laos):
        data = client.get("/api/laos/3500101/").json()
        assert data["name"] == "เทศบาลนครเชียงใหม่" and data["district"]["code"] == "5001"
        assert client.get("/api/laos/0000000/").status_code == 404

    def test_bad_parameters_are_400_and_writes_are_405(self, client, laos):
        assert client.get("/api/laos/", {"limit": "x"}).status_code == 400
        assert client.get("/api/laos/", {"limit": 5000}).status_code == 400
        assert client.post("/api/laos/").status_code == 405
        assert client.delete("/api/laos/3500101/").status_code == 405

    def test_provinces_and_districts(self, client):
        assert len(client.get("/api/provinces/").json()["results"]) == 77
        assert client.get("/api/provinces/48/districts/").json()["results"][0]["name"] == "เมืองนครพนม"
        assert client.get("/api/provinces/99/districts/").status_code == 404


class TestTransfers:
    def test_filters_by_year_lao_and_province_with_exact_amounts(self, client, transfers):
        data = client.get("/api/transfers/", {"fiscal_year": 2569, "province": "50"}).json()
        assert len(data["results"]) == 1
        assert data["results"][0]["amount"] == "1234.50"
        assert data["results"][0]["lao"] == "3500101"
        assert len(client.get("/api/transfers/", {"lao": "6480100"}).json()["results"]) == 2
        assert client.get("/api/transfers/", {"status": "lost"}).status_code == 400
        assert client.get("/api/transfers/", {"fiscal_year": "2025x"}).status_code == 400

    def test_pages_cover_every_row_once(self, client, transfers):
        seen, url = [], "/api/transfers/?limit=3"
        while url:
            data = client.get(url).json()
            seen += [t["id"] for t in data["results"]]
            url = data["next"]
        assert sorted(seen) == sorted(Transfer.objects.values_list("id", flat=True))


class TestFiscal:
    def test_actuals_and_totals(self, client, laos):
        import datetime

        fiscal_importer.save(
            [
                (
                    laos[0].id,
                    datetime.date(2025, 10, 1),
                    2569,
                    "r_tax",
                    __import__("decimal").Decimal("10.05"),
                    datetime.date(2025, 11, 15),
                )
            ]
        )
        actuals = client.get("/api/fiscal/actuals/", {"fiscal_year": 2569, "lao": laos[0].code}).json()[
            "results"
        ]
        assert actuals == [
            {
                "id": actuals[0]["id"],
                "lao": laos[0].code,
                "month": "2025-10",
                "fiscal_year": 2569,
                "category": "r_tax",
                "amount": "10.05",
                "as_of": "2025-11-15",
            }
        ]
        totals = client.get("/api/fiscal/totals/", {"fiscal_year": 2569, "level": "province"}).json()[
            "results"
        ]
        assert [(t["province"], t["amount"]) for t in totals] == [("48", "10.05")]
        assert client.get("/api/fiscal/totals/").status_code == 400
        assert client.get("/api/fiscal/totals/", {"fiscal_year": 2569, "level": "planet"}).status_code == 400
        assert client.get("/api/fiscal/actuals/", {"category": "x"}).status_code == 400
        assert len(client.get("/api/fiscal/categories/").json()["results"]) == 14


def test_the_openapi_document_describes_every_route(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/laos/", "/laos/{code}/", "/transfers/", "/fiscal/actuals/", "/fiscal/totals/"} <= set(
        spec["paths"]
    )
    html = client.get("/api/").content.decode()
    assert "/api/transfers/" in html and "openapi.json" in html
