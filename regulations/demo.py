"""Demo register: the two seed circulars exactly as the importer reads them,
the earlier letters they cite, and forty-odd realistic entries since 2542.
Keyed on document numbers, so loading twice changes nothing."""

import datetime
import random
from pathlib import Path

from django.utils import timezone

from kmlaas.attachments import Attachment
from kmlaas.demo_files import pdf_file
from kmlaas.thai import be_year
from regulations import importer
from regulations.models import Agency, Regulation, Relation
from regulations.numbers import normalize_number

SEEDS = Path(__file__).parent / "seeds"

AGENCIES = [
    ("กรมส่งเสริมการปกครองท้องถิ่น", "สถ.", "มท 0808", 1),
    ("กองบริหารการคลังท้องถิ่น กรมส่งเสริมการปกครองท้องถิ่น", "กค.สถ.", "มท 0808.4", 2),
    ("กระทรวงมหาดไทย", "มท.", "มท 0800", 3),
    ("กรมบัญชีกลาง", "กบข.", "กค 04", 4),
    ("สำนักงานท้องถิ่นจังหวัดนครพนม", "สถจ.นพ.", "นพ 0023", 5),
    ("รัฐสภา", "", "", 6),
]

# Subjects the OCR text does not carry (the letters have no เรื่อง line).
SEED_SUBJECTS = {
    "นพ0023.5/ว674": "การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (New e-LAAS)",
    "มท0808.4/ว2625": "การปรับปรุงการบันทึกการจ่ายเงินในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (New e-LAAS)",
}
SEED_SUMMARIES = {
    "มท0808.4/ว2121": "แจ้งให้ อปท. ใช้งานระบบคลังความรู้ KM e-LAAS ซึ่งรวมคู่มือ กฎหมาย ระเบียบ หนังสือสั่งการ คำถามที่พบบ่อย "
    "เว็บบอร์ด ข่าวประชาสัมพันธ์ ข้อมูลการปรับปรุงระบบ การโอนเงินอุดหนุนทั่วไป ภาพรวมการคลัง สมาชิก และแบบฟอร์มต่าง ๆ",
    "มท0808.4/ว2625": "ตั้งแต่วันที่ 10 มิถุนายน 2569 เมื่อบันทึกการจ่ายเงินใน New e-LAAS ระบบจะประมวลผลและสร้างใบผ่านรายการจ่ายให้ภายหลัง "
    "แทนการสร้างทันที ศึกษาขั้นตอนได้จากคู่มือเรื่องบันทึกการจ่ายเงินและคลิปวิดีโอ",
    "นพ0023.5/ว674": "จังหวัดนครพนมแจ้งสำนักงานท้องถิ่นอำเภอให้แจ้ง อปท. ทราบการปรับปรุงการบันทึกการจ่ายเงินใน New e-LAAS "
    "ตามหนังสือกรมส่งเสริมการปกครองท้องถิ่นที่แนบมา",
}
# The earlier letters the seeds cite, as stub entries.
CITED_SUBJECTS = {
    "มท0808.4/ว5512": "การจัดทำบัญชีด้วยระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
}

