"""Every URL pattern of the site, walked with hostile input: no answer may be
a 5xx. A bad value gets a Thai form error, a 400 or a 404.

The walk crawls the demo content from the home page and the admin index to
find a real URL for each pattern, then visits every pattern (real values in
its path converters, and hostile ones), attacks every query parameter the
views read and every form the pages show, as an anonymous visitor, a
verified member and a superuser. Hostile values are sampled per parameter,
not combined: about 1,200 requests each for a visitor, a member and a
superuser (the admin), a few minutes in all.
"""

import inspect
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.test_admin_walk import demo, demo_media, media_root, superuser  # noqa: F401  (fixtures)

# Hostile values as (label, text). Forms get them at full length; in a URL
# they are cut to what reaches Django at all: gunicorn refuses a request
# line over 4,094 bytes.
_ODD = [
    ("letters", "abc"),
    ("negative", "-1"),
    ("huge", str(10**30)),
    ("zero", "0"),
    ("float", "1e308"),
    ("rtl override", "\u202egnp.exe"),
    ("zero width", "\u200b\u200b"),
    ("combining", "e" + "\u0301" * 200),
    ("thai digits", "๒๕๖๙"),
    ("traversal", "../../etc/passwd"),
    ("quote", "' OR 1=1 --"),
    ("html", "<script>alert(1)</script>"),
    ("percent", "%"),
]
FORM_VALUES = _ODD + [
    ("long", "ก" * 100_000),
    ("long digits", "9" * 100_000),
    ("brackets", "[" * 5000),
    ("parens", "(" * 5000),
]
_URL_TEXT = _ODD + [
    ("nul", "a\x00b"),
    ("long", "ก" * 400),
    ("long digits", "9" * 4000),
    ("brackets", "[" * 1300),
    ("parens", "(" * 1300),
]
# (label, the value percent-encoded); lone surrogates and invalid UTF-8 can only arrive as URL bytes.
HOSTILE = [(label, quote(text, safe="")) for label, text in _URL_TEXT]
HOSTILE += [("lone surrogate", "%ED%A0%80"), ("invalid utf-8", "%FF%FE")]
NUL = "a\x00b"

# Query parameters read by code the page's own forms do not show.
KNOWN_PARAMS = {"page", "next"}
_READS = re.compile(
    r"""(?:GET|POST|QUERY_PARAMS|query_params)\s*(?:\.get|\.getlist|\[)\s*\(?\s*["'](\w+)["']"""
    # int_param(request, "fiscal_year", …) and the (parameter, field) pairs of the APIs' filters
    r"""|_param\(request,\s*["'](\w+)["']|\(\s*["'](\w+)["'],\s*["']\w+__?\w+["']\)"""
)
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|\([^)]*\)")
# Forms whose submission ends the session or deletes on purpose: hostile
# values cannot reach a database there, and the walk needs its login.
_SKIP_POSTS = ("account_logout", "admin:logout", "_delete", "delete_selected")


def _join(route1, route2):
    return route1 + (route2[1:] if route2.startswith("^") else route2)


