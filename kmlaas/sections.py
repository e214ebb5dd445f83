"""The ten sections of the portal, as the DLA circular มท ๐๘๐๘.๔/ว ๒๑๒๑ lists
them: one definition read by the navigation, the home page and the sitemap."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    url_name: str
    icon: str

    @property
    def url(self):
        return reverse(self.url_name)


SECTIONS = [
    Section(
        "manuals",
        _("คู่มือและเอกสาร"),
        _("คู่มือการใช้งานระบบ e-LAAS และเอกสารที่เกี่ยวข้องกับการปฏิบัติงาน"),
        "manuals:index",
        "book",
    ),
    Section(
        "regulations",
        _("กฎหมาย ระเบียบ หนังสือสั่งการ"),
        _("กฎหมาย ระเบียบ และหนังสือสั่งการเกี่ยวกับการบันทึกบัญชีและการปฏิบัติงานใน e-LAAS"),
        "regulations:index",
        "scale",
    ),
    Section(
        "faq",
        _("คำถามที่พบบ่อย"),
        _("ปัญหาการใช้งาน e-LAAS ที่สอบถามบ่อยครั้ง พร้อมวิธีแก้ไข"),
        "faq:index",
        "help",
    ),
    Section(
        "webboard",
        _("เว็บบอร์ด"),
        _("ตั้งกระทู้สอบถามปัญหาหรือแสดงความคิดเห็นเกี่ยวกับการปฏิบัติงานใน e-LAAS"),
        "webboard:index",
        "chat",
    ),
    Section(
        "news",
        _("ข่าวประชาสัมพันธ์"),
        _("ข่าวสารและประกาศสำหรับผู้ใช้งานระบบ e-LAAS"),
        "news:index",
        "megaphone",
    ),
    Section(
        "updates",
        _("ข้อมูลการปรับปรุงระบบ"),
        _("รายการปรับปรุงแก้ไขโปรแกรม e-LAAS พร้อมคู่มือรายการที่เปลี่ยนแปลง"),
        "updates:index",
        "refresh",
    ),
    Section(
        "subsidies",
        _("การโอนเงินอุดหนุนทั่วไป"),
        _("รายละเอียดการโอนจัดสรรเงินอุดหนุนทั่วไปให้ อปท. ผ่านระบบ e-LAAS"),
        "subsidies:index",
        "transfer",
    ),
    Section(
        "fiscal",
        _("ภาพรวมการคลัง"),
        _("รายรับจริงและรายจ่ายจริงของ อปท. ในปีงบประมาณปัจจุบัน"),
        "fiscal:index",
        "chart",
    ),
    Section(
        "downloads",
        _("ดาวน์โหลดแบบฟอร์ม"),
        _("แบบฟอร์มต่าง ๆ เช่น แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งาน e-LAAS"),
        "downloads:index",
        "download",
    ),
    Section(
        "members",
        _("สมาชิก"),
        _("สมัครสมาชิกและเข้าสู่ระบบเพื่อตั้งกระทู้ในเว็บบอร์ด"),
        "account_login",
        "user",
    ),
]

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
