"""Small JPEG previews of images attached to posts, so a thread full of
screenshots stays light on a phone. Stored beside the original under a name
derived from it; the full image is one tap away."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from kmlaas import attachments

THUMBNAIL_SIZE = (480, 480)


def thumbnail_name(attachment):
    return attachments.thumbnail_name(attachment.file.name)


def make_thumbnail(attachment):
    with attachment.file.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
    name = thumbnail_name(attachment)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(out.getvalue()))
