"""A realistic national set of LAOs, the same on every run: one อบจ. per
province, the real เทศบาลนคร, a เทศบาลเมือง in each remaining provincial seat
and other large districts, a เทศบาลตำบล in each other district seat and many
more tambons, and อบต. named after real subdistricts — about 7,850 in all,
as in the department's register. Keyed on the LAO code, so running it twice
changes nothing."""

import random

from kmlaas.registry import geography
from kmlaas.registry.models import LAO, District, Province, Subdistrict

# (district code, name) — the country's city municipalities.
CITIES = [
    ("1201", "เทศบาลนครนนทบุรี"),
    ("1206", "เทศบาลนครปากเกร็ด"),
    ("1303", "เทศบาลนครรังสิต"),
    ("1101", "เทศบาลนครสมุทรปราการ"),
    ("7401", "เทศบาลนครสมุทรสาคร"),
    ("7402", "เทศบาลนครอ้อมน้อย"),
    ("2007", "เทศบาลนครแหลมฉบัง"),
    ("2101", "เทศบาลนครระยอง"),
    ("1401", "เทศบาลนครพระนครศรีอยุธยา"),
    ("7301", "เทศบาลนครนครปฐม"),
    ("7001", "เทศบาลนครราชบุรี"),
    ("5001", "เทศบาลนครเชียงใหม่"),
    ("5701", "เทศบาลนครเชียงราย"),
    ("5201", "เทศบาลนครลำปาง"),
    ("6501", "เทศบาลนครพิษณุโลก"),
    ("6001", "เทศบาลนครนครสวรรค์"),
    ("6306", "เทศบาลนครแม่สอด"),
    ("3001", "เทศบาลนครนครราชสีมา"),
    ("4001", "เทศบาลนครขอนแก่น"),
    ("4101", "เทศบาลนครอุดรธานี"),
    ("3401", "เทศบาลนครอุบลราชธานี"),
    ("4701", "เทศบาลนครสกลนคร"),
    ("8001", "เทศบาลนครนครศรีธรรมราช"),
    ("8401", "เทศบาลนครสุราษฎร์ธานี"),
    ("8404", "เทศบาลนครเกาะสมุย"),
    ("8301", "เทศบาลนครภูเก็ต"),
    ("9011", "เทศบาลนครหาดใหญ่"),
    ("9001", "เทศบาลนครสงขลา"),
    ("9201", "เทศบาลนครตรัง"),
    ("9501", "เทศบาลนครยะลา"),
]
TOWNS, TAMBONS, SAOS = 195, 2250, 5300
_DIGIT = {
    LAO.Kind.BANGKOK: "1",
    LAO.Kind.PATTAYA: "1",
    LAO.Kind.PAO: "2",
    LAO.Kind.CITY: "3",
    LAO.Kind.TOWN: "4",
    LAO.Kind.TAMBON: "5",
    LAO.Kind.SAO: "6",
}


def national_set():
    """Yields LAO field dicts (with a "subdistricts" list of codes), deterministically."""
    rng = random.Random(7850)
    provinces = list(Province.objects.order_by("code"))
    districts = {}
    for d in District.objects.order_by("code"):
        districts.setdefault(d.province_id, []).append(d)
    tambons = {}
    for s in Subdistrict.objects.order_by("code"):
        tambons.setdefault(s.district_id, []).append(s)
    sequence = {}

    def lao(kind, name, district, covers=()):
        key = (kind, district.code)
        sequence[key] = sequence.get(key, 0) + 1
        return {
            "code": f"{_DIGIT[kind]}{district.code}{sequence[key]:02d}",
            "name": name,
            "kind": kind,
            "province_id": district.province_id,
            "district_id": district.code,
            "subdistricts": [s.code for s in covers],
        }

    by_code = {d.code: d for ds in districts.values() for d in ds}
    yield {
        **lao(LAO.Kind.BANGKOK, "กรุงเทพมหานคร", by_code["1001"], tambons["1001"][:1]),
        "website": "https://www.bangkok.go.th",
    }
    yield {
        **lao(LAO.Kind.PATTAYA, "เมืองพัทยา", by_code["2004"], tambons["2004"][:1]),
        "website": "https://www.pattaya.go.th",
    }
    urban = set()
    for code, name in CITIES:
        urban.add(code)
        yield lao(LAO.Kind.CITY, name, by_code[code], tambons[code][:1])
    rural = [p for p in provinces if p.code != "10"]
    for province in rural:
        seat = districts[province.code][0]
        yield lao(LAO.Kind.PAO, f"องค์การบริหารส่วนจังหวัด{province.name}", seat)
    towns = 0
    for province in rural:
        seat = districts[province.code][0]
        if seat.code not in urban:
            urban.add(seat.code)
            towns += 1
            yield lao(LAO.Kind.TOWN, f"เทศบาลเมือง{province.name}", seat, tambons[seat.code][:1])
    others = [d for p in rural for d in districts[p.code][1:] if d.code not in urban]
    for district in sorted(rng.sample(others, TOWNS - towns), key=lambda d: d.code):
        urban.add(district.code)
        yield lao(LAO.Kind.TOWN, f"เทศบาลเมือง{_short(district.name)}", district, tambons[district.code][:1])
    made = 0
    for province in rural:
        for district in districts[province.code]:
            if district.code not in urban:
                made += 1
                yield lao(
                    LAO.Kind.TAMBON,
                    f"เทศบาลตำบล{_short(district.name)}",
                    district,
                    tambons[district.code][:1],
                )
    subdistricts = [s for p in rural for d in districts[p.code] for s in tambons.get(d.code, [])]
    for s in sorted(rng.sample(subdistricts, TAMBONS - made), key=lambda s: s.code):
        yield lao(LAO.Kind.TAMBON, f"เทศบาลตำบล{s.name}", by_code[s.district_id], [s])
    for s in sorted(rng.sample(subdistricts, SAOS), key=lambda s: s.code):
        yield lao(LAO.Kind.SAO, f"องค์การบริหารส่วนตำบล{s.name}", by_code[s.district_id], [s])


def _short(district_name):
    return district_name.removeprefix("เมือง") or district_name


def save_national_set():
    rows = list(national_set())
    links = LAO.subdistricts.through
    LAO.objects.bulk_create(
        [LAO(**{k: v for k, v in row.items() if k != "subdistricts"}) for row in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "province", "district"],
        batch_size=2000,
    )
    ids = dict(LAO.objects.values_list("code", "id"))
    links.objects.bulk_create(
        [links(lao_id=ids[row["code"]], subdistrict_id=s) for row in rows for s in row["subdistricts"]],
        ignore_conflicts=True,
        batch_size=5000,
    )
    return len(rows)


def load(stdout):
    geography.sync(Province, District, Subdistrict)
    count = save_national_set()
    stdout.write(f"  registry: 77 provinces, {District.objects.count()} districts, {count} LAOs")


# Provinces whose LAOs get full demo transfers and monthly figures (the rest
# of the country stays empty so load_demo stays quick): นครพนม, where the seed
# circular came from, and one province from each other region.
DEMO_PROVINCES = ["48", "50", "40", "20", "80", "83"]


def demo_laos():
    return list(
        LAO.objects.filter(province_id__in=DEMO_PROVINCES).order_by("code").values_list("id", "code", "kind")
    )
