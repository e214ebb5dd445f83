"""Draw static/img/share-default.png: the picture LINE and Facebook show
beside a link to a page that has no image of its own.

    .venv/bin/python scripts/share_image.py

1200 × 630 (the size both recommend), the site's navy with the logo and the
portal's names in Sarabun from fontpkg-sarabun. Pillow shapes Thai through
libraqm, so tone marks sit above their vowels; without raqm it stops rather
than draw them on top of each other. Run again after changing the colours or
names, and commit the PNG.
"""

from pathlib import Path

import fontpkg_sarabun
from PIL import Image, ImageDraw, ImageFont, features

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "share-default.png"
FONTS = Path(fontpkg_sarabun.__file__).parent / "files"
WIDTH, HEIGHT = 1200, 630
NAVY_950, NAVY_900, BLUE_800 = "#061f38", "#0a2f55", "#0b4f8a"
GOLD, PALE = "#f2b33d", "#dbe8f5"
MARGIN = 96
NAME = "คลังความรู้ระบบบัญชีคอมพิวเตอร์ของ อปท."
LEAD = "คู่มือ ระเบียบ หนังสือสั่งการ และคำถามที่พบบ่อยสำหรับผู้ใช้งาน e-LAAS"


def font(weight, size):
    return ImageFont.truetype(FONTS / f"Sarabun-{weight}.ttf", size, layout_engine=ImageFont.Layout.RAQM)


def fitting(weight, size, text):
    """The font at `size`, or smaller until the text fits between the margins."""
    while font(weight, size).getlength(text) > WIDTH - 2 * MARGIN:
        size -= 2
    return font(weight, size)


def logo(draw, left, top, size):
    """static/img/logo.svg (a 48-unit square) at `size` pixels."""

    def at(x, y):
        return left + x * size / 48, top + y * size / 48

    unit = size / 48
    draw.rounded_rectangle([at(0, 0), at(48, 48)], radius=12 * unit, fill=BLUE_800)
    draw.rounded_rectangle([at(13, 14), at(31, 35)], radius=4 * unit, fill="white")
    draw.rectangle([at(31, 18), at(35, 35)], fill=GOLD)
    for y, end in ((20, 27), (25, 27), (30, 23)):
        draw.line([at(17, y), at(end, y)], fill=BLUE_800, width=round(2 * unit))


def main():
    if not features.check("raqm"):
        raise SystemExit("Pillow has no libraqm here: Thai would be drawn without shaping.")
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY_900)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, HEIGHT - 120, WIDTH, HEIGHT], fill=NAVY_950)
    draw.rectangle([0, HEIGHT - 126, WIDTH, HEIGHT - 120], fill=GOLD)
    logo(draw, MARGIN, 110, 128)
    draw.text((260, 112), "KM e-LAAS", font=font("Bold", 96), fill="white")
    draw.text((MARGIN, 290), NAME, font=fitting("SemiBold", 62, NAME), fill="white")
    draw.text((MARGIN, 385), LEAD, font=fitting("Regular", 36, LEAD), fill=PALE)
    draw.text((MARGIN, HEIGHT - 88), "กรมส่งเสริมการปกครองท้องถิ่น", font=font("Medium", 40), fill=PALE)
    image.save(OUT, optimize=True)
    print(f"{OUT} {image.width}×{image.height}, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
