"""Rich text from CKEditor (staff) or members, made safe to render.

Whatever was stored, only this allow-list reaches the page: no scripts, no
event handlers, no inline styles (which CSP would block anyway), and links
limited to web and mail addresses.
"""

import uuid
from pathlib import PurePath

import nh3
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

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
    "span",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# CKEditor marks image alignment and tables with these classes only.
CLASSES = {
    "figure": {"image", "image-style-side", "image-style-align-left", "image-style-align-right", "table"},
}


def sanitize(html, *, link_rel="noopener noreferrer"):
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=link_rel,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything unsafe


class EditorImageStorage:
    """Where CKEditor's image uploads go: under editor/ in the default storage,
    with a random name, whatever backend (disk or S3) is configured."""

    def save(self, name, content):
        extension = PurePath(name).suffix.lower()
        return default_storage.save(f"editor/{uuid.uuid4().hex}{extension}", content)

    def url(self, name):
        return default_storage.url(name)
