"""How good the site search is on the demo content: for each query, an item
that must be among the first three results. The suite prints recall@3 and
fails below 0.9."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from kmlaas.search import engine

# (query, acceptable titles: the query passes when a top-3 title contains one)
CASES = [
    ("ใบผ่านรายการจ่าย", ["ใบผ่านรายการจ่าย"]),
    ("ว 2625", ["การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์"]),
    ("ว๒๖๒๕", ["การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์"]),
    ("0808.4/ว 2625", ["การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์"]),
    ("นพ 0023.5/ว 674", ["การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์"]),
    ("ว 2121", ["คลังความรู้"]),
    ("คลังความรู้", ["คลังความรู้"]),
    ("ลืมรหัสผ่าน", ["ลืมรหัสผ่าน"]),
    ("OTP", ["OTP"]),
    ("ใบเสร็จรับเงินผิด", ["ออกใบเสร็จรับเงินผิด"]),
    ("ภาษีที่ดินและสิ่งปลูกสร้าง", ["ภาษีที่ดินและสิ่งปลูกสร้าง"]),
    ("QR Code", ["QR Code"]),
    ("เงินอุดหนุนทั่วไป", ["เงินอุดหนุนทั่วไป"]),
    ("กันเงินไว้เบิกเหลื่อมปี", ["เบิกเหลื่อมปี"]),
    ("ขยายเวลาเบิกจ่าย", ["ขยายเวลาเบิกจ่าย"]),
    ("โอนงบประมาณ", ["โอนงบประมาณ", "การโอนและแก้ไขเปลี่ยนแปลงงบประมาณ"]),
    ("ปิดบัญชีสิ้นปี", ["ปิดบัญชี"]),
    ("งบทดลองไม่ดุล", ["งบทดลองไม่ดุล"]),
    ("ยอดยกมา", ["ยอดยกมา"]),
    ("ค่าใช้จ่ายค้างจ่าย", ["ค่าใช้จ่ายค้างจ่าย"]),
    ("รายงาน Excel", ["Excel"]),
    ("กระทบยอดเงินฝาก", ["กระทบยอดเงินฝาก"]),
    ("ตัวอักษรภาษาไทยเพี้ยน", ["ตัวอักษรภาษาไทยเพี้ยน"]),
    ("ค่าเสื่อมราคา", ["ค่าเสื่อมราคา"]),
    ("ครุภัณฑ์ชำรุด", ["ครุภัณฑ์ที่ชำรุด"]),
    ("ทรัพย์สินบริจาค", ["ทรัพย์สินที่ได้รับบริจาค"]),
    ("ทุนสำรองเงินสะสม", ["ทุนสำรองเงินสะสม"]),
    ("ใช้จ่ายเงินสะสม", ["เงินสะสม"]),
    ("ผู้ดูแลระบบ อปท.", ["ผู้ดูแลระบบของ อปท."]),
    ("ผู้ดูแลระบบ องค์กรปกครองส่วนท้องถิ่น", ["ผู้ดูแลระบบของ อปท."]),
    ("พิมพ์ใบเสร็จซ้ำ", ["พิมพ์ใบเสร็จรับเงินซ้ำ"]),
    ("KTB Corporate Online", ["KTB Corporate Online"]),
    ("ktb corporate", ["KTB Corporate Online"]),
    ("ภาษีหัก ณ ที่จ่าย", ["ภาษีหัก ณ ที่จ่าย"]),
    ("เงินยืม", ["เงินยืม"]),
    ("งบแสดงฐานะการเงิน", ["งบแสดงฐานะการเงิน"]),
    ("New e-LAAS ครั้งแรก", ["New e-LAAS ครั้งแรก"]),
    ("แบบขอรหัสผู้ใช้", ["แบบขอรหัสผู้ใช้"]),
    ("วินัยการเงินการคลัง", ["วินัยการเงินการคลัง"]),
    ("พรบ จัดซื้อจัดจ้าง", ["จัดซื้อจัดจ้าง"]),
    ("ระเบียบการรับเงิน การเบิกจ่ายเงิน 2566", ["พ.ศ. 2566"]),
    ("ต่วนที่สุด ขยายระยะเวลา", ["การขยายระยะเวลาการปิดระบบ"]),
    ("กำหนดสิทธิ์ผู้ใช้", ["สิทธิ์ผู้ใช้"]),
    ("ก\u0e4d\u0e32หนดสิทธิ์ผู้ใช้", ["สิทธิ์ผู้ใช้"]),  # ํ + า, as copied from a PDF
    ("e-LAAS มือถือ", ["โทรศัพท์มือถือ"]),
    ("บัญชีผู้ใช้ถูกระงับ", ["บัญชีผู้ใช้ถูกระงับ"]),
    ("วางฎีกา", ["ฎีกา"]),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        # This fills the database and flushes it afterwards: never the development one.
        assert "test" in connection.settings_dict["NAME"]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        caches["fragments"].clear()


def top_titles(query):
    results = engine.search(query, log=False)
    return [entry.title for entry in results.page.object_list[:3]] if results else []


@pytest.mark.django_db
def test_recall_at_3_is_at_least_0_9(demo, django_db_blocker):
    assert len(CASES) >= 40
    misses = []
    with django_db_blocker.unblock():
        for query, wanted in CASES:
            titles = top_titles(query)
            if not any(w in title for w in wanted for title in titles):
                misses.append(f"  {query!r}: wanted {wanted}, got {titles}")
    recall = 1 - len(misses) / len(CASES)
    print(f"\nsearch recall@3 = {recall:.3f} over {len(CASES)} queries")
    print("\n".join(misses))
    assert recall >= 0.9, f"recall@3 {recall:.3f} < 0.9; misses:\n" + "\n".join(misses)
