"""Rich text from CKEditor (staff) or members: stored clean, made safe to render.

Department staff paste from Word and PDF. What is saved is reduced to the
allow-list below, so Word's classes, styles, <o:p> and <font> tags, lang
attributes, comments and empty paragraphs never reach the database; an image
must be described (alt text) before it can be saved. Whatever was stored,
older content too, goes through the same allow-list again on output: no
scripts, no event handlers, no inline styles (which CSP would block anyway),
and links limited to web and mail addresses.
"""

import html as html_entities
import re
import uuid
from pathlib import PurePath

import nh3
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ckeditor_5.fields import CKEditor5Field

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "code",
    "pre",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "*": set(),  # nh3 would otherwise keep lang and title everywhere: Word puts lang="TH" on every span
}
# CKEditor marks image alignment and tables with these classes only.
CLASSES = {
    "figure": {"image", "image-style-side", "image-style-align-left", "image-style-align-right", "table"},
}
# Removed with their text: Word's clipboard carries its style sheet and settings in these.
CONTENT_DROPPED = {"script", "style", "title", "xml"}
# Removed when they hold nothing visible: Word and PDF pastes leave <p>&nbsp;</p> between paragraphs.
DROPPED_WHEN_EMPTY = {"p", "h2", "h3", "h4"}

# nh3 writes every "<" of text and of attribute values as "&lt;" and quotes
# every attribute value with '"', so in its output each "<" opens a tag and
# these two patterns read tags exactly.
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)((?:\s[^>]*)?)>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
# Word pads list numbers and imitates tabs with runs of no-break spaces; one
# alone is kept, as in "ว&nbsp;2625", where the number must not wrap apart.
_SPACE_RUN = re.compile(r"\s*&nbsp;(?:\s*&nbsp;)*\s*")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def _allowed(html, link_rel=None):
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=CONTENT_DROPPED,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=link_rel,
    )


class _Tag:
    def __init__(self, match):
        self.source = match.group(0)
        self.closing = bool(match.group(1))
        self.name = match.group(2)
        self.attributes = {
            name: html_entities.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(3))
        }


def _tokens(cleaned):
    """nh3 output as a list of text strings and _Tags."""
    tokens, position = [], 0
    for match in _TAG.finditer(cleaned):
        tokens.append(cleaned[position : match.start()])
        tokens.append(_Tag(match))
        position = match.end()
    tokens.append(cleaned[position:])
    return [token for token in tokens if token != ""]


def _text(tokens):
    return html_entities.unescape("".join(t for t in tokens if isinstance(t, str)))


def _tidy(tokens):
    """Drop what the allow-list leaves of pasted leftovers: images whose file:///
    or data: address was removed, link anchors without an address (Word's
    bookmarks), paragraphs or headings with nothing visible in them, runs of
    no-break spaces and blank lines."""
    kept, opened, in_bookmark = [], [], False
    for token in tokens:
        if isinstance(token, str):
            if kept and isinstance(kept[-1], str):  # text that met across a dropped element
                token = kept.pop() + token
            token = _SPACE_RUN.sub(lambda run: run[0] if run[0] == "&nbsp;" else " ", token)
            if not token.strip():
                token = _BLANK_LINES.sub("\n", token)
        else:
            if token.name == "img" and not token.attributes.get("src"):
                continue
            if token.name == "a" and (in_bookmark or not (token.closing or "href" in token.attributes)):
                in_bookmark = not token.closing  # links cannot nest, so the next </a> is its end
                continue
            if token.name in DROPPED_WHEN_EMPTY:
                if not token.closing:
                    opened.append(len(kept))
                elif opened:
                    start = opened.pop()
                    inside = kept[start + 1 :]
                    if (
                        not any(isinstance(t, _Tag) and t.name == "img" for t in inside)
                        and not _text(inside).replace("\u200b", "").strip()
                    ):
                        del kept[start:]
                        continue
        kept.append(token)
    return kept


def _source(tokens):
    return "".join(t.source if isinstance(t, _Tag) else t for t in tokens).strip()


def clean(html):
    """The HTML to store: the allow-list only, without Word's and PDF's leftovers."""
    return _source(_tidy(_tokens(_allowed(html))))


def _table_label(tokens, start):
    """The caption of the table opening at tokens[start]: its <caption>, or the
    <figcaption> CKEditor puts right after it."""
    depth, in_caption, caption = 0, False, []
    for token in tokens[start:]:
        if isinstance(token, str):
            if in_caption:
                caption.append(token)
        elif token.name == "table":
            depth += -1 if token.closing else 1
        elif token.name in ("caption", "figcaption") and depth <= 1:
            if token.closing:
                break
            in_caption = True
        elif depth == 0 and not in_caption:
            break  # the table has ended and no caption follows it
    return " ".join(_text(caption).split())


