"""The pages the browser check visits, each at 360 px and 1280 px.

To check a new page, append a (name, path) line to PAGES. The name is the
test id and the screenshot file name (artifacts/screenshots/<name>-<width>.png).
Every page must answer 200 unless EXPECTED_STATUS says otherwise. A page
whose URL depends on the demo data (a detail page) gives a function that
returns the path; it runs with database access once the demo is loaded.
"""


def _off_the_event_loop(query):
    # Playwright's sync API runs an event loop in the test thread, where
    # Django refuses database queries; a worker thread has none.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(query).result()


def detail(model, query="", **lookup):
    """The page of a demo item found by a field, e.g. detail("faq.Faq", title="…"), plus a query string."""

    def path():
        from django.apps import apps

        return (
            _off_the_event_loop(lambda: apps.get_model(model).objects.get(**lookup).get_absolute_url())
            + query
        )

    return path


def module_timeline(name):
    def path():
        from kmlaas.taxonomy import Module

        slug = _off_the_event_loop(lambda: Module.objects.get(name=name).slug)
        return f"/updates/module/{slug}/?since=2567"

    return path


PAGES = [
    ("home", "/"),
    ("manuals", "/manuals/"),
    ("regulations", "/regulations/"),
    ("regulations-filtered", "/regulations/?kind=circular&year=2569"),
    ("regulation-forwarding", detail("regulations.Regulation", number_normalized="นพ0023.5/ว674")),
    ("regulation-forwarded", detail("regulations.Regulation", number_normalized="มท0808.4/ว2625")),
    ("faq", "/faq/"),
    ("webboard", "/webboard/"),
    ("news", "/news/"),
    ("updates", "/updates/"),
    ("faq-topic", detail("faq.Topic", name="รายจ่ายและใบผ่านรายการจ่าย")),
    ("faq-search", "/faq/?q=ใบผ่านรายการจ่าย"),
    ("faq-question", detail("faq.Faq", title="บันทึกจ่ายเงินแล้ว ทำไมใบผ่านรายการจ่ายไม่ขึ้นทันที")),
    ("news-archive", "/news/archive/2569/6/"),
    ("news-item", detail("news.NewsItem", title__startswith="ตั้งแต่ 10 มิถุนายน 2569")),
    ("update-voucher", detail("updates.Update", title__contains="ใบผ่านรายการจ่ายให้ภายหลัง")),
    ("updates-timeline", module_timeline("รายจ่าย/ฎีกา")),
    ("subsidies", "/subsidies/"),
    ("fiscal", "/fiscal/"),
    ("subsidies-province", "/subsidies/?province=48"),
    ("subsidies-lao", "/subsidies/?province=48&district=4801&lao=6480101"),
    ("fiscal-province", "/fiscal/province/48/"),
    ("fiscal-district", "/fiscal/district/4801/"),
    ("fiscal-lao", "/fiscal/lao/6480101/"),
    ("open-data-api", "/api/"),
    ("downloads", "/downloads/"),
    ("downloads-search", "/downloads/?q=รหัสผู้ใช้"),
    ("form-user-codes", detail("downloads.Form", title="แบบขอรหัสผู้ใช้และรหัสผ่านเข้าใช้งานระบบ e-LAAS")),
    ("manuals-filtered", "/manuals/?kind=pdf&sort=title&old=on"),
    ("manual-category", detail("manuals.Category", name="คู่มือการใช้งานระบบ e-LAAS", parent=None)),
    ("manual-payments", detail("manuals.Manual", title="คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน (New e-LAAS)")),
    ("manual-superseded", detail("manuals.Manual", title="คู่มือประกอบการใช้งาน เรื่อง บันทึกการจ่ายเงิน")),
    ("search", "/search/?q=ใบผ่านรายการจ่าย"),
    ("privacy", "/pages/privacy/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("not-found", "/no-such-page/"),
    ("webboard-room", detail("webboard.Room", name="รายจ่ายและฎีกา")),
    ("webboard-thread", detail("webboard.Thread", title__startswith="วางฎีกาแล้วระบบแจ้งว่างบประมาณ")),
    ("webboard-unanswered", detail("webboard.Room", "?show=unanswered", name="รายจ่ายและฎีกา")),
    ("account-password-reset", "/accounts/password/reset/"),
    ("survey", "/feedback/survey/"),
    ("contact", "/contact/"),
    ("contact-status", "/contact/status/"),
    ("alerts", "/alerts/"),
]

EXPECTED_STATUS = {"not-found": 404}

WIDTHS = [360, 1280]