def url_patterns():
    """(route, callback) of every leaf pattern of the root URLconf."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = _join(prefix, str(entry.pattern))
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append((route, entry.callback))

    walk(get_resolver().url_patterns, "")
    return found


def params_read_by(callback):
    """Names a view reads from the query string, found in the source of its
    app (the project's own) or of its module (Django's and libraries')."""
    target = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    if not (inspect.isfunction(target) or inspect.isclass(target)):
        target = type(target)  # a feed instance
    try:
        module = Path(inspect.getsourcefile(inspect.getmodule(target)))
    except TypeError:
        return set()
    if settings.BASE_DIR in module.parents and ".venv" not in module.parts:
        sources = [path for path in module.parent.glob("*.py") if path.name != "admin.py"]
    else:
        sources = [module]
    return {name for path in sources for names in _READS.findall(path.read_text()) for name in names if name}


def _slots(route):
    # A regular expression's groups, or a path route's converters (never both in this site).
    return _GROUP if "(" in route else _CONVERTER


def fill(route, values):
    """The URL path of route with each converter or group replaced, in order."""
    slots = iter(values)
    path = _slots(route).sub(lambda _m: next(slots), route)
    return "/" + path.replace("^", "").rstrip("$").replace("\\", "")


def slots_of(route):
    return len(_slots(route).findall(route))


class _Page(HTMLParser):
    """The links and the forms of a page, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []  # {"method", "action", "fields": {name: kind}}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action") or "", "fields": {}})
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name") and self.forms:
            kind = attrs.get("type", tag) if tag == "input" else tag
            if kind not in ("submit", "image", "reset", "file"):
                self.forms[-1]["fields"][attrs["name"]] = kind


def read_page(response):
    if "html" not in response.get("Content-Type", ""):
        return _Page()
    page = _Page()
    page.feed(response.content.decode(errors="replace"))
    return page


def local_path(base, href):
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver") or url.scheme not in ("", "http", "https"):
        return None
    return url.path


class Walk:
    def __init__(self, client, who):
        self.client = client
        self.who = who
        self.failures = []
        self.requests = 0

    def check(self, method, url, label, data=None):
        self.requests += 1
        if method == "get":
            response = self.client.get(url)
        else:
            response = self.client.post(url, data)
        if response.status_code >= 500:
            self.failures.append(
                f"{self.who} {method.upper()} {url[:160]} [{label}] -> {response.status_code}"
            )
        return response

    def crawl(self, starts, limit):
        """A real URL for each route, found by following links; {route: (url, response)}."""
        found, queue, seen = {}, list(starts), set(starts)
        while queue and len(found) < limit:
            url = queue.pop(0)
            try:
                match = resolve(url)
            except Resolver404:
                continue
            if match.route in found or match.url_name and "delete" in match.url_name:
                continue
            response = self.check("get", url, "crawl")
            found[match.route] = (url, response, match)
            for href in read_page(response).links:
                path = local_path(url, href)
                if path and path not in seen and not path.startswith(("/static/", "/accounts/logout")):
                    seen.add(path)
                    queue.append(path)
        return found

    def attack_path(self, route, index, real_match):
        """Each converter of the route in turn gets hostile values, the others real ones."""
        count = slots_of(route)
        if real_match is not None:
            real = [str(v) for v in real_match.kwargs.values()] + [str(v) for v in real_match.args]
        else:
            real = ["1"] * count
        real = (real + ["1"] * count)[:count]
        if count == 0:
            return
        for slot in range(count):
            label, encoded = HOSTILE[(index + slot) % len(HOSTILE)]
            self.check("get", fill(route, real[:slot] + [encoded] + real[slot + 1 :]), f"path {label}")
        self.check("get", fill(route, ["%00"] + real[1:]), "path nul")

    def attack_query(self, url, names, index):
        for position, name in enumerate(sorted(names)):
            label, encoded = HOSTILE[(index + position) % len(HOSTILE)]
            self.check("get", f"{url}?{quote(name)}={encoded}", f"?{name} {label}")
        if names:
            self.check("get", f"{url}?{quote(min(names))}=%00", "? nul")

    def attack_forms(self, url, page, index):
        for form in page.forms:
            if form["method"] != "post" or not form["fields"]:
                continue
            action = local_path(url, form["action"]) or url
            try:
                match = resolve(action)
            except Resolver404:
                continue
            if any(word in (match.view_name or "") for word in _SKIP_POSTS):
                continue
            names = sorted(form["fields"])
            for offset in (0, 7):
                data = {
                    name: FORM_VALUES[(index + position + offset) % len(FORM_VALUES)][1]
                    for position, name in enumerate(names)
                }
                self.check("post", action, f"form {offset}", data)
            self.check("post", action, "form nul", dict.fromkeys(names, NUL))

    def walk(self, starts, limit=400, admin=True, public=True):
        """Crawl from starts, then visit and attack every route; with admin=False
        the admin's routes are only visited (they send this user to the login),
        with public=False only the admin's routes are attacked."""
        started = time.monotonic()
        crawled = self.crawl(starts, limit)
        for index, (route, callback) in enumerate(url_patterns()):
            url, response, match = crawled.get(route, (None, None, None))
            if url is None:
                url = fill(route, ["1"] * slots_of(route))
                response = self.check("get", url, "filled")
            if not admin and route.startswith("admin/") or not public and not route.startswith("admin/"):
                continue
            self.attack_path(route, index, match)
            page = read_page(response)
            names = set(params_read_by(callback)) | KNOWN_PARAMS
            for form in page.forms:
                if form["method"] == "get":
                    names |= set(form["fields"])
            if response.status_code == 200:
                self.attack_query(url, names, index)
                self.attack_forms(url, page, index)
        print(f"{self.who}: {self.requests} requests in {time.monotonic() - started:.0f} s", flush=True)
        return self


def _report(walk):
    assert not walk.failures, f"{len(walk.failures)} answers were 5xx:\n" + "\n".join(walk.failures)


@pytest.fixture
def hostile_client(settings):
    settings.WEBBOARD_POST_LIMIT = 100_000
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_no_url_answers_an_anonymous_visitor_with_a_server_error(demo, hostile_client):  # noqa: F811
    _report(Walk(hostile_client, "anonymous").walk(["/"], admin=False))


@pytest.mark.django_db
def test_no_url_answers_a_member_with_a_server_error(demo, hostile_client, member):  # noqa: F811
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    hostile_client.force_login(member)
    _report(Walk(hostile_client, "member").walk(["/", "/accounts/profile/", "/webboard/"], admin=False))


@pytest.mark.django_db
def test_no_url_answers_a_superuser_with_a_server_error(hostile_client, superuser):  # noqa: F811
    EmailAddress.objects.get_or_create(user=superuser, email=superuser.email, verified=True, primary=True)
    hostile_client.force_login(superuser)
    # The public pages are walked above as visitor and member; staff see the
    # same views, so the superuser's walk attacks the admin.
    _report(Walk(hostile_client, "superuser").walk(["/admin/"], limit=800, public=False))


@pytest.mark.django_db
def test_admin_changelists_take_hostile_search_order_page_and_filters(hostile_client, superuser):  # noqa: F811
    hostile_client.force_login(superuser)
    walk = Walk(hostile_client, "superuser")
    for index, (model, model_admin) in enumerate(admin.site._registry.items()):
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        page = read_page(walk.check("get", url, "changelist"))
        filters = {name for href in page.links if href.startswith("?") for name in parse_qs(href[1:])}
        names = {"q", "o", "p", "all", "e", "_to_field", "_popup"} | filters
        names |= {f"{name}__exact" for name in model_admin.list_filter if isinstance(name, str)}
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        walk.attack_query(url, names, index)
    _report(walk)