LAWS = [
    (
        "พระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น พ.ศ. 2542",
        datetime.date(1999, 11, 17),
    ),
    ("พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560", datetime.date(2017, 2, 24)),
    ("พระราชบัญญัติวินัยการเงินการคลังของรัฐ พ.ศ. 2561", datetime.date(2018, 4, 19)),
    ("พระราชบัญญัติภาษีที่ดินและสิ่งปลูกสร้าง พ.ศ. 2562", datetime.date(2019, 3, 12)),
]
REGULATIONS = [
    (
        "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน การฝากเงิน การเก็บรักษาเงิน และการตรวจเงินขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2547",
        datetime.date(2004, 12, 30),
    ),
    (
        "ระเบียบกระทรวงมหาดไทยว่าด้วยการเบิกค่าใช้จ่ายในการเดินทางไปราชการของเจ้าหน้าที่ท้องถิ่น พ.ศ. 2555",
        datetime.date(2012, 9, 13),
    ),
    ("ระเบียบกระทรวงมหาดไทยว่าด้วยเงินอุดหนุนขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2559", datetime.date(2016, 7, 1)),
    ("ระเบียบกระทรวงมหาดไทยว่าด้วยวิธีการงบประมาณขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2563", datetime.date(2020, 10, 1)),
    (
        "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน การฝากเงิน การเก็บรักษาเงิน และการตรวจเงินขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2566",
        datetime.date(2023, 6, 23),
    ),
]
ANNOUNCEMENTS = [
    "ประกาศกระทรวงการคลัง เรื่อง มาตรฐานการบัญชีภาครัฐและนโยบายการบัญชีภาครัฐ",
    "หลักเกณฑ์และวิธีปฏิบัติการบันทึกบัญชีขององค์กรปกครองส่วนท้องถิ่นในระบบ e-LAAS",
    "ประกาศกรมส่งเสริมการปกครองท้องถิ่น เรื่อง รูปแบบรายงานการเงินขององค์กรปกครองส่วนท้องถิ่น",
    "หลักเกณฑ์การจัดทำบัญชีทะเบียนทรัพย์สินขององค์กรปกครองส่วนท้องถิ่น",
]
CIRCULARS = [
    "แนวทางการปิดบัญชีประจำปีงบประมาณ พ.ศ. {year} ในระบบ e-LAAS",
    "การกันเงินไว้เบิกเหลื่อมปีในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น",
    "การบันทึกบัญชีเงินอุดหนุนทั่วไป สำหรับสนับสนุนอาหารกลางวัน",
    "การจัดทำงบแสดงฐานะการเงินและรายงานการเงินประจำปีงบประมาณ พ.ศ. {year}",
    "การขอรหัสผู้ใช้งานและรหัสผ่านระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
    "การบันทึกทะเบียนทรัพย์สินและค่าเสื่อมราคาในระบบ e-LAAS",
    "ซักซ้อมแนวทางการจัดทำรายงานกระทบยอดเงินฝากธนาคาร",
    "แนวทางการบันทึกบัญชีเงินสะสมและทุนสำรองเงินสะสม",
    "การเบิกจ่ายเงินผ่านระบบ KTB Corporate Online ขององค์กรปกครองส่วนท้องถิ่น",
    "การปรับปรุงระบบงานรายรับในระบบ e-LAAS",
    "การนำส่งข้อมูลงบการเงินผ่านระบบ e-LAAS ให้สำนักงานการตรวจเงินแผ่นดิน",
    "แนวทางการบันทึกบัญชีเงินอุดหนุนเบี้ยยังชีพผู้สูงอายุ",
]


def load(stdout):
    agencies = {}
    for name, short, prefix, position in AGENCIES:
        agencies[name], _ = Agency.objects.update_or_create(
            name=name, defaults={"short_name": short, "number_prefix": prefix, "position": position}
        )
    for seed in sorted(SEEDS.glob("*.txt")):
        for regulation, created in importer.save(importer.parse(seed.read_text(encoding="utf-8"))):
            if created:
                _complete_seed(regulation)
    _stub_cited_letters()
    _link_extension()
    made = _generated(agencies)
    stdout.write(f"  regulations: {Regulation.objects.count()} in the register ({made} generated this run)")


def _publish(regulation, **fields):
    for name, value in fields.items():
        setattr(regulation, name, value)
    regulation.status = Regulation.Status.PUBLISHED
    if regulation.date:
        regulation.publish_at = timezone.make_aware(
            datetime.datetime.combine(regulation.date, datetime.time(9))
        )
    regulation.save()


def _complete_seed(regulation):
    key = regulation.number_normalized
    fields = {"summary": SEED_SUMMARIES.get(key, "")}
    if key in SEED_SUBJECTS:
        fields["title"] = SEED_SUBJECTS[key]
        fields["slug"] = ""
    _publish(regulation, **fields)
    paragraphs = [p for p in regulation.source_text.split("\n") if p.strip()][:30]
    Attachment.objects.create(
        item=regulation,
        title=f"หนังสือ {regulation.number} (ฉบับสแกน)",
        file=pdf_file(f"{key.replace('/', '-')}.pdf", f"ที่ {regulation.number}", paragraphs),
    )


