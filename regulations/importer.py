"""Import official letters from plain (OCR) text, like the seed circulars.

`parse(text)` reads every letter in the text — a provincial letter and the
department letter it forwards often arrive as one file — and `save(letters)`
stores them as drafts for an editor to review before publishing. Whatever the
parser is unsure of is written into the draft's review notes.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction

from kmlaas.thai import fix_ocr, format_date, parse_date
from regulations.models import Agency, Regulation, Relation
from regulations.numbers import NUMBER_PATTERN, normalize_number

URGENCIES = [
    ("ด่วนที่สุด", Regulation.Urgency.MOST_URGENT),
    ("ด่วนมาก", Regulation.Urgency.VERY_URGENT),
    ("ด่วน", Regulation.Urgency.URGENT),
]

_DATE = r"[0-9๐-๙]{1,2}\s+[ก-๙.]+\s+(?:พ\.ศ\.\s*)?[0-9๐-๙]{4}"
_LETTER_START = re.compile(rf"^ที่\s+(?P<number>{NUMBER_PATTERN})\s*$", re.M)
_REFERENCE = re.compile(
    rf"(?P<urgency>ด่วนที่สุด|ด่วนมาก|ด่วน)?\s*ที่\s+(?P<number>{NUMBER_PATTERN})\s+ลงวันที่\s+(?P<date>{_DATE})"
    r"(?:\s+เรื่อง\s+(?P<subject>.+?)(?=\s+(?:และหนังสือ|และ\S*หนังสือ|โดย|ที่แนบ|รายละเอียด|นั้น)|\n|$))?"
    r"(?=(?P<after>[^\n]{0,40}))"
)
_EFFECTIVE = re.compile(rf"(?:เริ่มใช้งาน|มีผล(?:ใช้บังคับ)?)?ตั้งแต่วันที่\s+(?P<date>{_DATE})\s*เป็นต้นไป")
_PARTIAL_DATE = re.compile(r"^[ก-๙.]+\s+[0-9๐-๙]{4}$")


@dataclass
class Reference:
    kind: str
    number: str
    date: object = None
    subject: str = ""


@dataclass
class ParsedLetter:
    number: str
    date: object = None
    urgency: str = ""
    subject: str = ""
    addressee: str = ""
    effective_date: object = None
    references: list = field(default_factory=list)
    body: str = ""
    source_text: str = ""
    notes: list = field(default_factory=list)

    @property
    def kind(self):
        return Regulation.Kind.CIRCULAR if "/ว" in normalize_number(self.number) else Regulation.Kind.LETTER


def clean(text):
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\ufeff", "")
    return fix_ocr(text)


def parse(text):
    text = clean(text)
    starts = list(_LETTER_START.finditer(text))
    letters = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        letters.append(_parse_letter(match.group("number"), text[match.start() : end], text[: match.start()]))
    _link_enclosures(letters)
    return letters


def _lines(chunk):
    return [line.strip() for line in chunk.splitlines() if line.strip()]


def _parse_letter(number, chunk, before):
    letter = ParsedLetter(number=re.sub(r"\s+", " ", number).strip(), source_text=chunk.strip())
    lines = _lines(chunk)

    # An urgency stamp stands on a line of its own just above the number.
    for line in _lines(before)[-3:] + lines[:3]:
        for word, value in URGENCIES:
            if line == word:
                letter.urgency = value
                break

    for line in lines[1:]:
        if not letter.subject and line.startswith("เรื่อง"):
            letter.subject = line.removeprefix("เรื่อง").strip()
        elif not letter.addressee and line.startswith(("เรียน ", "ถึง ")):
            letter.addressee = line.split(" ", 1)[1].strip()
        elif letter.date is None and len(line) <= 30 and (found := parse_date(line)):
            letter.date = found
        elif letter.date is None and _PARTIAL_DATE.match(line) and not line.startswith(("เรื่อง", "โทร")):
            letter.notes.append(f"ลงวันที่ไม่ครบ ({line}) — กรุณาระบุวันที่")

    own = normalize_number(letter.number)
    for found in _REFERENCE.finditer(chunk):
        if normalize_number(found.group("number")) == own:
            continue
        forwards = "แนบมาพร้อมนี้" in found.group("after")
        letter.references.append(
            Reference(
                kind=Relation.Kind.FORWARDS if forwards else Relation.Kind.REFERS_TO,
                number=re.sub(r"\s+", " ", found.group("number")).strip(),
                date=parse_date(found.group("date")),
                subject=(found.group("subject") or "").strip(),
            )
        )

    effective = list(_EFFECTIVE.finditer(chunk))
    if effective:
        letter.effective_date = parse_date(effective[-1].group("date"))

    letter.body = _body(lines)
    if not letter.subject:
        letter.notes.append("ไม่พบบรรทัด “เรื่อง” — กรุณาระบุเรื่อง")
    if letter.date is None and not any("ลงวันที่ไม่ครบ" in note for note in letter.notes):
        letter.notes.append("ไม่พบวันที่ของหนังสือ — กรุณาระบุวันที่")
    return letter


def _body(lines):
    """The letter's paragraphs: from the first long paragraph to the closing."""
    paragraphs = []
    for line in lines:
        if line.startswith(("จึงเรียนมา", "ขอแสดงความนับถือ")):
            break
        if len(line) > 80 or (paragraphs and re.match(r"^[0-9๐-๙]+\.", line)):
            paragraphs.append(line)
    return "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


