"""Every page in pages.py, in headless Chromium at phone and desktop width:
no console errors, CSP violations, failed requests or broken images, the
Thai web font in use, no sideways scrolling, and no serious axe findings."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.pages import EXPECTED_STATUS, PAGES, WIDTHS

# django_db: without a database test in the run, pytest-django would leave
# the connection on the development database, which live_url fills and flushes.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SCREENSHOTS = settings.BASE_DIR / "artifacts" / "screenshots"
AXE = (settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js").read_text()

# Registered before any page script runs, so no violation is missed.
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""

# Lazy images below the fold would otherwise never load and look broken.
BROKEN_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done); })));
  return images.filter((img) => img.naturalWidth === 0).map((img) => img.currentSrc || img.outerHTML);
}"""

# fonts.check() is also true when no Sarabun face exists at all, so require a
# loaded Sarabun face that covers Thai (U+0E01).
THAI_FONT_LOADED = """async () => {
  await document.fonts.ready;
  const coversThai = (face) => face.unicodeRange.split(",").some((range) => {
    const [low, high = low] = range.trim().replace(/^U\\+/i, "").split("-").map((hex) => parseInt(hex, 16));
    return low <= 0x0e01 && 0x0e01 <= high;
  });
  const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, "") === "Sarabun");
  return document.fonts.check("16px Sarabun", "ก") && faces.some((f) => f.status === "loaded" && coversThai(f));
}"""

AXE_RUN = """async () => (await axe.run()).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary}))}))"""


def new_page(browser, width):
    # Chromium would ask for en-US and get the English pages; users ask for Thai.
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="th-TH")
    context.add_init_script(RECORD_CSP)
    return context, context.new_page()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page(live_url, browser, name, path, width):
    if callable(path):
        path = path()
    context, page = new_page(browser, width)
    problems, console_errors = [], []
    page.on("console", lambda m: m.type == "error" and console_errors.append((m.text, m.location["url"])))
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))

    def on_response(response):
        # The page's own status is checked against EXPECTED_STATUS below.
        own = response.request.is_navigation_request() and response.frame == page.main_frame
        if response.status >= 400 and not own:
            problems.append(f"HTTP {response.status} for {response.url}")

    page.on("response", on_response)
    try:
        response = page.goto(live_url + path, wait_until="load")
        expected = EXPECTED_STATUS.get(name, 200)
        if response.status != expected:
            problems.append(f"page answered HTTP {response.status}, expected {expected}")
        for src in page.evaluate(BROKEN_IMAGES):
            problems.append(f"broken image: {src}")
        if not page.evaluate(THAI_FONT_LOADED):
            problems.append("the Sarabun web font is not loaded for Thai text")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width + 1:
            problems.append(f"horizontal overflow: the page is {scroll_width}px wide in a {width}px window")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        # evaluate, not add_script_tag: the CSP forbids inline scripts.
        page.evaluate(AXE)
        for v in page.evaluate(AXE_RUN):
            problems.append(f"axe {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"]:
                summary = " ".join(node["summary"].split())
                problems.append(f"    at {node['target']}: {summary}")
        problems.extend(f"CSP violation: {text}" for text in page.evaluate("window.__csp"))
        for text, url in console_errors:
            # Chromium logs every error status, the expected one included.
            own_status = url == response.url and text.startswith("Failed to load resource")
            if not (own_status and response.status == expected):
                problems.append(f"console error: {text} ({url})")
    finally:
        context.close()
    if problems:
        pytest.fail(f"{path} at {width}px:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_first_tab_reveals_the_skip_link(live_url, browser, width):
    context, page = new_page(browser, width)
    try:
        page.goto(live_url + "/")
        page.keyboard.press("Tab")
        skip_link = page.locator(".skip-link")
        expect(skip_link).to_be_focused(timeout=2000)
        expect(skip_link).to_be_in_viewport(ratio=1, timeout=2000)
    finally:
        context.close()