def _stub_cited_letters():
    for relation in Relation.objects.filter(target__isnull=True).select_related("source"):
        regulation = Regulation.objects.create(
            number=relation.target_number,
            title=relation.target_subject
            or CITED_SUBJECTS.get(relation.target_number_normalized, f"หนังสือ {relation.target_number}"),
            date=relation.target_date,
            agency=Agency.for_number(relation.target_number),
            kind=Regulation.Kind.CIRCULAR,
            urgency=Regulation.Urgency.MOST_URGENT
            if normalize_number(relation.target_number).endswith(("ว734", "ว782"))
            else "",
            summary="รายการอ้างอิงจากหนังสือที่นำเข้า รอเพิ่มเนื้อหาและไฟล์ฉบับจริง",
        )
        _publish(regulation)


def _link_extension():
    # ว ๗๓๔ (ด่วนที่สุด) extended the New e-LAAS switch-over set by ว ๔๐๐๗.
    extension = Regulation.objects.filter(number_normalized="มท0808.4/ว734").first()
    original = Regulation.objects.filter(number_normalized="มท0808.4/ว4007").first()
    if extension and original:
        Relation.objects.get_or_create(source=extension, kind=Relation.Kind.EXTENDS, target=original)


def _generated(agencies):
    rng = random.Random(2569)
    dla, division, ministry, parliament = (
        agencies["กรมส่งเสริมการปกครองท้องถิ่น"],
        agencies["กองบริหารการคลังท้องถิ่น กรมส่งเสริมการปกครองท้องถิ่น"],
        agencies["กระทรวงมหาดไทย"],
        agencies["รัฐสภา"],
    )
    entries = [(title, "", date, Regulation.Kind.LAW, parliament) for title, date in LAWS]
    entries += [(title, "", date, Regulation.Kind.REGULATION, ministry) for title, date in REGULATIONS]
    for index, title in enumerate(ANNOUNCEMENTS):
        date = datetime.date(2019 + index, rng.randint(1, 12), rng.randint(1, 28))
        entries.append((title, f"มท 0808.4/ว {1100 + index * 37}", date, Regulation.Kind.ANNOUNCEMENT, dla))
    for year in range(2020, 2027):
        for slot in range(4):
            template = CIRCULARS[(year * 4 + slot) % len(CIRCULARS)]
            date = datetime.date(year, 1 + slot * 3 + rng.randint(0, 2), rng.randint(1, 28))
            title = template.format(year=be_year(date) - (0 if date.month >= 10 else 1))
            number = f"มท 0808.4/ว {rng.randint(1000, 5999)}"
            entries.append((title, number, date, Regulation.Kind.CIRCULAR, division))
    made = 0
    for title, number, date, kind, agency in entries:
        if Regulation.objects.filter(title=title, date=date).exists():
            continue
        regulation = Regulation.objects.create(
            title=title,
            number=number,
            date=date,
            kind=kind,
            agency=agency,
            urgency=rng.choice(["", "", "", Regulation.Urgency.URGENT, Regulation.Urgency.VERY_URGENT])
            if number
            else "",
            addressee="ผู้ว่าราชการจังหวัด ทุกจังหวัด" if number else "",
            summary=f"{title} เพื่อให้องค์กรปกครองส่วนท้องถิ่นถือปฏิบัติและบันทึกในระบบ e-LAAS ได้ถูกต้องตรงกัน",
        )
        _publish(regulation)
        made += 1
    _link_repeal()
    return made


def _link_repeal():
    old = Regulation.objects.filter(title__endswith="พ.ศ. 2547", kind=Regulation.Kind.REGULATION).first()
    new = Regulation.objects.filter(title__endswith="พ.ศ. 2566", kind=Regulation.Kind.REGULATION).first()
    if old and new:
        Relation.objects.get_or_create(source=new, kind=Relation.Kind.REPEALS, target=old)
        if old.legal_status != Regulation.LegalStatus.REPEALED:
            old.legal_status = Regulation.LegalStatus.REPEALED
            old.save()
