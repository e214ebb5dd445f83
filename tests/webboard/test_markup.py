"""Members' formatting: whatever is typed renders quickly, without an
error, as HTML made only of the markup's own tags."""

import time
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from webboard import markup

TAGS = {"p", "br", "strong", "em", "code", "a", "blockquote", "ul", "ol", "li"}
VOID = {"br"}
LINK_ATTRIBUTES = {"href", "rel"}


class Checker(HTMLParser):
    """Reads the output the way a browser would and records anything that
    is not the markup's own: unknown tags or attributes, tags left open or
    closed out of order, a "<" or "&" that is text rather than markup."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.problems, self.open, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag not in TAGS or (names and (tag != "a" or not names <= LINK_ATTRIBUTES)):
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "a" and not dict(attrs).get("href", "").startswith(("http://", "https://")):
            self.problems.append(f"link {attrs}")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> out of order")

    def handle_data(self, data):
        if "<" in data or ">" in data or "&" in data:
            self.problems.append(f"raw text {data[:40]!r}")
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append("declaration")

    def unknown_decl(self, data):
        self.problems.append("declaration")


def check(html):
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.problems == [], html
    assert checker.open == [], html
    assert checker.rawdata == "", html  # nothing left half-read, such as an unclosed "<"


MARKUP = st.sampled_from(
    ["**", "*", "`", "[", "]", "(", ")", "> ", ">", "- ", "1. ", "\n", "\n\n", "https://", "http://a.b/",
     "<", "&", '"', "'", "<script>", "javascript:", "\x00", "\ue000", "\ue001", "0", " ", "ก", "่", "\r"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(HOSTILE_TEXT, st.text()))
@example("*a **b* c**")
@example("[x](https://a.b/c) https://a.b/c **[y](http://d.e)**")
@example("\x00" + "1" + "\x00 `x`")
@example(">" * 30 + " ลึก")
def test_any_text_renders_to_the_markups_own_safe_html(text):
    check(markup.render(text))


@settings(max_examples=200, deadline=None)
@given(HOSTILE_TEXT)
def test_the_mail_text_of_any_post_has_no_tags_left(text):
    plain = markup.to_text(markup.render(text))
    assert "<strong>" not in plain and "<a " not in plain and "&amp;" not in plain


def test_formatting_and_links():
    html = markup.render("**หนา** *เอียง* `a<b` [คู่มือ](https://example.go.th/x?a=1&b=2) http://a.b/c.")
    assert "<strong>หนา</strong>" in html and "<em>เอียง</em>" in html
    assert "<code>a&lt;b</code>" in html
    assert '<a href="https://example.go.th/x?a=1&amp;b=2" rel="nofollow ugc noopener">คู่มือ</a>' in html
    assert '<a href="http://a.b/c" rel="nofollow ugc noopener">http://a.b/c</a>.' in html


def test_script_and_javascript_links_stay_text():
    html = markup.render('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">')
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_quotes_nest_five_deep_and_deeper_marks_show_as_typed():
    html = markup.render(">" * 8 + " ลึกมาก")
    assert html.count("<blockquote>") == markup.MAX_QUOTE_DEPTH == 5
    assert "&gt;&gt;&gt; ลึกมาก" in html


def test_a_body_of_many_quote_marks_renders():
    html = markup.render(">" * 100_000)
    assert html.count("<blockquote>") == 5 and html.endswith("</blockquote>" * 5)


def test_text_past_the_form_limit_is_not_rendered():
    html = markup.render("ก" * markup.MAX_LENGTH + "ส่วนเกิน")
    assert "ก" * 100 in html and "ส่วนเกิน" not in html


def test_mail_text_is_readable_plain_text():
    body = "> **สมชาย:**\n> ถามว่า\n\nตอบ **ด่วน** ดู [คู่มือ](https://a.b/c?x=1&y=2)\n\n- ข้อหนึ่ง\n- ข้อสอง"
    assert markup.to_text(markup.render(body)) == (
        "สมชาย:\nถามว่า\n\nตอบ ด่วน ดู คู่มือ (https://a.b/c?x=1&y=2)\n\n- ข้อหนึ่ง\n- ข้อสอง"
    )


HOSTILE_100_KB = [
    "[" * 100_000,
    "**a " * 25_000,
    ">" * 100_000,
    "&" * 100_000,
    "[a](http://" * 9_100,
    "*a " * 33_334,
    "`" * 100_000,
    "**[`*>http://x.y/ " * 5_556,
    "".join(">" * (n % 40) + " x\n" for n in range(5_000)),
    "คำถามภาษาไทย **ตัวหนา** https://a.b/c " * 2_000,
]


@pytest.mark.parametrize("text", HOSTILE_100_KB, ids=lambda text: repr(text[:12]))
def test_a_100_kb_hostile_post_renders_in_under_50_ms(text):
    assert len(text.encode()) >= 100_000
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        markup.render(text)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.050
