"""Files attached to any content item: manuals, circulars, news, answers.

An upload is accepted only when its bytes agree with its extension (an .exe
renamed .pdf is refused) and it is within the size limit. Files are stored
through Django's storage API under a random name; the original file name is
kept for the download's Content-Disposition. A PDF's text and page count are
read once, on upload, so the site search can find words inside documents.
"""

import logging
import re
import uuid
import warnings
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from kmlaas import ratelimit
from kmlaas.stored_files import OwnsFiles, OwnsFilesQuerySet

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    PDF = "pdf", "PDF"
    WORD = "word", "Word"
    EXCEL = "excel", "Excel"
    POWERPOINT = "powerpoint", "PowerPoint"
    ZIP = "zip", "ZIP"
    IMAGE = "image", _("รูปภาพ")
    VIDEO = "video", _("วิดีโอ")


# extension -> (kind, what the bytes must be, content type)
_TYPES = {
    "pdf": (Kind.PDF, "pdf", "application/pdf"),
    "docx": (Kind.WORD, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": (Kind.WORD, "ole", "application/msword"),
    "xlsx": (Kind.EXCEL, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": (Kind.EXCEL, "ole", "application/vnd.ms-excel"),
    "pptx": (
        Kind.POWERPOINT,
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "ppt": (Kind.POWERPOINT, "ole", "application/vnd.ms-powerpoint"),
    "zip": (Kind.ZIP, "zip", "application/zip"),
    "jpg": (Kind.IMAGE, "JPEG", "image/jpeg"),
    "jpeg": (Kind.IMAGE, "JPEG", "image/jpeg"),
    "png": (Kind.IMAGE, "PNG", "image/png"),
    "gif": (Kind.IMAGE, "GIF", "image/gif"),
    "webp": (Kind.IMAGE, "WEBP", "image/webp"),
    "mp4": (Kind.VIDEO, "mp4", "video/mp4"),
}

_OOXML_MARKERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}


def _extension(name):
    return PurePath(name).suffix.lower().lstrip(".")


def sniff(fileobj):
    """What the bytes of a file really are: pdf, docx, xlsx, pptx, zip, ole, mp4, an image format, or None."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            fileobj.seek(0)
        for marker, kind in _OOXML_MARKERS.items():
            if marker in names:
                return kind
        return "zip"
    try:
        with Image.open(fileobj) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        fileobj.seek(0)


# The most pixels an uploaded image may have (Pillow's Image.MAX_IMAGE_PIXELS,
# set in KmlaasConfig.ready). 40 million is a 7,700 × 5,200 photo; decoding
# more would take hundreds of MB per request, which is how a tiny PNG
# declaring 20,000 × 20,000 pixels (a "decompression bomb") takes a server down.
IMAGE_MAX_PIXELS = 40_000_000
_IMAGE_TOO_BIG = _("รูปภาพมีขนาดใหญ่เกินไป (เกิน %(limit)s ล้านพิกเซล) — ย่อรูปก่อนแนบ")
_IMAGE_DAMAGED = _("เปิดรูปภาพนี้ไม่ได้ — ไฟล์อาจเสียหายหรือไม่ครบ ลองบันทึกรูปใหม่แล้วแนบอีกครั้ง")


def _check_image(upload):
    """Decode the whole image once, so a truncated file or a decompression
    bomb is refused here with a message rather than failing later, when the
    thumbnail or the news cover sizes are made."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > IMAGE_MAX_PIXELS:
                    raise Image.DecompressionBombError
                image.draft(image.mode, (image.width // 8, image.height // 8))  # JPEG: decode at 1/8 size
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _IMAGE_TOO_BIG, code="image_size", params={"limit": IMAGE_MAX_PIXELS // 1_000_000}
        ) from None
    except Exception:  # Pillow's decoders fail on damaged data with many kinds of error
        raise ValidationError(_IMAGE_DAMAGED, code="image_damaged") from None
    finally:
        upload.seek(0)


def validate_upload(upload):
    extension = _extension(upload.name)
    if extension not in _TYPES:
        allowed = ", ".join(sorted(_TYPES))
        raise ValidationError(
            _("ไม่รับไฟล์ชนิด .%(ext)s — รับเฉพาะ %(allowed)s") % {"ext": extension or "?", "allowed": allowed},
            code="extension",
        )
    kind, expected, _content_type = _TYPES[extension]
    limit_mb = settings.ATTACHMENT_VIDEO_MAX_MB if kind == Kind.VIDEO else settings.ATTACHMENT_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("ไฟล์ใหญ่เกินไป (%(size)s) — ขนาดสูงสุด %(limit)s MB")
            % {"size": filesizeformat(upload.size), "limit": limit_mb},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("ไฟล์ว่างเปล่า"), code="empty")
    if kind == Kind.IMAGE:
        _check_image(upload)
    if sniff(upload) != expected:
        raise ValidationError(
            _("เนื้อไฟล์ไม่ใช่ .%(ext)s ตามนามสกุล — ไฟล์อาจเสียหายหรือถูกเปลี่ยนชื่อ") % {"ext": extension},
            code="content",
        )


# Reading text costs about 20 ms a page; past this many pages an upload would
# risk the request timeout, and the first thousand pages are plenty to search.
PDF_TEXT_MAX_PAGES = 1000
# Control characters: what a PDF gives back for a glyph missing from its text
# map (often the second half of a shaped Thai SARA AM). They would split
# words for the search, and PostgreSQL text cannot hold NUL at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Thai SARA AM (ำ) is drawn as NIKHAHIT + SARA AA, and many PDFs give those
# two back, sometimes with the tone mark between them; people type ำ.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def read_pdf(fileobj, name=""):
    """The text and page count of a PDF, as (text, pages).

    Never raises: a scanned, encrypted or damaged PDF is still a valid
    upload, so a failure is logged and whatever could be read is kept
    (no text, and no page count if even that could not be read).
    """
    text, pages = [], None
    try:
        fileobj.seek(0)
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")  # most "protected" PDFs only restrict printing or copying
        pages = len(reader.pages)
        for number, page in enumerate(reader.pages[:PDF_TEXT_MAX_PAGES], start=1):
            try:
                text.append(page.extract_text() or "")
            except Exception:
                logger.warning("Could not read the text of page %s of PDF %r", number, name, exc_info=True)
    except Exception:
        logger.warning("Could not read PDF %r; it is stored without its text", name, exc_info=True)
    finally:
        fileobj.seek(0)
    text = _CONTROL_CHARACTERS.sub("", "\n".join(text))
    return _SARA_AM.sub("\\1\u0e33", text).strip(), pages


FOLDER = "attachments/"
# Small previews of attached images (webboard.thumbnails makes them), named after the file.
THUMBNAIL_FOLDER = "webboard/thumbs/"


def _upload_to(instance, filename):
    return f"{FOLDER}{uuid.uuid4().hex}.{_extension(filename)}"


def thumbnail_name(file_name):
    return f"{THUMBNAIL_FOLDER}{PurePath(file_name).stem}.jpg"


class Attachment(OwnsFiles):
    content_type = models.ForeignKey(ContentType, verbose_name=_("ประเภทรายการ"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("รหัสรายการ"))
    item = GenericForeignKey("content_type", "object_id")

    file = models.FileField(_("ไฟล์"), upload_to=_upload_to, validators=[validate_upload], max_length=200)
    title = models.CharField(_("ชื่อไฟล์ที่แสดง"), max_length=200, blank=True)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=200, editable=False)
    kind = models.CharField(_("ชนิดไฟล์"), max_length=12, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"), default=0, editable=False)
    download_count = models.PositiveIntegerField(_("ดาวน์โหลด"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now_add=True)
    text = models.TextField(_("ข้อความในไฟล์"), blank=True, editable=False)
    pages = models.PositiveIntegerField(_("จำนวนหน้า"), null=True, blank=True, editable=False)

    objects = OwnsFilesQuerySet.as_manager()

    file_folders = (FOLDER, THUMBNAIL_FOLDER)

    class Meta:
        verbose_name = _("ไฟล์แนบ")
        verbose_name_plural = _("ไฟล์แนบ")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name = PurePath(self.file.name).name
            self.size = self.file.size
            self.kind = _TYPES[_extension(self.file.name)][0]
            if self.kind == Kind.PDF:
                self.text, self.pages = read_pdf(self.file, self.original_name)
        super().save(*args, **kwargs)

    def stored_names(self):
        names = super().stored_names()
        if self.file:
            # Only images get one, but deleting a name that is not there costs nothing.
            names[thumbnail_name(self.file.name)] = self.file.storage
        return names

    def get_absolute_url(self):
        return reverse("attachment", args=[self.pk, self.original_name])

    @property
    def display_name(self):
        return self.title or self.original_name

    @property
    def extension(self):
        return _extension(self.original_name)

    @property
    def content_type_header(self):
        return _TYPES.get(self.extension, (None, None, "application/octet-stream"))[2]


class AttachmentInline(GenericTabularInline):
    model = Attachment
    fields = ["file", "title", "position", "kind", "size", "pages", "text_found", "download_count"]
    readonly_fields = ["kind", "size", "pages", "text_found", "download_count"]
    extra = 1

    @admin.display(description=_("ค้นข้อความได้"))
    def text_found(self, obj):
        # A PDF without text is usually a scan: staff should know the search cannot see inside it.
        if obj.pk is None or obj.kind != Kind.PDF:
            return "–"
        if obj.text:
            return _("ได้ (%(count)s ตัวอักษร)") % {"count": intcomma(len(obj.text))}
        return _("ไม่ได้ — อาจเป็นไฟล์สแกน")


# Crawlers and link checkers would otherwise inflate download counts.
DOWNLOAD_REPEAT_SECONDS = 3600
_BOT_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "curl", "wget", "python-requests")


def _is_bot(request):
    agent = request.headers.get("User-Agent", "").lower()
    return not agent or any(marker in agent for marker in _BOT_MARKERS)


@require_safe
def download(request, pk, filename):
    """Serve an attachment, counting real downloads.

    A GET from a browser counts once per visitor (member, or else address —
    not browser string, which costs nothing to change) per hour; HEAD requests
    and known bots do not count. The file is served only if the item it
    belongs to is visible to the visitor.
    """
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    item = attachment.item
    if item is None or not item.is_visible_to(request.user):
        raise Http404
    if (
        request.method == "GET"
        and not _is_bot(request)
        and ratelimit.first(f"download:{pk}:{ratelimit.client_key(request)}", DOWNLOAD_REPEAT_SECONDS)
    ):
        Attachment.objects.filter(pk=pk).update(download_count=F("download_count") + 1)
    inline = request.GET.get("view") == "1" and attachment.kind in (Kind.PDF, Kind.IMAGE, Kind.VIDEO)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type_header,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
