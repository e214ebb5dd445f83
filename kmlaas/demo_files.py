"""Small real documents for demo content and tests: PDFs with Thai text
(the Sarabun font, shaped with HarfBuzz so vowels and tone marks sit right)."""

from pathlib import Path

import fontpkg_sarabun
from django.core.files.base import ContentFile
from fpdf import FPDF

_FONTS = Path(fontpkg_sarabun.__file__).parent / "files"


# fpdf2 leaves the second glyph of a shaped cluster out of the PDF's text
# map, so "อำนาจ" would read back as "อำ?นาจ" and search could not find it.
# Written as the two marks it is drawn with, SARA AM looks the same on the
# page and reads back as ำ (kmlaas.attachments repairs it on extraction).
_SPLIT_SARA_AM = str.maketrans({"ำ": "\u0e4d\u0e32"})


def pdf_bytes(title, paragraphs):
    title = title.translate(_SPLIT_SARA_AM)
    paragraphs = [paragraph.translate(_SPLIT_SARA_AM) for paragraph in paragraphs]
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.add_font("Sarabun", "", str(_FONTS / "Sarabun-Regular.ttf"))
    pdf.add_font("Sarabun", "B", str(_FONTS / "Sarabun-Bold.ttf"))
    pdf.set_text_shaping(True)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Sarabun", "B", 16)
    pdf.multi_cell(0, 9, title)
    pdf.ln(4)
    pdf.set_font("Sarabun", "", 14)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 7.5, paragraph)
        pdf.ln(2)
    return bytes(pdf.output())


def pdf_file(name, title, paragraphs):
    return ContentFile(pdf_bytes(title, paragraphs), name=name)
