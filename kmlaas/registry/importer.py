"""Importer for the department's open-data list of LAOs (ข้อมูล อปท. from
info.dla.go.th): one row per subdistrict an LAO covers, so an LAO spans
several rows."""

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kmlaas.registry.models import LAO, District, Province, Subdistrict
from kmlaas.registry.tabular import ImportRejected, cell_problems, read_rows, require_columns

COLUMNS = [
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
REQUIRED = ["จังหวัด", "อำเภอ", "ตำบล", "รหัส อปท.", "ประเภท อปท.", "อปท."]
_CODE = re.compile(r"^\d{7}$")
_NAME_LENGTH = LAO._meta.get_field("name").max_length
_WEBSITE_LENGTH = LAO._meta.get_field("website").max_length
_PREFIXES = ("จังหวัด", "จ.", "อำเภอ", "อ.", "กิ่งอำเภอ", "เขต", "ตำบล", "ต.", "แขวง")


def _key(name):
    name = "".join(str(name).split())
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


class _Places:
    def __init__(self):
        self.provinces = {_key(p.name): p.code for p in Province.objects.all()}
        self.districts = {}
        for d in District.objects.all():
            self.districts[(d.province_id, _key(d.name))] = d.code
            if d.code.endswith("01") and d.province_id != "10":
                self.districts.setdefault((d.province_id, "เมือง"), d.code)
        self.subdistricts = {(s.district_id, _key(s.name)): s.code for s in Subdistrict.objects.all()}


def parse(file, name="", progress=None):
    """Checks every row; returns {code: fields} or raises ImportRejected."""
    places = _Places()
    errors, laos = [], {}
    headers_checked = False
    for line, row in read_rows(file, name, progress):
        if not headers_checked:
            require_columns(row.keys(), REQUIRED)
            headers_checked = True
        problems = cell_problems(row)
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        code = row["รหัส อปท."].strip()
        if not _CODE.match(code):
            problems.append(_("รหัส อปท. ต้องเป็นตัวเลข 7 หลัก (พบ “%(code)s”)") % {"code": code})
        kind = LAO.kind_from_label(row["ประเภท อปท."])
        if kind is None:
            problems.append(_("ไม่รู้จักประเภท อปท. “%(kind)s”") % {"kind": row["ประเภท อปท."]})
        if not row["อปท."].strip():
            problems.append(_("ไม่มีชื่อ อปท."))
        elif len(" ".join(row["อปท."].split())) > _NAME_LENGTH:
            problems.append(_("ชื่อ อปท. ยาวเกิน %(limit)s ตัวอักษร") % {"limit": _NAME_LENGTH})
        province = places.provinces.get(_key(row["จังหวัด"]))
        district = subdistrict = None
        if province is None:
            problems.append(_("ไม่พบจังหวัด “%(name)s”") % {"name": row["จังหวัด"]})
        else:
            district = places.districts.get((province, _key(row["อำเภอ"])))
            if district is None:
                problems.append(_("ไม่พบอำเภอ “%(name)s” ในจังหวัดนี้") % {"name": row["อำเภอ"]})
            elif row["ตำบล"].strip():
                subdistrict = places.subdistricts.get((district, _key(row["ตำบล"])))
                if subdistrict is None:
                    problems.append(_("ไม่พบตำบล “%(name)s” ในอำเภอนี้") % {"name": row["ตำบล"]})
        latitude, longitude = _coordinate(row.get("LAT", ""), 90), _coordinate(row.get("LONG", ""), 180)
        if latitude is False or longitude is False:
            problems.append(_("พิกัด LAT/LONG ไม่ถูกต้อง — LAT ต้องอยู่ระหว่าง -90 ถึง 90 และ LONG ระหว่าง -180 ถึง 180"))
        website = _website(row.get("เว็ปไซต์ของอปท.", ""))
        if len(website) > _WEBSITE_LENGTH:
            problems.append(_("เว็บไซต์ยาวเกิน %(limit)s ตัวอักษร") % {"limit": _WEBSITE_LENGTH})
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        lao = laos.get(code)
        if lao is None:
            laos[code] = {
                "name": " ".join(row["อปท."].split()),
                "kind": kind,
                "province_id": province,
                "district_id": district,
                "website": website,
                "latitude": latitude or None,
                "longitude": longitude or None,
                "address": _address(row),
                "subdistricts": {subdistrict} if subdistrict else set(),
            }
        elif lao["name"] != " ".join(row["อปท."].split()) or lao["kind"] != kind:
            errors.append((line, _("รหัส อปท. %(code)s ซ้ำกับแถวก่อนหน้าแต่ชื่อหรือประเภทไม่ตรงกัน") % {"code": code}))
        elif subdistrict:
            lao["subdistricts"].add(subdistrict)
    if not headers_checked:
        errors.append((1, _("ไม่มีข้อมูลในไฟล์")))
    if errors:
        raise ImportRejected(errors)
    return laos


def _coordinate(text, limit):
    """Degrees within ±limit, to the micro-degree the field keeps; None when
    blank, False when not a coordinate (NaN, inf, 999 included)."""
    text = str(text).strip()
    if not text:
        return None
    if len(text) > 30:
        return False
    try:
        value = Decimal(text)
        if not value.is_finite() or abs(value) > limit:
            return False
        return value.quantize(Decimal("0.000001"))
    except (ArithmeticError, ValueError):
        return False


def _website(text):
    text = str(text).strip()
    if not text or text == "-":
        return ""
    return text if text.startswith(("http://", "https://")) else f"http://{text}"


def _address(row):
    parts = []
    if number := row.get("ที่ตั้งสำนักงานเลขที่", "").strip():
        parts.append(f"เลขที่ {number}")
    if moo := row.get("หมู่ที่", "").strip():
        parts.append(f"หมู่ที่ {moo}")
    if row.get("ตำบล", "").strip():
        parts.append(f"ตำบล{_key(row['ตำบล'])}")
    if postal := row.get("รหัสไปรษณีย์", "").strip():
        parts.append(postal)
    return " ".join(parts)[:300]


@transaction.atomic
def save(laos):
    """Inserts or updates the LAOs by code; their subdistricts are replaced by
    those in the file. Returns the number of LAOs written."""
    fields = ["name", "kind", "province_id", "district_id", "website", "latitude", "longitude", "address"]
    LAO.objects.bulk_create(
        [LAO(code=code, active=True, **{f: lao[f] for f in fields}) for code, lao in laos.items()],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[f.removesuffix("_id") for f in fields] + ["active"],
        batch_size=2000,
    )
    ids = dict(LAO.objects.filter(code__in=laos).values_list("code", "id"))
    links = LAO.subdistricts.through
    links.objects.filter(lao_id__in=ids.values()).delete()
    links.objects.bulk_create(
        [
            links(lao_id=ids[code], subdistrict_id=subdistrict)
            for code, lao in laos.items()
            for subdistrict in sorted(lao["subdistricts"])
        ],
        batch_size=5000,
    )
    return len(laos)
