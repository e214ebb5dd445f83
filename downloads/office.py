"""Small real Office files for demo forms and tests.

Word: a title and paragraphs in the Thai government's standard typeface
(TH Sarabun New, 16 pt) is all a demo form needs, so the .docx is written
directly as Office Open XML rather than through a dependency. Its parts are
the minimum Word and LibreOffice require (content types, package
relationships, the document and its core properties), and it passes
kmlaas.attachments.validate_upload. Excel files come from openpyxl, which
the portal already uses.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from openpyxl import Workbook
from openpyxl.styles import Font

from kmlaas.registry.exports import spreadsheet_cell

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title>
<dc:creator>{author}</dc:creator>
<dc:language>th-TH</dc:language>
</cp:coreProperties>"""

_DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>{paragraphs}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body>
</w:document>"""

FONT = "TH Sarabun New"


def _paragraph(text, *, bold=False, size_pt=16, centered=False):
    half_points = size_pt * 2
    run = (
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/><w:lang w:bidi="th-TH"/>'
    )
    alignment = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centered else ""
    return (
        f'<w:p>{alignment}<w:r><w:rPr>{run}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def docx_bytes(title, paragraphs, author="กรมส่งเสริมการปกครองท้องถิ่น"):
    body = _paragraph(title, bold=True, size_pt=18, centered=True)
    body += "".join(_paragraph(text) for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", _DOCUMENT.format(paragraphs=body))
        archive.writestr("docProps/core.xml", _CORE.format(title=escape(title), author=escape(author)))
    return buffer.getvalue()


def docx_file(name, title, paragraphs):
    return ContentFile(docx_bytes(title, paragraphs), name=name)


def xlsx_bytes(title, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "แบบรายงาน"
    sheet.append([title])
    sheet["A1"].font = Font(name=FONT, size=16, bold=True)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(name=FONT, size=14, bold=True)
    for row in rows:
        sheet.append(row)
        # Demo forms are downloaded like any export: text stays text, never a formula.
        for cell in sheet[sheet.max_row]:
            if spreadsheet_cell(cell.value, quote=False)[1]:
                cell.data_type = "s"
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 22
    workbook.properties.title = title
    workbook.properties.creator = "กรมส่งเสริมการปกครองท้องถิ่น"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(name, title, header, rows):
    return ContentFile(xlsx_bytes(title, header, rows), name=name)
