"""Demo news: four categories, thirty-odd announcements since 2568 with
generated cover images, pinned items (one expired), one scheduled for next
week, one draft, and a site-wide maintenance banner. Keyed on titles, so
loading twice changes nothing."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from kmlaas.attachments import Attachment
from kmlaas.demo_files import pdf_file
from kmlaas.thai import format_date
from news.models import Banner, Category, NewsItem

# key -> (name, description, two colours for its covers)
CATEGORIES = {
    "news": ("ข่าวประชาสัมพันธ์", "ข่าวสารทั่วไปเกี่ยวกับระบบ e-LAAS", ("#0a2f55", "#2f7fc1")),
    "training": ("อบรม/สัมมนา", "กำหนดการอบรม สัมมนา และคลิปย้อนหลัง", ("#0f5e55", "#52b69a")),
    "maintenance": (
        "ประกาศปิดปรับปรุงระบบ",
        "ช่วงเวลาที่ระบบ e-LAAS งดให้บริการเพื่อปรับปรุง",
        ("#3b2a0a", "#f2b33d"),
    ),
    "callcentre": (
        "เวลาให้บริการ Call Center",
        "เวลาทำการและช่องทางติดต่อเจ้าหน้าที่ดูแลระบบ",
        ("#2e1f5e", "#7b6cd9"),
    ),
}

CLOSING = {
    "news": "สอบถามเพิ่มเติมได้ที่กลุ่มงานพัฒนาระบบบัญชีท้องถิ่น กองบริหารการคลังท้องถิ่น โทร. 0 2241 9000 ต่อ 1607",
    "training": "ผู้เข้ารับการอบรมควรเตรียมรหัสผู้ใช้งานระบบ e-LAAS ของหน่วยงานให้พร้อม และทดสอบเข้าสู่ระบบก่อนวันอบรม",
    "maintenance": "ขอให้ อปท. วางแผนบันทึกรายการให้แล้วเสร็จก่อนปิดระบบ รายการที่บันทึกค้างไว้จะไม่สูญหาย "
    "กรมขออภัยในความไม่สะดวกมา ณ โอกาสนี้",
    "callcentre": "นอกเวลาทำการ ตั้งกระทู้ในเว็บบอร์ดหรือค้นหาจากคำถามที่พบบ่อยได้ตลอด 24 ชั่วโมง",
}

# (category, date, title, summary, extra paragraphs, attachment title or "")
ITEMS = [
    (
        "news",
        datetime.date(2025, 3, 11),
        "อปท. ทุกแห่งเริ่มใช้งานระบบ New e-LAAS ตั้งแต่วันที่ 11 มีนาคม 2568",
        "หลังจากหน่วยงานภายใต้สังกัดเริ่มใช้งานเมื่อ 15 ตุลาคม 2567 วันนี้องค์กรปกครองส่วนท้องถิ่นทุกแห่งเริ่มบันทึกรายการในระบบ New e-LAAS",
        [
            "ระบบ New e-LAAS รองรับการทำงานผ่านเว็บเบราว์เซอร์ทุกชนิด ไม่ต้องติดตั้งโปรแกรมเพิ่มเติม "
            "และเชื่อมโยงข้อมูลงบประมาณ รายรับ รายจ่าย และบัญชีไว้ในที่เดียว",
            "ยอดยกมาจากระบบเดิมได้โอนเข้าระบบใหม่แล้ว ขอให้ อปท. ตรวจสอบยอดคงเหลือเงินฝากธนาคารและงบประมาณคงเหลือ "
            "หากพบยอดไม่ตรงให้แจ้งสำนักงานท้องถิ่นจังหวัดภายใน 30 วัน",
        ],
        "",
    ),
    (
        "news",
        datetime.date(2025, 6, 16),
        "แนะนำเพจ Facebook “ระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น e-LAAS โดย สถ.”",
        "ติดตามประกาศ คลิปสอนการใช้งาน และการแก้ปัญหาที่พบบ่อยได้จากเพจทางการของกรม",
        ["เพจนี้เผยแพร่คลิปวิดีโอสั้นประกอบคู่มือทุกครั้งที่มีการปรับปรุงระบบ และแจ้งเตือนเมื่อระบบปิดปรับปรุง"],
        "",
    ),
    (
        "training",
        datetime.date(2025, 7, 14),
        "หลักสูตรการบันทึกทะเบียนทรัพย์สินและค่าเสื่อมราคา รุ่นที่ 3",
        "เปิดรับสมัครเจ้าหน้าที่ผู้รับผิดชอบทะเบียนทรัพย์สินของ อปท. อบรมออนไลน์ 2 วัน ไม่มีค่าใช้จ่าย",
        [
            "เนื้อหาประกอบด้วยการรับรู้ทรัพย์สินใหม่ การคำนวณค่าเสื่อมราคารายปี การจำหน่ายทรัพย์สิน "
            "และการตรวจสอบรายงานทะเบียนทรัพย์สินกับบัญชีแยกประเภท",
        ],
        "แบบตอบรับการเข้ารับการอบรม",
    ),
    (
        "news",
        datetime.date(2025, 8, 29),
        "ประกาศรายชื่อ อปท. ที่ส่งงบการเงินครบถ้วนภายในกำหนด ปีงบประมาณ พ.ศ. 2567",
        "กรมขอบคุณ อปท. 7,412 แห่งที่ส่งงบการเงินผ่านระบบ e-LAAS ครบถ้วนภายในระยะเวลาที่กำหนด",
        ["รายชื่อแยกตามจังหวัดอยู่ในไฟล์แนบ อปท. ที่ยังส่งไม่ครบขอให้ติดต่อสำนักงานท้องถิ่นจังหวัดโดยเร็ว"],
        "รายชื่อ อปท. ที่ส่งงบการเงินครบถ้วน",
    ),
    (
        "maintenance",
        datetime.date(2025, 9, 25),
        "ปิดระบบชั่วคราวเพื่อประมวลผลสิ้นปีงบประมาณ พ.ศ. 2568",
        "ระบบ e-LAAS จะงดให้บริการคืนวันที่ 30 กันยายน 2568 เวลา 20.00 น. ถึง 1 ตุลาคม 2568 เวลา 08.00 น. "
        "เพื่อประมวลผลยอดยกไปปีงบประมาณใหม่",
        ["ระหว่างปิดระบบ ข้อมูลทุกรายการที่บันทึกไว้แล้วจะถูกยกยอดไปปีงบประมาณ พ.ศ. 2569 โดยอัตโนมัติ"],
        "",
    ),
    (
        "callcentre",
        datetime.date(2025, 10, 1),
        "เวลาให้บริการ Call Center e-LAAS ปีงบประมาณ พ.ศ. 2569",
        "Call Center ให้บริการวันจันทร์–ศุกร์ เวลา 08.30–16.30 น. (เว้นวันหยุดราชการ) โทร. 0 2241 9000 ต่อ 1607",
        [
            "ช่วงเวลาที่มีผู้ติดต่อมาก คือ วันทำการแรกและวันทำการสุดท้ายของเดือน ช่วง 10.00–11.30 น. "
            "หากสายไม่ว่าง แนะนำให้ตั้งกระทู้ในเว็บบอร์ดพร้อมแนบภาพหน้าจอ",
        ],
        "",
    ),
    (
        "news",
        datetime.date(2025, 10, 15),
        "เปิดใช้งานเว็บไซต์คลังความรู้ KM e-LAAS",
        "รวมคู่มือ กฎหมาย ระเบียบ หนังสือสั่งการ คำถามที่พบบ่อย เว็บบอร์ด และข้อมูลการปรับปรุงระบบ e-LAAS ไว้ในเว็บไซต์เดียว",
        [
            "เว็บไซต์ KM e-LAAS จัดทำตามหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท 0808.4/ว 2121 "
            "เพื่อให้เจ้าหน้าที่การเงินและบัญชีของ อปท. ค้นหาความรู้และวิธีแก้ปัญหาได้ด้วยตนเอง",
            "สมัครสมาชิกด้วยอีเมลเพื่อตั้งกระทู้สอบถามในเว็บบอร์ด และรับแจ้งเตือนเมื่อมีผู้ตอบ",
        ],
        "",
    ),
    (
        "training",
        datetime.date(2025, 11, 10),
        "เปิดรับสมัครอบรมหลักสูตรการใช้งานระบบ New e-LAAS สำหรับผู้ปฏิบัติงานใหม่ รุ่นที่ 1/2569",
        "สำหรับเจ้าหน้าที่การเงิน บัญชี และงบประมาณที่เริ่มปฏิบัติงานไม่เกิน 1 ปี อบรม 3 วันที่กรุงเทพมหานคร",
        ["รับสมัครจังหวัดละไม่เกิน 5 คน ผ่านสำนักงานท้องถิ่นจังหวัด ภายในวันที่ 30 พฤศจิกายน 2568"],
        "หนังสือเชิญและแบบตอบรับ รุ่นที่ 1/2569",
    ),
    (
        "maintenance",
        datetime.date(2025, 12, 20),
        "งดให้บริการระบบเพื่อสำรองข้อมูลประจำปี วันที่ 31 ธันวาคม 2568",
        "ระบบ e-LAAS จะปิดให้บริการวันที่ 31 ธันวาคม 2568 เวลา 12.00–18.00 น. เพื่อสำรองข้อมูลประจำปี",
        [],
        "",
    ),
    (
        "callcentre",
        datetime.date(2025, 12, 26),
        "Call Center งดให้บริการช่วงวันหยุดปีใหม่ 2569",
        "Call Center งดให้บริการวันที่ 31 ธันวาคม 2568 – 2 มกราคม 2569 และเปิดให้บริการตามปกติวันที่ 5 มกราคม 2569",
        [],
        "",
    ),
    (
        "maintenance",
        datetime.date(2026, 1, 15),
        "ปรับปรุงระบบยืนยันตัวตนด้วยรหัสผ่านใช้ครั้งเดียว (OTP) คืนวันที่ 17 มกราคม 2569",
        "ระบบจะปิดให้บริการเวลา 22.00–24.00 น. หลังปรับปรุง ผู้ใช้ต้องยืนยันตัวตนด้วย OTP ทางอีเมลเมื่อเข้าสู่ระบบจากอุปกรณ์ใหม่",
        ["ขอให้ผู้ใช้ทุกคนตรวจสอบว่าอีเมลที่ลงทะเบียนไว้ยังใช้งานได้ หากต้องการแก้ไขให้ติดต่อผู้ดูแลระบบของ อปท."],
        "",
    ),
    (
        "news",
        datetime.date(2026, 1, 20),
        "ผลสำรวจความพึงพอใจผู้ใช้งานระบบ e-LAAS ประจำปี 2568",
        "ผู้ตอบแบบสำรวจ 4,286 คน พึงพอใจในภาพรวมร้อยละ 86.4 เรื่องที่ขอให้ปรับปรุงมากที่สุดคือความเร็วในการออกรายงาน",
        [
            "กรมได้นำข้อเสนอแนะไปปรับปรุงการออกรายงานประจำเดือนให้ประมวลผลเบื้องหลัง "
            "และเพิ่มคลิปสอนการใช้งานสั้น ๆ ในหัวข้อที่มีผู้สอบถามมาก",
        ],
        "สรุปผลการสำรวจความพึงพอใจ ปี 2568",
    ),
    (
        "training",
        datetime.date(2026, 2, 2),
        "อบรมออนไลน์: การกันเงินและการขยายเวลาเบิกจ่ายในระบบ e-LAAS",
        "อบรมผ่านระบบประชุมออนไลน์ วันที่ 18 กุมภาพันธ์ 2569 เวลา 09.00–12.00 น. รับชมย้อนหลังได้ที่เพจ Facebook ของกรม",
        [],
        "",
    ),
    (
        "news",
        datetime.date(2026, 2, 25),
        "แจ้งกำหนดส่งงบการเงินประจำปีงบประมาณ พ.ศ. 2568 ผ่านระบบ e-LAAS",
        "ขอให้ อปท. จัดทำและส่งงบการเงินผ่านระบบ e-LAAS ให้แล้วเสร็จภายในวันที่ 31 มีนาคม 2569",
        ["งบการเงินที่ส่งผ่านระบบแล้วจะส่งต่อถึงสำนักงานการตรวจเงินแผ่นดินโดยอัตโนมัติ ไม่ต้องส่งเอกสารซ้ำ"],
        "",
    ),
    (
        "news",
        datetime.date(2026, 3, 3),
        "เผยแพร่คู่มือการใช้งานระบบรายรับฉบับปรับปรุง",
        "คู่มือฉบับใหม่เพิ่มขั้นตอนการรับชำระภาษีที่ดินและสิ่งปลูกสร้างผ่าน QR Code และการยกเลิกใบเสร็จรับเงิน",
        [],
        "",
    ),
    (
        "maintenance",
        datetime.date(2026, 3, 20),
        "ปิดปรับปรุงระบบ New e-LAAS วันที่ 27–30 มีนาคม 2569",
        "กรมจะปิดระบบ New e-LAAS ชั่วคราวเพื่อย้ายฐานข้อมูลไปยังเครื่องแม่ข่ายใหม่ ตั้งแต่วันศุกร์ที่ 27 มีนาคม 2569 "
        "เวลา 18.00 น. ถึงวันจันทร์ที่ 30 มีนาคม 2569 เวลา 06.00 น.",
        ["หลังย้ายเครื่องแม่ข่าย การออกรายงานและการค้นหาข้อมูลย้อนหลังจะเร็วขึ้นประมาณสามเท่า"],
        "",
    ),
    (
        "callcentre",
        datetime.date(2026, 4, 8),
        "Call Center งดให้บริการช่วงวันหยุดเทศกาลสงกรานต์ 13–15 เมษายน 2569",
        "Call Center งดให้บริการวันที่ 13–15 เมษายน 2569 ระบบ e-LAAS ยังเปิดให้ใช้งานได้ตามปกติ",
        [],
        "",
    ),
    (
        "training",
        datetime.date(2026, 4, 22),
        "สัมมนาเชิงปฏิบัติการการจัดทำงบการเงินประจำปี ภาคตะวันออกเฉียงเหนือ",
        "จัดที่จังหวัดขอนแก่น วันที่ 12–14 พฤษภาคม 2569 สำหรับผู้อำนวยการกองคลังและนักวิชาการเงินและบัญชี",
        ["ผู้เข้าร่วมจะได้ฝึกปฏิบัติการกระทบยอดบัญชีแยกประเภทกับงบการเงินจากข้อมูลจริงของหน่วยงานตนเอง"],
        "กำหนดการสัมมนา ภาคตะวันออกเฉียงเหนือ",
    ),
    (
        "callcentre",
        datetime.date(2026, 5, 5),
        "เพิ่มช่องทางสอบถามผ่าน LINE Official Account @elaas",
        "ส่งคำถามพร้อมภาพหน้าจอทาง LINE @elaas ได้ในเวลาทำการ เจ้าหน้าที่จะตอบภายใน 1 วันทำการ",
        ["เพื่อความปลอดภัย ห้ามส่งรหัสผ่านหรือภาพที่มีรหัสผ่านทางช่องทางใด ๆ"],
        "",
    ),
    (
        "news",
        datetime.date(2026, 6, 5),
        "ตั้งแต่ 10 มิถุนายน 2569 ใบผ่านรายการจ่ายจะสร้างภายหลังการบันทึกจ่ายเงิน",
        "ตามหนังสือ มท 0808.4/ว 2625 เมื่อบันทึกการจ่ายเงินใน New e-LAAS ระบบจะประมวลผลและสร้างใบผ่านรายการจ่ายให้ภายหลัง "
        "แทนการสร้างทันที",
        [
            "ผู้ใช้ตรวจสอบใบผ่านรายการจ่ายที่สร้างแล้วได้จากเมนูรายการใบผ่านรายการจ่าย "
            "ศึกษาขั้นตอนได้จากคู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน และคลิปวิดีโอในหมวดข้อมูลการปรับปรุงระบบ",
        ],
        "",
    ),
    (
        "maintenance",
        datetime.date(2026, 6, 8),
        "ปิดระบบเพื่อติดตั้งการปรับปรุงการบันทึกการจ่ายเงิน คืนวันที่ 9 มิถุนายน 2569",
        "ระบบ New e-LAAS จะงดให้บริการคืนวันอังคารที่ 9 มิถุนายน 2569 เวลา 20.00 น. ถึง 10 มิถุนายน 2569 เวลา 06.00 น.",
        [],
        "",
    ),
    (
        "training",
        datetime.date(2026, 6, 12),
        "คลิปวิดีโอย้อนหลัง: การบันทึกการจ่ายเงินแบบใหม่ในระบบ New e-LAAS",
        "รับชมคลิปอธิบายขั้นตอนบันทึกการจ่ายเงินและการตรวจสอบใบผ่านรายการจ่ายที่ระบบสร้างภายหลัง ความยาว 12 นาที",
        [],
        "",
    ),
    (
        "news",
        datetime.date(2026, 7, 7),
        "ขอให้ อปท. ตรวจสอบรหัสผู้ใช้งานและยกเลิกรหัสของผู้ที่ย้ายหรือพ้นจากตำแหน่ง",
        "เพื่อความปลอดภัยของข้อมูล ผู้ดูแลระบบของ อปท. ควรทบทวนรายชื่อผู้ใช้งานและสิทธิ์อย่างน้อยไตรมาสละครั้ง",
        ["ยื่นแบบขอยกเลิกรหัสผู้ใช้ได้จากหมวดดาวน์โหลดแบบฟอร์ม"],
        "",
    ),
    (
        "news",
        datetime.date(2026, 8, 3),
        "เตือนภัย: อีเมลและ SMS ปลอมอ้างเป็นระบบ e-LAAS เพื่อขอรหัสผ่าน",
        "กรมไม่มีนโยบายขอรหัสผ่านทางอีเมล SMS หรือโทรศัพท์ หากได้รับข้อความลักษณะนี้อย่าคลิกลิงก์และแจ้งผู้ดูแลระบบทันที",
        ["ตรวจสอบให้แน่ใจว่าเข้าสู่ระบบจากที่อยู่เว็บไซต์ทางการของกรมเท่านั้น"],
        "",
    ),
    (
        "training",
        datetime.date(2026, 8, 18),
        "อบรมการปิดบัญชีสิ้นปีงบประมาณ พ.ศ. 2569 ผ่านระบบประชุมออนไลน์",
        "อบรมวันที่ 8 กันยายน 2569 เวลา 09.00–16.00 น. หัวข้อ การกันเงิน การปรับปรุงบัญชีสิ้นปี และการปิดบัญชีในระบบ",
        [],
        "เอกสารประกอบการอบรมการปิดบัญชีสิ้นปี",
    ),
    (
        "callcentre",
        datetime.date(2026, 9, 20),
        "ขยายเวลาให้บริการ Call Center ช่วงปิดบัญชีสิ้นปี ถึง 20.00 น.",
        "ระหว่างวันที่ 21 กันยายน – 9 ตุลาคม 2569 Call Center ให้บริการวันจันทร์–ศุกร์ เวลา 08.30–20.00 น.",
        [],
        "",
    ),
    (
        "news",
        datetime.date(2026, 10, 1),
        "เริ่มปีงบประมาณ พ.ศ. 2570: ขั้นตอนเปิดปีงบประมาณใหม่ในระบบ e-LAAS",
        "ก่อนบันทึกรายการแรกของปีงบประมาณ พ.ศ. 2570 ให้ตรวจสอบยอดยกมาและบันทึกงบประมาณรายจ่ายประจำปีให้เรียบร้อย",
        [],
        "",
    ),
    (
        "news",
        datetime.date(2026, 10, 20),
        "สรุปผลการปิดบัญชีประจำปีงบประมาณ พ.ศ. 2569",
        "อปท. ร้อยละ 97.8 ปิดบัญชีในระบบได้ภายในกำหนด กรมขอบคุณเจ้าหน้าที่การเงินและบัญชีทุกท่าน",
        [],
        "",
    ),
    (
        "news",
        datetime.date(2026, 11, 10),
        "แจ้งปรับรูปแบบรายงานการโอนเงินอุดหนุนทั่วไปในระบบ e-LAAS",
        "รายงานการโอนเงินอุดหนุนทั่วไปจะแสดงเลขที่หนังสือแจ้งจัดสรรและวันที่โอนเข้าบัญชีของ อปท. เพิ่มเติม",
        [],
        "",
    ),
]

# The portal's launch stays on top; the phishing warning was pinned until the end of September.
PINNED = {
    "เปิดใช้งานเว็บไซต์คลังความรู้ KM e-LAAS": None,
    "เตือนภัย: อีเมลและ SMS ปลอมอ้างเป็นระบบ e-LAAS เพื่อขอรหัสผ่าน": datetime.date(2026, 9, 30),
}


def load(stdout):
    categories = {}
    for position, (key, (name, description, _colours)) in enumerate(CATEGORIES.items()):
        categories[key], _ = Category.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )
    made = 0
    for index, (key, date, title, summary, paragraphs, attachment) in enumerate(ITEMS):
        made += _item(
            categories[key],
            key,
            index,
            title=title,
            summary=summary,
            paragraphs=paragraphs,
            attachment=attachment,
            publish_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))),
            pinned_until=PINNED.get(title),
            pinned=title in PINNED,
        )
    made += _current(categories)
    _banner()
    stdout.write(
        f"  news: {NewsItem.objects.count()} items ({made} made this run), {Banner.objects.count()} banner(s)"
    )


def _current(categories):
    """Items dated from today, so the demo always has an upcoming maintenance
    window pinned on top and a training round scheduled to appear next week."""
    today = timezone.localdate()
    window = today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 7)  # Saturday after next
    made = _item(
        categories["maintenance"],
        "maintenance",
        len(ITEMS),
        title="ปิดปรับปรุงระบบ New e-LAAS ประจำไตรมาส (วันเสาร์–อาทิตย์)",
        summary=f"ระบบ New e-LAAS จะงดให้บริการตั้งแต่วันเสาร์ที่ {format_date(window, long=True)} เวลา 08.00 น. "
        f"ถึงวันอาทิตย์ที่ {format_date(window + datetime.timedelta(days=1), long=True)} เวลา 20.00 น. "
        "เพื่อปรับปรุงความปลอดภัยของเครื่องแม่ข่าย",
        paragraphs=["ระหว่างปิดปรับปรุง เว็บไซต์ KM e-LAAS ยังเปิดให้ค้นคู่มือและคำถามที่พบบ่อยได้ตามปกติ"],
        attachment="",
        publish_at=timezone.now() - datetime.timedelta(days=2),
        pinned=True,
        pinned_until=window + datetime.timedelta(days=1),
    )
    made += _item(
        categories["training"],
        "training",
        len(ITEMS) + 1,
        title="เปิดรับสมัครอบรมหลักสูตรผู้ปฏิบัติงานใหม่ รุ่นที่ 1/2570",
        summary="สำหรับเจ้าหน้าที่การเงิน บัญชี และงบประมาณที่เริ่มปฏิบัติงานไม่เกิน 1 ปี รับสมัครผ่านสำนักงานท้องถิ่นจังหวัด",
        paragraphs=[],
        attachment="หนังสือเชิญและแบบตอบรับ รุ่นที่ 1/2570",
        publish_at=timezone.now() + datetime.timedelta(days=5),
    )
    made += _item(
        categories["training"],
        "training",
        len(ITEMS) + 2,
        title="กำหนดการอบรมภาคใต้ ปีงบประมาณ พ.ศ. 2570 (รอยืนยันสถานที่)",
        summary="ร่างกำหนดการอบรมการใช้งานระบบ e-LAAS สำหรับ อปท. ในภาคใต้",
        paragraphs=[],
        attachment="",
        publish_at=timezone.now(),
        status=NewsItem.Status.DRAFT,
    )
    return made


def _item(category, key, index, *, title, summary, paragraphs, attachment, status=None, **fields):
    if NewsItem.objects.filter(title=title).exists():
        return 0
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs, CLOSING[key]])
    item = NewsItem(
        title=title,
        category=category,
        summary=summary,
        body=body,
        status=status or NewsItem.Status.PUBLISHED,
        **fields,
    )
    if index % 7 != 3:  # a few items have no cover, as in real life
        item.cover = ContentFile(cover_image(index, CATEGORIES[key][2]), name=f"cover-{index}.jpg")
    item.save()
    if attachment:
        Attachment.objects.create(
            item=item,
            title=attachment,
            file=pdf_file(f"news-{index}.pdf", attachment, [summary, *paragraphs]),
        )
    return 1


def cover_image(seed, colours, size=(1440, 810)):
    """An abstract cover: a diagonal gradient in the category's colours with
    a few soft translucent circles and rings. No text, so it suits any language."""
    rng = random.Random(seed)
    width, height = size
    dark, light = (Image.new("RGB", size, colour) for colour in colours)
    # A diagonal ramp: the sum of a horizontal and a vertical one, flipped for variety.
    vertical = Image.linear_gradient("L")
    mask = ImageChops.add(vertical, vertical.rotate(90), scale=2)
    mask = mask.transpose(rng.choice([Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.ROTATE_180]))
    canvas = Image.composite(light, dark, mask.resize(size, Image.Resampling.BICUBIC))
    shapes = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(height // 5, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, rng.randint(14, 34))
        )
    for _ in range(rng.randint(1, 2)):
        radius = rng.randint(height // 3, height)
        x, y = rng.randint(width // 2, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255, 48), width=5)
    canvas = Image.alpha_composite(canvas.convert("RGBA"), shapes.filter(ImageFilter.GaussianBlur(1.5)))
    buffer = io.BytesIO()
    canvas.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _banner():
    if Banner.objects.exists():
        return
    item = NewsItem.objects.filter(title__startswith="ปิดปรับปรุงระบบ New e-LAAS ประจำไตรมาส").first()
    window = item.pinned_until if item else timezone.localdate() + datetime.timedelta(days=10)
    saturday = window - datetime.timedelta(days=1)
    Banner.objects.create(
        message=f"ระบบ New e-LAAS ปิดปรับปรุง {format_date(saturday)} 08.00 น. – {format_date(window)} 20.00 น.",
        link=reverse("news:detail_short", args=[item.pk]) if item else reverse("news:index"),
        link_text="อ่านรายละเอียด",
        level=Banner.Level.WARNING,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.make_aware(datetime.datetime.combine(window, datetime.time(20))),
    )
