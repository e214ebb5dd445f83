"""The README "Reliability" table (issue #14), measured against a running portal.

    .venv/bin/python scripts/reliability.py --base-url http://127.0.0.1:8000   # or: make reliability

Run it from the checkout that serves the portal, with the same environment
(DATABASE_URL, SECRET_KEY): it creates throw-away members through
`manage.py shell`. Three parts, each skippable with --skip:

1. hostile: crawl the site as a visitor (sitemap and links), then send hostile
   values in every query parameter, path segment and form field it found, as a
   visitor and as members (webboard, profile forms); counts requests and 5xx.
2. limits: parallel wrong passwords for one e-mail on /accounts/login/ and
   /admin/login/, then the right one (must be refused); parallel replies by one
   member (accepted must not exceed WEBBOARD_POST_LIMIT).
3. restart: load for --load-seconds, restart PostgreSQL at --restart-at (the
   embedded server, or --restart-cmd), count errors and the seconds until
   requests succeed again; then the task worker must still be alive and run a
   task enqueued after the restart.

Prints a Markdown table and writes it to artifacts/reliability.md.
"""

import argparse
import html.parser
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import psutil
import urllib3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HTTP = urllib3.PoolManager(maxsize=64, retries=False, timeout=urllib3.Timeout(connect=5, read=90))
CSRF = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
SKIP_LINK = re.compile(
    r"^/(static|media|files)/|logout|delete|/admin/(?!login)|/i18n/|\.(pdf|xlsx|csv|zip|png|jpe?g)$"
)
SKIP_FORM = re.compile(r"logout|delete|/admin/|/i18n/")

# Query values and form values, already percent-encoded: sent as they are.
HOSTILE = {
    "nul": "a%00b",
    "long": "x" * 3000,  # a longer request line is refused by gunicorn itself (400)
    "word": "abc",
    "float": "1.5",
    "negative": "-1",
    "huge int": "9" * 30,
    "rtl": quote("\u202egnp.exe"),
    "zero-width": quote("a\u200b\u200c\u200d\ufeffb"),
    "combining": quote("e" + "\u0301" * 60),
    "bad utf-8": "%FF%FE",
    "surrogate": "%ED%A0%80",
    "brackets": "%5B" * 5000,
    "quotes": "%3E" * 5000,
}
FORM_ONLY = {"100k": "x" * 100_000, "markup": quote("**a " * 5000)}
PATH_VALUES = ["a%00b", "%FF", "%ED%A0%80", "9" * 30, "-1", "x" * 1000, "%E2%80%AE", "..%2F", "%5B" * 500]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent, self.statuses, self.errors = 0, Counter(), []

    def add(self, shown, status):
        with self.lock:
            self.sent += 1
            self.statuses[status] += 1
            if not isinstance(status, int) or status >= 500:
                self.errors.append(f"{status} {shown[:200]}")


