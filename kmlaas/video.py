"""Video clips on YouTube and Facebook, linked from manuals and system updates.

They are shown as link cards (templates/includes/_video_card.html), never
embedded: the portal's CSP allows no third-party frames or images, and a
link costs a slow line nothing until it is followed.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HOSTS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "facebook.com": "Facebook",
    "fb.watch": "Facebook",
}


def host_name(url):
    """ "YouTube" or "Facebook" for a link to a clip there (www. and the mobile
    m. sites included), otherwise None."""
    host = (urlsplit(url or "").hostname or "").removeprefix("www.").removeprefix("m.")
    return HOSTS.get(host)


def validate_video_url(url):
    if host_name(url) is None:
        raise ValidationError(_("รับเฉพาะลิงก์ YouTube หรือ Facebook — คลิปที่เป็นไฟล์ .mp4 ให้แนบในส่วนไฟล์แนบ"))
