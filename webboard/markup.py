"""The formatting members may use, a small Markdown-like subset:

    **ตัวหนา**  *ตัวเอียง*  `รหัส`  [ข้อความ](https://…)  https://… (ลิงก์เอง)
    > อ้างอิง      - รายการ      1. รายการลำดับ      บรรทัดว่างขึ้นย่อหน้าใหม่

Every character a member types is escaped, and the only tags are the ones
written here (links only to http(s) addresses, with rel="nofollow ugc
noopener"), so the HTML is safe by construction. It does not go through
kmlaas.richtext.sanitize: on entity-heavy text ("&&&…") that costs several
times the rendering itself; tests/webboard/test_markup.py checks the
property instead, on any text Hypothesis finds.

Rendering runs in time linear in the text, whatever a member types: no
pattern may scan past the next delimiter of its own kind (so two attempts
never rescan the same stretch), and quotes nest at most MAX_QUOTE_DEPTH deep.
"""

import html
import re

from django.utils.html import escape, strip_tags

LINK_REL = "nofollow ugc noopener"
MAX_LENGTH = 20_000  # what the post forms accept
MAX_QUOTE_DEPTH = 5  # deeper ">" lines show as typed

# Code, links and bare URLs in one pass, each kept aside as a placeholder so
# bold and italic never reach inside them.
_TOKENS = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\[(?P<text>[^\[\]\n]+)\]\((?P<href>https?://[^\s()\[\]<>\"]+)\)"
    r'|(?<![\w/])(?P<url>https?://[^\s()\[\]<>"`]*[^\s()\[\]<>"`.,;:!?])'
)
# A bold run stops at the next "**", an italic one at the next "*".
_BOLD = re.compile(r"\*\*(?=\S)((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*")
# Italic never spans a tag, so it cannot cross a <strong> and the tags nest.
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*<\n]+?)(?<=\S)\*(?![*\w])")
_KEPT = re.compile("\ue000(\\d+)\ue001")
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+")


def _inline(text):
    kept = []

    def keep(match):
        if match["code"] is not None:
            kept.append(f"<code>{escape(match['code'])}</code>")
        elif match["href"] is not None:
            kept.append(f'<a href="{escape(match["href"])}" rel="{LINK_REL}">{escape(match["text"])}</a>')
        else:
            kept.append(f'<a href="{escape(match["url"])}" rel="{LINK_REL}">{escape(match["url"])}</a>')
        return f"\ue000{len(kept) - 1}\ue001"

    text = escape(_TOKENS.sub(keep, text))
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return _KEPT.sub(lambda m: kept[int(m.group(1))], text)


def _block(lines, depth):
    if depth < MAX_QUOTE_DEPTH and all(line.startswith(">") for line in lines):
        inner = [line[1:].lstrip() for line in lines]
        return f"<blockquote>{render_blocks(inner, depth + 1)}</blockquote>"
    if all(line.startswith(("- ", "* ")) for line in lines):
        return "<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>"
    if all(_ORDERED.match(line) for line in lines):
        return "<ol>" + "".join(f"<li>{_inline(_ORDERED.sub('', line))}</li>" for line in lines) + "</ol>"
    # A paragraph in one go: no pattern crosses a line, and a post of many
    # short lines costs no more than one long line.
    return "<p>" + _inline("\n".join(lines)).replace("\n", "<br>") + "</p>"


def render_blocks(lines, depth=0):
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return "".join(_block(block, depth) for block in blocks)


def render(text):
    """Safe HTML for a member's text. Past MAX_LENGTH (more than a form
    accepts) the text is cut, so no stored or imported body costs more."""
    text = (text or "")[:MAX_LENGTH]
    # The placeholders' private-use marks and NUL cannot come from the member.
    text = text.translate({0: None, 0xE000: None, 0xE001: None})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return render_blocks(lines)


_LINK_TAG = re.compile(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BREAKS = (("<br>", "\n"), ("</p>", "\n\n"), ("<li>", "- "), ("</li>", "\n"), ("</blockquote>", "\n"))


def to_text(body_html):
    """Readable plain text of rendered post HTML, for e-mail: no markup
    characters, links written out as "text (address)"."""

    def link(match):
        href, label = match[1], strip_tags(match[2])
        return label if html.unescape(label) == html.unescape(href) else f"{label} ({href})"

    text = _LINK_TAG.sub(link, body_html or "")
    text = re.sub(r"<blockquote>", "\n", text)
    for tag, replacement in _BREAKS:
        text = text.replace(tag, replacement)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def quote(text, author_name):
    """The text a reply starts with when it quotes a post."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in (text or "").strip().split("\n"))
    return f"> **{author_name}:**\n{quoted}\n\n"
