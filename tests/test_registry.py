import io

import pytest

from kmlaas.registry import importer
from kmlaas.registry.demo import national_set, save_national_set
from kmlaas.registry.models import LAO, District, Province, Subdistrict
from kmlaas.registry.tabular import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = (
    "จังหวัด,อำเภอ,ตำบล,รหัส อปท.,ประเภท อปท.,อปท.,ที่ตั้งสำนักงานเลขที่,หมู่ที่,รหัสไปรษณีย์,ขนาดพื้นที่,LAT,LONG,เว็ปไซต์ของอปท.\n"
)


def csv_file(*lines, bom=True):
    text = HEADER + "".join(line + "\n" for line in lines)
    return io.BytesIO((("\ufeff" if bom else "") + text).encode("utf-8"))


class TestGeography:
    def test_every_province_district_and_subdistrict_is_loaded_by_the_migration(self):
        assert Province.objects.count() == 77
        assert District.objects.count() == 928
        assert Subdistrict.objects.count() == 7436
        assert District.objects.get(code="4801").name == "เมืองนครพนม"
        assert Subdistrict.objects.get(code="840503").district.province.name == "สุราษฎร์ธานี"


@pytest.mark.django_db(transaction=True)
def test_the_geography_comes_back_after_a_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert Province.objects.count() == 77
    assert Subdistrict.objects.count() == 7436


class TestLAOImporter:
    def test_an_lao_over_several_subdistricts_becomes_one_lao(self):
        laos = importer.parse(
            csv_file(
                "นครพนม,เมืองนครพนม,ในเมือง,3480101,เทศบาลเมือง,เทศบาลเมืองนครพนม,1,,48000,5.4,17.4,104.78,www.nakhonphanom.go.th",
                "นครพนม,เมืองนครพนม,หนองแสง,3480101,ทม.,เทศบาลเมืองนครพนม,,,48000,,,,",
                "จังหวัดนครพนม,อำเภอเมืองนครพนม,ตำบลอาจสามารถ,6480102,อบต.,องค์การบริหารส่วนตำบลอาจสามารถ,,3,48000,,,,-",
            ),
            "laos.csv",
        )
        assert importer.save(laos) == 2
        town = LAO.objects.get(code="3480101")
        assert town.kind == LAO.Kind.TOWN
        assert town.district_id == "4801" and town.province_id == "48"
        assert set(town.subdistricts.values_list("name", flat=True)) == {"ในเมือง", "หนองแสง"}
        assert str(town.latitude) == "17.400000"
        assert town.website == "http://www.nakhonphanom.go.th"
        assert LAO.objects.get(code="6480102").kind == LAO.Kind.SAO

    def test_reimporting_changes_nothing(self):
        data = csv_file("นครพนม,เมืองนครพนม,ในเมือง,6480101,อบต.,อบต.ในเมือง,,,,,,,").getvalue()
        importer.save(importer.parse(io.BytesIO(data)))
        importer.save(importer.parse(io.BytesIO(data)))
        assert LAO.objects.count() == 1
        assert LAO.objects.get().subdistricts.count() == 1

    def test_every_bad_row_is_reported_and_nothing_is_saved(self):
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(
                csv_file(
                    "นครพนม,เมืองนครพนม,ในเมือง,6480101,อบต.,อบต.ในเมือง,,,,,,,",
                    "นครพนม,เมืองนครพนม,ในเมือง,64801,อบต.,อบต.สั้น,,,,,,,",
                    "ไม่มีจังหวัดนี้,เมือง,ในเมือง,6480103,อบต.,อบต.ก,,,,,,,",
                    "นครพนม,เมืองนครพนม,ในเมือง,6480104,สภาตำบล,สภาตำบลก,,,,,,,",
                    "นครพนม,เมืองนครพนม,ในเมือง,6480105,อบต.,อบต.ข,,,,,abc,1,",
                )
            )
        lines = [line for line, _ in rejected.value.errors]
        assert lines == [3, 4, 5, 6]
        reasons = " ".join(reason for _, reason in rejected.value.errors)
        assert "7 หลัก" in reasons and "ไม่พบจังหวัด" in reasons and "ไม่รู้จักประเภท" in reasons and "พิกัด" in reasons
        assert not LAO.objects.exists()

    def test_a_missing_column_is_reported_on_line_one(self):
        with pytest.raises(ImportRejected) as rejected:
            importer.parse(io.BytesIO("จังหวัด,อปท.\nนครพนม,x\n".encode()))
        assert rejected.value.errors[0][0] == 1
        assert "รหัส อปท." in rejected.value.errors[0][1]


class TestNationalSet:
    def test_it_matches_the_department_register_in_size_and_kinds(self):
        rows = list(national_set())
        kinds = {}
        for row in rows:
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
        assert kinds == {
            "bangkok": 1,
            "pattaya": 1,
            "city": 30,
            "pao": 76,
            "town": 195,
            "tambon": 2250,
            "sao": 5300,
        }
        codes = [row["code"] for row in rows]
        assert len(set(codes)) == len(codes) == 7853
        assert all(len(code) == 7 and code.isdigit() for code in codes)

    def test_it_is_deterministic_and_idempotent(self):
        first = [row["code"] + row["name"] for row in national_set()]
        assert first == [row["code"] + row["name"] for row in national_set()]
        save_national_set()
        save_national_set()
        assert LAO.objects.count() == 7853


class TestPicker:
    @pytest.fixture
    def laos(self):
        return [
            LAO.objects.create(
                code="6480101", name="อบต.อาจสามารถ", kind="sao", province_id="48", district_id="4801"
            ),
            LAO.objects.create(
                code="6480201", name="อบต.ปลาปาก", kind="sao", province_id="48", district_id="4802"
            ),
        ]

    def test_without_javascript_each_submit_fills_the_next_list(self, client, laos):
        html = client.get("/subsidies/").content.decode()
        assert 'method="get"' in html and 'name="district"' in html and "disabled" in html
        html = client.get("/subsidies/", {"province": "48"}).content.decode()
        assert '<option value="4801">เมืองนครพนม</option>' in html
        assert "อบต.อาจสามารถ" not in html.split('name="lao"')[1].split("</select>")[0]
        html = client.get("/subsidies/", {"province": "48", "district": "4801"}).content.decode()
        lao_select = html.split('name="lao"')[1].split("</select>")[0]
        assert "อบต.อาจสามารถ" in lao_select and "อบต.ปลาปาก" not in lao_select

    def test_a_district_from_another_province_is_dropped_not_an_error(self, client, laos):
        response = client.get("/subsidies/", {"province": "50", "district": "4801", "lao": "6480101"})
        assert response.status_code == 200
        assert response.context["lao"] is None
        assert response.context["title"] == "จังหวัดเชียงใหม่"