class Client:
    """One visitor: its own cookies (session, a CSRF cookie we choose)."""

    def __init__(self, base, session=None):
        self.base, self.cookies, self.error = base, {"csrftoken": CSRF}, None
        if session:
            self.cookies["sessionid"] = session

    def request(self, method, path, body=None, stats=None, shown=None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "reliability",
            # A fresh connection each time: a kept-alive one the server has just closed would be
            # counted as a dropped request, and the restart test counts real ones.
            "Connection": "close",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            r = HTTP.request(method, self.base + path, body=body, headers=headers, redirect=False)
            status = r.status
        except Exception as exc:  # a dropped connection is what part 3 counts
            r, status = None, type(exc).__name__
            self.error = status
        if stats:
            stats.add(f"{method} {shown or path}", status)
        if r is not None:
            for cookie in r.headers.getlist("Set-Cookie"):
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return r

    def post(self, path, fields, stats=None, follow=True, shown=None):
        """POST form fields (values already encoded); follow a redirect so
        that what was stored gets rendered too."""
        token = self.cookies.get("csrftoken", CSRF)
        body = "&".join(f"{quote(k)}={v}" for k, v in {**fields, "csrfmiddlewaretoken": token}.items())
        r = self.request("POST", path, body, stats, shown)
        location = r.headers.get("Location", "") if r is not None and r.status in (301, 302, 303) else ""
        if follow and location and not urlsplit(location).netloc:
            after = urljoin(path, location)
            self.request("GET", after, stats=stats, shown=f"{after} (after POST {shown or path})")
        return r


def django(code):
    """Run Python in the portal's Django (same checkout and environment); the
    code prints one line "JSON:{...}"."""
    from kmlaas.serve import local_environment

    local_environment()  # the same SECRET_KEY as `make run`, so our sessions are valid
    command = [sys.executable, "manage.py", "shell", "-c", code]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(next(line[5:] for line in out.splitlines() if line.startswith("JSON:")))


SETUP = """
import json, secrets
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from webboard.models import Thread
from django.contrib.auth.hashers import make_password
password, run = secrets.token_urlsafe(16), secrets.token_hex(4)
hashed = make_password(password)  # once: hashing for every member would take seconds each
def member(name, staff=False):
    email = f"reliability-{run}-{name}@example.com"
    user = get_user_model().objects.create(email=email, password=hashed, display_name=name, is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
def session(user):
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key
thread = Thread.objects.filter(room__is_active=True, is_locked=False, is_hidden=False, is_approved=True,
                               state=Thread.State.OPEN).order_by("pk").first()
poster = member("poster")
print("JSON:" + json.dumps({
    "password": password, "members": [session(member(f"h{i}")) for i in range(%d)],
    "poster": session(poster), "poster_id": poster.pk, "thread": thread.pk if thread else None,
    "login": member("login").email, "admin": member("admin", staff=True).email,
    "limit": settings.WEBBOARD_POST_LIMIT, "postgres": connection.cursor().connection.info.server_version,
}))
"""


class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self.form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self.form = {"action": a.get("action") or "", "method": method, "fields": {}}
            self.forms.append(self.form)
        elif tag in ("input", "textarea", "select") and self.form is not None and a.get("name"):
            if a.get("type") not in ("file", "submit", "button", "image"):
                self.form["fields"].setdefault(a["name"], quote(a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def pattern(path):
    """/webboard/t/12/ and /webboard/t/13/ (or two Thai slugs) are one pattern."""
    return re.sub(r"/[^/]*%[^/]*(?=/|$)", "/S", re.sub(r"/\d+(?=/|$)", "/N", path))


def crawl(client, starts, limit, prefixes=("/",)):
    """Breadth-first over same-site links: {path: query names}, POST forms."""
    queue, seen, params, forms = deque(starts), set(starts), {}, {}
    site, per_pattern = urlsplit(client.base).netloc, Counter()
    while queue and len(params) < limit:
        url = queue.popleft()
        r = client.request("GET", url)
        path = urlsplit(url).path
        params.setdefault(path, set()).update(re.findall(r"[?&]([^=&#]+)=", url))
        if r is None or "html" not in r.headers.get("Content-Type", "") and not url.endswith(".xml"):
            continue
        text = r.data.decode("utf-8", "replace")
        parser = PageParser()
        parser.feed(text)
        for form in parser.forms:
            action = urlsplit(urljoin(client.base + url, form["action"] or url))
            if action.netloc != site or SKIP_FORM.search(action.path):
                continue
            if form["method"] == "get":
                params.setdefault(action.path, set()).update(form["fields"])
            else:
                forms.setdefault(
                    (pattern(action.path), tuple(sorted(form["fields"]))), (action.path, form["fields"])
                )
        for href in parser.links + re.findall(r"<loc>([^<]+)</loc>", text):
            link = urlsplit(urljoin(client.base + url, href.replace("&amp;", "&")))
            if link.netloc != site:
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            # Three pages of a kind are enough: the page limit then reaches every kind of page.
            kind = (pattern(link.path), tuple(sorted(re.findall(r"(?:^|&)([^=&]+)=", link.query))))
            if target in seen or per_pattern[kind] >= 3 or not link.path.startswith(prefixes):
                continue
            if not SKIP_LINK.search(link.path):
                seen.add(target)
                per_pattern[kind] += 1
                queue.append(target)
    return params, forms


def query_jobs(client, params, who):
    """Hostile values in each query parameter and path segment of two URLs per pattern."""
    jobs, by_pattern = [], {}
    for path in params:
        by_pattern.setdefault(pattern(path), []).append(path)
    for paths in by_pattern.values():
        for path in paths[:2]:
            for name in params[path] | {"page"}:
                for label, v in HOSTILE.items():
                    jobs.append(
                        (client, "GET", f"{path}?{quote(name)}={v}", None, f"{path}?{name}=<{label}>{who}")
                    )
        segments = paths[0].split("/")
        for i, segment in enumerate(segments):
            for v in PATH_VALUES if segment else ():
                shown = "/".join(segments[:i] + [f"<{v[:12]}>"] + segments[i + 1 :]) + who
                jobs.append((client, "GET", "/".join(segments[:i] + [v] + segments[i + 1 :]), None, shown))
    return jobs


def hostile(args, setup):
    stats = Stats()
    anonymous = Client(args.base_url)
    params, forms = crawl(
        anonymous, ["/", "/sitemap.xml", "/accounts/login/", "/accounts/signup/"], args.pages
    )
    members = [Client(args.base_url, s) for s in setup["members"]]
    starts = ["/webboard/", "/accounts/profile/", "/accounts/email/", "/accounts/password/change/"]
    member_params, member_forms = crawl(members[0], starts, args.pages // 4, ("/webboard/", "/accounts/"))
    jobs = []  # (client or members, method, path, form fields, what the report shows)
    for client, found in ((anonymous, params), (members[0], member_params)):
        jobs += query_jobs(client, found, "" if client is anonymous else " as member")
    for who, found in ((None, forms), (members, member_forms)):
        for path, fields in found.values():
            for name in set(fields) - {"csrfmiddlewaretoken"}:
                for label, v in (HOSTILE | FORM_ONLY).items():
                    shown = f"{path} {name}=<{label}>" + (" as member" if who else "")
                    jobs.append((who, "POST", path, {**fields, name: v}, shown))
    turn = iter(range(10**9))

    def send(job):
        client, method, path, fields, shown = job
        if method == "GET":
            return client.request("GET", path, stats=stats, shown=shown)
        # Members take turns, so the posting limit does not stop hostile posts being stored and shown.
        client = anonymous if client is None else client[next(turn) % len(client)]
        return client.post(path, fields, stats, shown=shown)

    print(f"  {len(params)} + {len(member_params)} pages: {len(jobs)} hostile requests", file=sys.stderr)
    with ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(send, jobs))
    return {
        "pages": len(params) + len(member_params),
        "forms": len(forms) + len(member_forms),
        "stats": stats,
    }


def parallel(n, fn):
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(fn, range(n)))


def login_race(args, path, field, email, password):
    """Wrong passwords in parallel, then the right one: is it refused?"""

    def attempt(i):
        client = Client(args.base_url)
        r = client.post(path, {field: quote(email), "password": f"wrong-{i}"}, follow=False)
        return r.status if r is not None else client.error

    statuses = Counter(parallel(args.attempts, attempt))
    right = Client(args.base_url).post(path, {field: quote(email), "password": quote(password)}, follow=False)
    let_in = right is not None and right.status == 302 and "login" not in right.headers.get("Location", "")
    return {"statuses": statuses, "let_in": let_in}


def limits(args, setup):
    results = {
        "/accounts/login/": login_race(args, "/accounts/login/", "login", setup["login"], setup["password"]),
        "/admin/login/": login_race(
            args, "/admin/login/?next=/admin/", "username", setup["admin"], setup["password"]
        ),
    }
    poster = Client(args.base_url, setup["poster"])
    replies = parallel(
        args.posts,
        lambda i: poster.post(
            f"/webboard/t/{setup['thread']}/reply/", {"body": f"reliability+probe+{i}"}, follow=False
        ),
    )
    accepted = sum(1 for r in replies if r is not None and r.status == 302)
    stored = django(
        f"import json\nfrom webboard.models import Post\n"
        f"print('JSON:' + json.dumps(Post.objects.filter(author_id={setup['poster_id']}).count()))"
    )
    results["posts"] = {"accepted": accepted, "stored": stored, "limit": setup["limit"]}
    return results


def worker_pids():
    """The task worker(s) serving this checkout: `manage.py db_worker` (or any
    *worker command) whose command line or working directory is ours."""
    pids = []
    for p in psutil.process_iter(["pid", "cmdline", "cwd", "status"]):
        cmd = " ".join(p.info["cmdline"] or [])
        ours = str(ROOT) in cmd or p.info["cwd"] == str(ROOT)
        if ours and "manage.py" in cmd and "worker" in cmd and p.info["status"] != psutil.STATUS_ZOMBIE:
            pids.append(p.info["pid"])
    return pids


def restart(args, setup):
    if args.restart_cmd:
        commands = [args.restart_cmd]
    elif not os.environ.get("DATABASE_URL"):
        embedded = f"{sys.executable} -m kmlaas.embedded_db"
        commands = [f"{embedded} stop", f"{embedded} start"]
    else:
        return None  # an external server: only --restart-cmd knows how to restart it
    thread = f"/webboard/t/{setup['thread']}/"
    pages = ["/", "/webboard/", thread, "/faq/", "/news/", "/search/?q=%E0%B8%87%E0%B8%9A"]
    samples, stop, lock = [], threading.Event(), threading.Lock()

    def load(n):
        client = Client(args.base_url)
        while not stop.is_set():
            began = time.monotonic()
            r = client.request("GET", pages[n % len(pages)])
            with lock:
                samples.append(
                    (began, time.monotonic(), r is not None and r.status < 500, r.status if r else "error")
                )
            n += 1

    before = worker_pids()
    threads = [threading.Thread(target=load, args=(i,)) for i in range(args.concurrency)]
    start = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(args.restart_at)
    down = time.monotonic()
    for command in commands:
        # The operator's own command line (--restart-cmd), so a shell runs it.
        subprocess.run(command, shell=True, cwd=ROOT, check=True, capture_output=True)  # noqa: S602
    up = time.monotonic()
    time.sleep(max(0, args.load_seconds - (up - start)))
    stop.set()
    for t in threads:
        t.join()
    failed = [s for s in samples if not s[2]]
    recovered = None
    if failed:
        last = max(s[1] for s in failed)
        after = [s[1] for s in samples if s[2] and s[0] >= last]
        recovered = min(after) - down if after else None
    after = worker_pids()
    task = django(TASK) if after else None
    return {
        "requests": len(samples),
        "failed": len(failed),
        "statuses": Counter(s[3] for s in failed),
        "downtime": up - down,
        "recovered": 0.0 if not failed else recovered,
        "worker_before": before,
        "worker_after": after,
        "task": task,
    }


TASK = """
import json, time
from webboard.tasks import notify_watchers
result, began = notify_watchers.enqueue(0), time.monotonic()
while result.status.name not in ("SUCCESSFUL", "FAILED") and time.monotonic() - began < 60:
    time.sleep(0.5)
    result.refresh()
print("JSON:" + json.dumps({"status": result.status.name, "seconds": round(time.monotonic() - began, 1)}))
"""


def mark(ok):
    return "✅" if ok else "❌"


def report(args, setup, found):
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    )
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `scripts/reliability.py` on commit "
        f"`{commit.stdout.strip()}`, {os.cpu_count()} cores, PostgreSQL {setup['postgres'] // 10000}, "
        f"Python {sys.version.split()[0]}, against {args.base_url}.",
        "",
        "| Check | Result | Held |",
        "| --- | --- | :---: |",
    ]
    if h := found.get("hostile"):
        s = h["stats"]
        lines.append(
            f"| Hostile requests ({h['pages']} pages crawled, {h['forms']} forms; visitor and member) | "
            f"{s.sent:,} sent, {len(s.errors)} answered 5xx or dropped | {mark(not s.errors)} |"
        )
    if lim := found.get("limits"):
        for name in ("/accounts/login/", "/admin/login/"):
            r = lim[name]
            codes = ", ".join(f"{n}× {c}" for c, n in sorted(r["statuses"].items(), key=str))
            lines.append(
                f"| {args.attempts} parallel wrong passwords for one e-mail on `{name}`, then the right one | "
                f"answers: {codes}; right password then {'**let in**' if r['let_in'] else 'refused'} | "
                f"{mark(not r['let_in'])} |"
            )
        p = lim["posts"]
        lines.append(
            f"| {args.posts} parallel replies by one member (limit {p['limit']}) | "
            f"{p['accepted']} accepted, {p['stored']} stored | {mark(max(p['accepted'], p['stored']) <= p['limit'])} |"
        )
    if "restart" in found:
        r = found["restart"]
        if r is None:
            lines.append(
                "| PostgreSQL restart under load | not run: DATABASE_URL is set and no --restart-cmd | |"
            )
        else:
            codes = ", ".join(f"{n}× {c}" for c, n in r["statuses"].items()) or "none"
            back = (
                "not within the run"
                if r["recovered"] is None
                else f"{r['recovered']:.1f} s after the restart began"
            )
            lines.append(
                f"| PostgreSQL restarted {args.restart_at} s into a {args.load_seconds} s load "
                f"({args.concurrency} clients) | {r['requests']:,} requests, {r['failed']} failed ({codes}); "
                f"database down {r['downtime']:.1f} s; all requests succeed again {back} | "
                f"{mark(r['recovered'] is not None)} |"
            )
            task = r["task"]
            alive = bool(r["worker_after"])
            done = task and task["status"] == "SUCCESSFUL"
            lines.append(
                f"| Task worker after the restart | pid {r['worker_before'] or 'none'} before, "
                f"{r['worker_after'] or 'none'} after; a task enqueued after the restart: "
                f"{f'{task["status"].lower()} in {task["seconds"]} s' if task else 'not run (no worker)'} | "
                f"{mark(alive and done)} |"
            )
    if h and h["stats"].errors:
        errors = Counter(h["stats"].errors)
        lines += ["", f"Hostile requests answered 5xx or dropped ({len(errors)} distinct):", ""]
        lines += [f"- `{e}`" + (f" ×{n}" if n > 1 else "") for e, n in sorted(errors.items())]
    text = "\n".join(lines) + "\n"
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "reliability.md").write_text(text)
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--pages", type=int, default=400, help="pages to crawl as a visitor")
    parser.add_argument("--concurrency", type=int, default=8, help="parallel clients")
    parser.add_argument("--attempts", type=int, default=20, help="parallel wrong passwords")
    parser.add_argument("--posts", type=int, default=20, help="parallel replies")
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--restart-at", type=int, default=10)
    parser.add_argument(
        "--restart-cmd", help="shell command that restarts PostgreSQL (default: the embedded one)"
    )
    parser.add_argument("--skip", default="", help="comma-separated: hostile,limits,restart")
    parser.add_argument("--members", type=int, default=40, help="members taking turns at hostile posts")
    args = parser.parse_args()
    args.base_url = args.base_url.rstrip("/")
    skip = set(args.skip.split(","))
    setup = django(SETUP % args.members)
    if not setup["thread"]:
        raise SystemExit("No open webboard thread to reply to: load the demo content (make run does).")
    found = {}
    # Limits first: the hostile crawl's own login posts would count against the per-address limits.
    for part, run in (("limits", limits), ("hostile", hostile), ("restart", restart)):
        if part not in skip:
            print(f"… {part}", file=sys.stderr, flush=True)
            found[part] = run(args, setup)
    report(args, setup, found)


if __name__ == "__main__":
    main()
