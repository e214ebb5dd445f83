"""Deterministic, realistic transfers for any set of LAOs and fiscal years:
used by the demo (a few provinces) and by generate_national_data (every LAO,
five years, about two million rows)."""

import datetime
import random
from decimal import Decimal

from kmlaas import thai
from subsidies.models import Transfer

# (name, short name, rounds a year, share of LAOs that receive it, baht a round for a typical อบต.)
ITEMS = [
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารกลางวัน", "อาหารกลางวัน", 4, 0.95, 420_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารเสริม (นม)", "อาหารเสริม (นม)", 6, 0.95, 175_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนเบี้ยยังชีพผู้สูงอายุ", "เบี้ยยังชีพผู้สูงอายุ", 12, 0.99, 760_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนเบี้ยยังชีพความพิการ", "เบี้ยยังชีพความพิการ", 12, 0.99, 190_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนเบี้ยยังชีพผู้ป่วยเอดส์", "เบี้ยยังชีพผู้ป่วยเอดส์", 4, 0.6, 6_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนการจัดการศึกษาศูนย์พัฒนาเด็กเล็ก", "ศูนย์พัฒนาเด็กเล็ก", 3, 0.8, 150_000),
    ("เงินอุดหนุนทั่วไป สำหรับค่าตอบแทนอาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.)", "ค่าตอบแทน อสม.", 4, 0.9, 90_000),
    ("เงินอุดหนุนทั่วไป สำหรับสนับสนุนค่าใช้จ่ายการบริหารสถานศึกษา", "การบริหารสถานศึกษา", 2, 0.3, 350_000),
    ("เงินอุดหนุนทั่วไป สำหรับเงินเดือนและค่าตอบแทนครูผู้ดูแลเด็ก", "ค่าตอบแทนครูผู้ดูแลเด็ก", 12, 0.8, 55_000),
    (
        "เงินอุดหนุนทั่วไป สำหรับสนับสนุนค่าจัดการเรียนการสอน (รายหัว) ศูนย์พัฒนาเด็กเล็ก",
        "ค่าจัดการเรียนการสอน ศพด.",
        2,
        0.8,
        45_000,
    ),
    (
        "เงินอุดหนุนทั่วไป สำหรับเงินเดือนและค่าตอบแทนพนักงานจ้างที่ถ่ายโอน",
        "ค่าตอบแทนพนักงานจ้างถ่ายโอน",
        12,
        0.6,
        30_000,
    ),
]
# How much bigger than a typical อบต. each kind of LAO is.
SIZE = {"sao": 1.0, "tambon": 1.1, "town": 3.5, "city": 9.0, "pao": 6.0, "pattaya": 12.0, "bangkok": 150.0}


def ensure_items():
    from subsidies.models import SubsidyItem

    made = {}
    for position, (name, short, *_rest) in enumerate(ITEMS):
        item, _ = SubsidyItem.objects.get_or_create(
            name=name, defaults={"short_name": short, "position": position}
        )
        made[name] = item.id
    return [made[name] for name, *_rest in ITEMS]


def _satang(rng, baht):
    return Decimal(rng.randint(int(baht * 90), int(baht * 110))).scaleb(-2)


def rows(laos, years, item_ids, today=None):
    """laos: [(id, code, kind)]. Yields tuples in subsidies.importer.FIELDS
    order. Only allocations dated up to `today` exist, as in real life."""
    today = today or datetime.date.today()
    for year in years:
        start, end = thai.fiscal_year_range(year)
        for lao_id, code, kind in laos:
            rng = random.Random(f"{code}-{year}")  # noqa: S311 — seeded so every run is the same
            # An LAO keeps its size from year to year (same seed), so year-on-year changes stay modest.
            size = SIZE.get(kind, 1.0) * random.Random(code).uniform(0.6, 1.6)  # noqa: S311
            for item_id, (_name, _short, rounds, share, per_round) in zip(item_ids, ITEMS, strict=True):
                if rng.random() > share:
                    continue
                for round_ in range(1, rounds + 1):
                    letter = start + datetime.timedelta(days=(round_ - 1) * 365 // rounds + rng.randint(0, 9))
                    if letter > today:
                        break
                    transferred = min(letter + datetime.timedelta(days=rng.randint(3, 15)), end)
                    done = transferred <= today
                    yield (
                        year,
                        lao_id,
                        item_id,
                        round_,
                        f"มท 0808.2/{rng.randint(1000, 9999)}",
                        letter,
                        _satang(rng, per_round * size * (1 + (year - 2565) * 0.03)),
                        transferred if done else None,
                        Transfer.Status.TRANSFERRED if done else Transfer.Status.ALLOCATED,
                    )
