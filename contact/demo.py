"""Demo contact requests, one in each state, with their state history.
Keyed on the subject, so loading twice changes nothing."""

import datetime

from django.utils import timezone

from contact.models import ContactRequest, StateChange

State = ContactRequest.State
# subject -> (type, sender, e-mail, message, states after "received", answer)
REQUESTS = {
    "บันทึกฎีกาแล้วระบบแจ้งงบประมาณไม่พอ": (
        "problem",
        "สมศรี ใจดี",
        "somsri.demo@example.com",
        "วางฎีกาค่าวัสดุสำนักงานแล้วระบบแจ้งว่างบประมาณคงเหลือไม่พอ ทั้งที่ยังมีงบประมาณตามข้อบัญญัติ",
        [State.IN_PROGRESS, State.ANSWERED],
        "รายการนี้มีการกันเงินไว้แล้วบางส่วน โปรดตรวจสอบรายงานการกันเงินและโอนงบประมาณก่อนวางฎีกาอีกครั้ง",
    ),
    "ขอคู่มือการปิดบัญชีสิ้นปีฉบับล่าสุด": (
        "question",
        "ประเสริฐ มั่นคง",
        "prasert.demo@example.com",
        "ต้องการคู่มือการปิดบัญชีสิ้นปีงบประมาณ 2569 ฉบับที่ปรับปรุงล่าสุด",
        [State.IN_PROGRESS, State.ANSWERED, State.CLOSED],
        "ดาวน์โหลดได้ที่หมวดคู่มือและเอกสาร หัวข้อ ปิดบัญชีสิ้นปี",
    ),
    "เสนอให้เพิ่มการค้นหาด้วยเลขที่ฎีกา": (
        "suggestion",
        "วิไล ศรีสุข",
        "wilai.demo@example.com",
        "อยากให้ค้นหาฎีกาย้อนหลังด้วยเลขที่ฎีกาได้โดยตรง",
        [],
        "",
    ),
}


def load(stdout):
    start = timezone.now() - datetime.timedelta(days=10)
    made = 0
    for day, (subject, (kind, name, email, message, states, answer)) in enumerate(REQUESTS.items()):
        if ContactRequest.objects.filter(subject=subject).exists():
            continue
        when = start + datetime.timedelta(days=day)
        contact = ContactRequest.objects.create(
            kind=kind, name=name, email=email, subject=subject, message=message, created_at=when
        )
        contact.assign_number()
        StateChange.objects.create(request=contact, state=State.RECEIVED, changed_at=when)
        for step, state in enumerate(states, start=1):
            StateChange.objects.create(
                request=contact, state=state, changed_at=when + datetime.timedelta(days=step)
            )
        contact.state = states[-1] if states else State.RECEIVED
        contact.answer = answer
        if contact.state == State.CLOSED:
            contact.closed_at = when + datetime.timedelta(days=len(states))
        contact.save()
        made += 1
    stdout.write(f"Contact requests: {made} new.")
