"""What LINE and Facebook show for a link to the portal: Open Graph and
Twitter card tags, rendered into every page's <head> by the `share_meta` tag
(templates/includes/_share_meta.html).

A detail page names its item and the field that summarises it; every other
page is shared as the portal (or its section). Everything comes from what
the view already loaded, so the tags cost no query.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kmlaas import thai

SUMMARY_LIMIT = 200
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII only: "๒" and "²" are digits to str.isdigit()
# Where a paragraph, heading, cell or line ends. Thai marks those breaks with
# a space, so they become one when the tags go; inline tags (a bold word)
# sit inside words and go without one.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|dt|dd|td|th|div|blockquote|pre)>|<br\s*/?>)", re.IGNORECASE)


@dataclass(frozen=True)
class Image:
    url: str  # a path or an absolute URL
    width: int | None = None
    height: int | None = None
    alt: str = ""


def site_name():
    return _("คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท.")


def default_image():
    # Drawn by scripts/share_image.py in the size both LINE and Facebook recommend.
    return Image(static("img/share-default.png"), 1200, 630, f"KM e-LAAS {site_name()}")


def absolute(path):
    """Behind a proxy the request's own host and scheme may be the proxy's
    view of them; SITE_URL is the address people use."""
    return urljoin(settings.WEBBOARD_SITE_URL.rstrip("/") + "/", path)


def plain_summary(text, limit=SUMMARY_LIMIT):
    """Rich text or plain text as one line of plain text, cut between words."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(r"\1 ", str(text or ""))))
    return thai.shorten(_SPACES.sub(" ", text).strip(), limit)


def canonical_path(request):
    """The page's own address: the query string is left out (filters, search
    terms, tracking), except a page number, which is a different page."""
    path = escape_uri_path(request.path)
    page = request.GET.get("page", "")
    if _PAGE_NUMBER.fullmatch(page) and int(page) > 1:
        path += f"?page={int(page)}"
    return path


def card(request, item=None, title="", summary="", image=None):
    """The values of the tags. `item` makes the page an article when it is
    public; a draft a member of staff previews is not one."""
    times = item.article_times() if item is not None else None
    image = image or default_image()
    english = (get_language() or "th").startswith("en")
    if not title:
        title = str(item) if item is not None else _("คลังความรู้ระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น")
    # The same words as base.html's description, for a page that has none of its own.
    description = plain_summary(summary) or _(
        "คู่มือ ระเบียบ หนังสือสั่งการ คำถามที่พบบ่อย และข้อมูลการคลังสำหรับผู้ใช้งานระบบ e-LAAS ขององค์กรปกครองส่วนท้องถิ่น"
    )
    return {
        "type": "article" if times else "website",
        "site_name": site_name(),
        "title": title,
        "description": description,
        "url": absolute(canonical_path(request)),
        "image": Image(absolute(image.url), image.width, image.height, image.alt),
        "locale": "en_US" if english else "th_TH",
        "alternate_locale": "th_TH" if english else "en_US",
        "published": times[0] if times else None,
        "modified": times[1] if times else None,
    }
