"""The pages the browser check visits, each at 360 px and 1280 px.

To check a new page, append a (name, path) line to PAGES. The name is the
test id and the screenshot file name (artifacts/screenshots/<name>-<width>.png).
Every page must answer 200 unless EXPECTED_STATUS says otherwise.
"""

PAGES = [
    ("home", "/"),
    ("manuals", "/manuals/"),
    ("regulations", "/regulations/"),
    ("faq", "/faq/"),
    ("webboard", "/webboard/"),
    ("news", "/news/"),
    ("updates", "/updates/"),
    ("subsidies", "/subsidies/"),
    ("fiscal", "/fiscal/"),
    ("downloads", "/downloads/"),
    ("search", "/search/?q=ใบผ่านรายการจ่าย"),
    ("privacy", "/pages/privacy/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("not-found", "/no-such-page/"),
]

EXPECTED_STATUS = {"not-found": 404}

WIDTHS = [360, 1280]