def _link_enclosures(letters):
    """A letter that forwards one "ที่แนบมาพร้อมนี้" and arrives with it in the
    same text points at that enclosed letter, even when its citation of the
    number differs (the Nakhon Phanom letter cites ว ๒๖๒๔ for ว ๒๖๒๕)."""
    for position, letter in enumerate(letters):
        enclosed = letters[position + 1 :]
        for reference in letter.references:
            if reference.kind != Relation.Kind.FORWARDS or not enclosed:
                continue
            match = enclosed[0]
            if normalize_number(reference.number) != normalize_number(match.number):
                letter.notes.append(
                    f"อ้างหนังสือที่แนบเป็นเลขที่ {reference.number} แต่หนังสือที่แนบมาคือ {match.number} — กรุณาตรวจสอบ"
                )
                reference.number = match.number
            if match.date is None and reference.date:
                match.date = reference.date
                match.notes = [n for n in match.notes if "ลงวันที่ไม่ครบ" not in n]
                match.notes.append(
                    f"วันที่ {format_date(reference.date, long=True)} นำมาจากหนังสือ {letter.number} ที่ส่งต่อ — กรุณาตรวจสอบ"
                )


@transaction.atomic
def save(letters, author=None):
    """Store parsed letters as drafts (or complete existing entries) and link their references.

    Returns a list of (regulation, created) pairs. A letter already in the
    register keeps what editors wrote; only empty fields are filled.
    """
    results = []
    for letter in letters:
        agency = Agency.for_number(letter.number)
        if agency is None:
            raise ValueError(
                f"ไม่รู้จักหน่วยงานของเลขที่ {letter.number} — เพิ่มรหัสหนังสือของหน่วยงานในหน้าจัดการหน่วยงานก่อน"
            )
        existing = Regulation.objects.numbered(letter.number).first()
        values = {
            "title": letter.subject or f"หนังสือ {letter.number}",
            "kind": letter.kind,
            "agency": agency,
            "date": letter.date,
            "urgency": letter.urgency,
            "addressee": letter.addressee,
            "effective_date": letter.effective_date,
            "body": letter.body,
            "source_text": letter.source_text,
            "review_notes": "\n".join(letter.notes),
        }
        if existing:
            for name, value in values.items():
                if value and not getattr(existing, name):
                    setattr(existing, name, value)
            existing.save()
            regulation, created = existing, False
        else:
            regulation = Regulation.objects.create(number=letter.number, author=author, **values)
            created = True
        for reference in letter.references:
            Relation.objects.get_or_create(
                source=regulation,
                kind=reference.kind,
                target_number_normalized=normalize_number(reference.number),
                defaults={
                    "target_number": reference.number,
                    "target_date": reference.date,
                    "target_subject": reference.subject[:300],
                },
            )
        results.append((regulation, created))
    return results
