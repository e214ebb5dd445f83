"""The formatting members may use, a small Markdown-like subset:

    **ตัวหนา**  *ตัวเอียง*  `รหัส`  [ข้อความ](https://…)  https://… (ลิงก์เอง)
    > อ้างอิง      - รายการ      1. รายการลำดับ      บรรทัดว่างขึ้นย่อหน้าใหม่

Everything is escaped first, so no HTML a member types survives; the result
still goes through kmlaas.richtext.sanitize with rel="nofollow ugc noopener".
"""

import re

from django.utils.html import escape

from kmlaas.richtext import sanitize

LINK_REL = "nofollow ugc noopener"

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BARE_URL = re.compile(r'(?<![="\w/])(https?://[^\s<>"]+[^\s<>".,;:!?)\]])')
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+")


def _inline(text):
    text = escape(text)
    codes = []

    def keep_code(match):
        codes.append(match.group(1))
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    text = _BARE_URL.sub(r'<a href="\1">\1</a>', text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: f"<code>{codes[int(m.group(1))]}</code>", text)


def _block(lines):
    if all(line.startswith(">") for line in lines):
        inner = [line[1:].lstrip() for line in lines]
        return f"<blockquote>{render_blocks(inner)}</blockquote>"
    if all(line.startswith(("- ", "* ")) for line in lines):
        return "<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>"
    if all(_ORDERED.match(line) for line in lines):
        return "<ol>" + "".join(f"<li>{_inline(_ORDERED.sub('', line))}</li>" for line in lines) + "</ol>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render_blocks(lines):
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return "".join(_block(block) for block in blocks)


def render(text):
    """Safe HTML for a member's text."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return str(sanitize(render_blocks(lines), link_rel=LINK_REL))


def quote(text, author_name):
    """The text a reply starts with when it quotes a post."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in (text or "").strip().split("\n"))
    return f"> **{author_name}:**\n{quoted}\n\n"
