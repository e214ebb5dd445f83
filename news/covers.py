"""Cover images for news: one upload, several widths for srcset.

The sizes are made once, when the image is saved, and written through the
field's storage (disk or S3), so a phone on a slow line downloads a 480 px
JPEG instead of the editor's 4,000 px photo. Every rendition is cropped to
the same 16:9 frame, so list rows line up and the page does not jump while
images arrive.
"""

import io
import re
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1440)
RATIO = (16, 9)
QUALITY = 80
FOLDER = "news/covers/"
# What make_renditions() saves: <random>-<width>w.jpg, with the suffix the
# storage adds if the name was taken. Only these are served, never the upload itself.
RENDITION_NAME = re.compile(r"[0-9a-f]{32}-\d{2,4}w(_[A-Za-z0-9]{7})?\.jpg")


def _frame(image):
    """The largest centred 16:9 crop of the image."""
    width, height = image.size
    target_height = width * RATIO[1] // RATIO[0]
    if target_height <= height:
        top = (height - target_height) // 2
        return image.crop((0, top, width, top + target_height))
    target_width = height * RATIO[0] // RATIO[1]
    left = (width - target_width) // 2
    return image.crop((left, 0, left + target_width, height))


def _flatten(image):
    # JPEG has no transparency: logos on a transparent PNG go on white.
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def make_renditions(field_file):
    """Save the cover's sizes next to it; returns [[width, height, name], …], narrowest first.

    Widths wider than the upload are skipped (no upscaling), but there is
    always at least one rendition.
    """
    storage = field_file.storage
    field_file.open("rb")
    try:
        with Image.open(field_file) as source:
            source.load()
            framed = _frame(_flatten(ImageOps.exif_transpose(source)))
    finally:
        field_file.close()
    widths = [w for w in WIDTHS if w <= framed.width] or [framed.width]
    stem = PurePath(field_file.name).with_suffix("").as_posix()
    renditions = []
    for width in widths:
        height = width * RATIO[1] // RATIO[0]
        resized = framed.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        name = storage.save(f"{stem}-{width}w.jpg", ContentFile(buffer.getvalue()))
        renditions.append([width, height, name])
    return renditions


def url(name):
    """Covers are served by the site itself (news.views.cover), not by the
    storage's own URL: the CSP allows images from this origin only, and a
    bucket's signed URLs would expire in cached pages."""
    return reverse("news:cover", args=[PurePath(name).name])


def srcset(renditions):
    return ", ".join(f"{url(name)} {width}w" for width, _height, name in renditions)
