"""Demo content for the shared blocks: the footer's contact details and the
policy pages. Keyed on natural keys so running it twice changes nothing."""

from kmlaas.pages import PolicyPage, SiteContact
from kmlaas.taxonomy import DEFAULT_MODULES, Module

CONTACT = {
    "agency": "กรมส่งเสริมการปกครองท้องถิ่น",
    "address": "กลุ่มงานพัฒนาระบบบัญชีท้องถิ่น กองบริหารการคลังท้องถิ่น\nถนนนครราชสีมา เขตดุสิต กรุงเทพมหานคร 10300",
    "phone": "0 2241 9000 ต่อ 1607",
    "email": "saraban@dla.go.th",
    "facebook_url": "https://www.facebook.com/",
    "line_id": "@elaas",
    "office_hours": "จันทร์–ศุกร์ 08:30–16:30 น. (เว้นวันหยุดราชการ)",
}

POLICIES = [
    (
        "website-policy",
        "นโยบายเว็บไซต์",
        "<p>เว็บไซต์คลังความรู้ระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (KM e-LAAS) "
        "จัดทำโดยกรมส่งเสริมการปกครองท้องถิ่น เพื่อเผยแพร่คู่มือ ระเบียบ หนังสือสั่งการ และความรู้ที่เกี่ยวข้องกับการปฏิบัติงานในระบบ e-LAAS</p>"
        "<h2>การใช้ข้อมูลบนเว็บไซต์</h2>"
        "<p>ข้อมูลบนเว็บไซต์นี้เผยแพร่เพื่อประโยชน์ของผู้ปฏิบัติงาน อ้างอิงได้โดยระบุแหล่งที่มา "
        "กรณีข้อความในเว็บไซต์ต่างจากหนังสือราชการฉบับจริง ให้ถือตามหนังสือราชการ</p>"
        "<h2>การเชื่อมโยงไปยังเว็บไซต์อื่น</h2>"
        "<p>ลิงก์ไปยังเว็บไซต์ภายนอกมีไว้เพื่อความสะดวก กรมไม่รับผิดชอบต่อเนื้อหาของเว็บไซต์เหล่านั้น</p>",
    ),
    (
        "privacy",
        "นโยบายคุ้มครองข้อมูลส่วนบุคคล",
        "<p>กรมส่งเสริมการปกครองท้องถิ่นเก็บรวบรวม ใช้ และเปิดเผยข้อมูลส่วนบุคคลของสมาชิกตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562</p>"
        "<h2>ข้อมูลที่เก็บ</h2>"
        "<ul><li>อีเมลและรหัสผ่าน (เก็บแบบเข้ารหัสทางเดียว) สำหรับการเป็นสมาชิก</li>"
        "<li>ชื่อ ตำแหน่ง และหน่วยงานที่สมาชิกกรอกในโปรไฟล์</li>"
        "<li>ข้อความและไฟล์ที่สมาชิกโพสต์ในเว็บบอร์ด</li></ul>"
        "<h2>สิทธิของเจ้าของข้อมูล</h2>"
        "<p>สมาชิกขอดาวน์โหลดข้อมูลของตนและลบบัญชีได้ด้วยตนเอง ข้อความที่โพสต์ไว้จะยังคงอยู่โดยไม่แสดงชื่อผู้โพสต์</p>",
    ),
    (
        "cookies",
        "นโยบายคุกกี้",
        "<p>เว็บไซต์นี้ใช้คุกกี้ที่จำเป็นเท่านั้น ได้แก่ คุกกี้เข้าสู่ระบบ คุกกี้ป้องกันการปลอมแปลงคำขอ (CSRF) "
        "และคุกกี้จำภาษาที่เลือก ไม่มีคุกกี้โฆษณาหรือคุกกี้ติดตามจากบุคคลที่สาม</p>",
    ),
]


def load(stdout):
    SiteContact.objects.update_or_create(pk=1, defaults=CONTACT)
    for slug, title, body in POLICIES:
        PolicyPage.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": body, "status": PolicyPage.Status.PUBLISHED}
        )
    for position, (name, description) in enumerate(DEFAULT_MODULES):
        Module.objects.get_or_create(name=name, defaults={"description": description, "position": position})
    stdout.write(f"  site contact, {len(POLICIES)} policy pages, {Module.objects.count()} e-LAAS modules")
