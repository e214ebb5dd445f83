"""The pages the browser check visits, each at 360 px and 1280 px.

To check a new page, append a (name, path) line to PAGES. The name is the
test id and the screenshot file name (artifacts/screenshots/<name>-<width>.png).
Every page must answer 200 unless EXPECTED_STATUS says otherwise. A page
whose URL depends on the demo data (a detail page) gives a function that
returns the path; it runs with database access once the demo is loaded.
"""


def regulation(number):
    def path():
        from regulations.models import Regulation

        return Regulation.objects.get(number_normalized=number).get_absolute_url()

    return path


PAGES = [
    ("home", "/"),
    ("manuals", "/manuals/"),
    ("regulations", "/regulations/"),
    ("regulations-filtered", "/regulations/?kind=circular&year=2569"),
    ("regulation-forwarding", regulation("นพ0023.5/ว674")),
    ("regulation-forwarded", regulation("มท0808.4/ว2625")),
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
