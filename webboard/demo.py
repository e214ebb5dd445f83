"""Demo webboard: a room per e-LAAS module and a handful of real-sounding
questions from LAO finance staff, some answered by the department (one
accepted), one still waiting. Keyed on thread titles, so loading twice
changes nothing. Written through webboard.posting like real posts."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from kmlaas.members.models import Profile
from kmlaas.taxonomy import Module
from webboard import posting
from webboard.models import Room, Thread

ROOMS = [
    ("รายจ่ายและฎีกา", "การวางฎีกา บันทึกจ่ายเงิน ใบผ่านรายการจ่าย", "รายจ่าย/ฎีกา"),
    ("รายรับ", "ใบเสร็จรับเงิน การนำเงินฝาก และภาษีท้องถิ่น", "รายรับ"),
    ("งบประมาณ", "บันทึกงบประมาณ โอน แก้ไขเปลี่ยนแปลง กันเงิน", "งบประมาณ"),
    ("บัญชีและปิดบัญชีสิ้นปี", "ปรับปรุงบัญชี งบการเงิน ยกยอด", "บัญชี"),
    ("เรื่องทั่วไป", "ผู้ใช้ รหัสผ่าน และเรื่องอื่น ๆ เกี่ยวกับระบบ e-LAAS", None),
]

MEMBERS = [
    ("demo.somchai@example.com", "สมชาย (อบต.)", "นักวิชาการเงินและบัญชี"),
    ("demo.wanida@example.com", "วนิดา กองคลัง", "ผู้อำนวยการกองคลัง"),
]
STAFF = ("demo.staff@example.com", "เจ้าหน้าที่ สถ.", "นักวิชาการเงินและบัญชีชำนาญการ")

THREADS = [
    (
        "รายจ่ายและฎีกา",
        "วางฎีกาแล้วระบบแจ้งว่างบประมาณคงเหลือไม่พอ ทั้งที่ยังมีเงินในแผนงาน",
        "บันทึกฎีกาเบิกค่าวัสดุสำนักงาน ระบบขึ้นข้อความ **งบประมาณคงเหลือไม่พอ** "
        "แต่ตรวจแล้วแผนงานบริหารงานทั่วไปยังมีเงินเหลือ ควรตรวจสอบที่เมนูใดครับ",
        [
            (
                "staff",
                "ให้ตรวจที่เมนู งบประมาณ > รายงานงบประมาณคงเหลือ ระดับ *รายการ* ไม่ใช่ระดับแผนงาน\n\n"
                "- ถ้ารายการนั้นเหลือไม่พอ ต้องโอนงบประมาณก่อน\n- ถ้ามีการกันเงินไว้ ยอดจะถูกกันออกจากคงเหลือ",
                True,
            ),
            ("member", "ขอบคุณครับ ตรวจแล้วเป็นเพราะกันเงินไว้จริง ๆ", False),
        ],
    ),
    (
        "รายรับ",
        "ยกเลิกใบเสร็จรับเงินที่ออกผิดวัน ต้องทำอย่างไร",
        "ออกใบเสร็จค่าภาษีป้ายลงวันที่ผิด ต้องยกเลิกแล้วออกใหม่ หรือแก้ไขได้เลยคะ",
        [("staff", "ยกเลิกใบเสร็จเดิมที่เมนู รายรับ > ยกเลิกใบเสร็จ พร้อมระบุเหตุผล แล้วออกใบใหม่ลงวันที่ที่ถูกต้อง", False)],
    ),
    (
        "งบประมาณ",
        "โอนงบประมาณข้ามแผนงานต้องได้รับอนุมัติจากใคร",
        "กรณีโอนงบประมาณจากแผนงานการศึกษาไปแผนงานสาธารณสุข ต้องเสนอสภาหรือผู้บริหารอนุมัติครับ",
        [],
    ),
]


def _user(email, name, position, *, staff=False):
    user, _ = get_user_model().objects.get_or_create(
        email=email, defaults={"display_name": name, "is_staff": staff}
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Profile.objects.get_or_create(user=user, defaults={"position": position})
    return user


def load(stdout):
    modules = {m.name: m for m in Module.objects.all()}
    rooms = {}
    for position, (name, description, module) in enumerate(ROOMS):
        rooms[name], _ = Room.objects.get_or_create(
            name=name,
            defaults={"description": description, "module": modules.get(module), "position": position},
        )
    members = [_user(*m) for m in MEMBERS]
    staff = _user(*STAFF, staff=True)
    made = 0
    with override_settings(WEBBOARD_HOLD_FIRST_POSTS=0):
        for index, (room, title, body, replies) in enumerate(THREADS):
            if Thread.objects.filter(title=title).exists():
                continue
            asker = members[index % len(members)]
            thread = posting.create_thread(room=rooms[room], author=asker, title=title, body=body).thread
            for who, text, accepted in replies:
                author = staff if who == "staff" else asker
                post = posting.create_reply(thread=thread, author=author, body=text)
                if accepted:
                    posting.accept(post, user=asker)
            made += 1
    stdout.write(f"  webboard: {len(rooms)} rooms, {made} new threads")