def _for_the_page(tokens):
    """Describe images stored before alt text was required as decorative
    (alt=""), and put each table in a region that scrolls sideways on a phone
    and can be scrolled from the keyboard."""
    shown, depth, unnamed = [], 0, 0
    for index, token in enumerate(tokens):
        if isinstance(token, _Tag) and token.name == "img" and "alt" not in token.attributes:
            shown.append(token.source[:-1] + ' alt="">')
            continue
        if isinstance(token, _Tag) and token.name == "table":
            depth += -1 if token.closing else 1
            if token.closing and depth == 0:
                shown.append(token.source + "</div>")
                continue
            if not token.closing and depth == 1:
                label = _table_label(tokens, index)
                if not label:
                    unnamed += 1
                    label = _("ตารางที่ %(number)s") % {"number": unnamed}
                shown.append(
                    f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
                )
        shown.append(token.source if isinstance(token, _Tag) else token)
    return "".join(shown).strip()


def sanitize(html, *, link_rel="noopener noreferrer"):
    shown = _for_the_page(_tidy(_tokens(_allowed(html, link_rel))))
    return mark_safe(shown)  # noqa: S308 - nh3 has just removed everything unsafe; we only added our own markup


def _numbers(images, test):
    return ", ".join(str(number) for number, image in enumerate(images, start=1) if test(image))


def validate_image_alt(html):
    """Every image must say what it shows: screen readers read the alt text instead."""
    images = [t for t in _tokens(clean(html)) if isinstance(t, _Tag) and t.name == "img"]
    if undescribed := _numbers(images, lambda image: not image.attributes.get("alt", "").strip()):
        raise ValidationError(
            gettext_lazy(
                "ใส่คำอธิบายภาพ (ข้อความแทนภาพ) ให้รูปที่ %(numbers)s ในช่องนี้: คลิกที่รูป "
                "แล้วกดปุ่ม ALT (‘เปลี่ยนข้อความเมื่อไม่พบรูป’) ในแถบเครื่องมือรูปภาพที่ขึ้นเหนือรูป "
                "พิมพ์ว่ารูปแสดงอะไร แล้วกดเครื่องหมายถูก — ผู้ที่มองไม่เห็นรูปจะได้ยินข้อความนี้แทน"
            ),
            code="image_alt",
            params={"numbers": undescribed},
        )


def refuse_images_left_on_the_computer(html):
    """A picture pasted from Word without its file points at the editor's own
    disk (file:///C:/…) or is still inline data; it cannot be published, and
    clean() would drop it silently, so the editor is told before that."""
    kept = nh3.clean(
        html or "",
        tags={"img"},
        clean_content_tags=CONTENT_DROPPED,
        attributes={"img": {"src"}, "*": set()},
        url_schemes={"http", "https", "file", "data", "blob"},
        link_rel=None,
    )
    images = [t for t in _tokens(kept) if isinstance(t, _Tag) and t.name == "img"]
    local = ("file:", "data:", "blob:")
    if left := _numbers(images, lambda image: image.attributes.get("src", "").lower().startswith(local)):
        raise ValidationError(
            gettext_lazy(
                "รูปที่ %(numbers)s ในช่องนี้ยังเป็นไฟล์ในเครื่องคอมพิวเตอร์ของคุณ (มักเกิดเมื่อคัดลอกจาก Word) "
                "จึงเผยแพร่ไม่ได้: ลบรูปนั้น แล้วใส่รูปอีกครั้งด้วยปุ่ม ‘อัปโหลดภาพจากคอมพิวเตอร์’ ในแถบเครื่องมือ"
            ),
            code="image_local",
            params={"numbers": left},
        )


class RichTextField(CKEditor5Field):
    """CKEditor 5 text that is stored clean (see clean()) and whose images
    are uploaded and described. The cleaning runs on every save; the image
    checks wherever the model is validated (the admin's forms)."""

    default_validators = [validate_image_alt]

    def to_python(self, value):
        if not isinstance(value, str):
            return value
        refuse_images_left_on_the_computer(value)  # before clean() drops them
        return clean(value)

    def pre_save(self, model_instance, add):
        value = clean(super().pre_save(model_instance, add) or "")
        setattr(model_instance, self.attname, value)
        return value


EDITOR_FOLDER = "editor/"


class EditorImageStorage:
    """Where CKEditor's image uploads go: under editor/ in the default storage,
    with a random name, whatever backend (disk or S3) is configured. No row
    names them, only the texts that show them; sweep_media reads those."""

    def save(self, name, content):
        extension = PurePath(name).suffix.lower()
        return default_storage.save(f"{EDITOR_FOLDER}{uuid.uuid4().hex}{extension}", content)

    def url(self, name):
        return default_storage.url(name)
