"""Settings for the KM e-LAAS portal, read from the environment.

Every variable is documented in README.md. Development and production run
this same module; the differences come only from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kmlaas import embedded_db, logs, sentry
from kmlaas.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "django-insecure-development-only"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_KEY if DEBUG else None)
if not SECRET_KEY or (not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG is off."
    )
# Rotating the key (README "Rotating secrets"): the old one listed here keeps
# sessions and e-mailed links valid until it is removed a few days later.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kmlaas",
    "kmlaas.search",
    "kmlaas.registry",
    "manuals",
    "regulations",
    "faq",
    "webboard",
    "kmlaas.members",
    "news",
    "updates",
    "subsidies",
    "fiscal",
    "downloads",
    "feedback",
    "contact",
    "alerts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_ckeditor_5",
    "kmlaas.apps.TasksConfig",  # django_tasks_db, named in Thai
    "simple_history",
]

MIDDLEWARE = [
    "kmlaas.middleware.HealthCheckMiddleware",
    # Request id, metrics and the request's log line; after the health check,
    # which load balancers call every few seconds.
    "kmlaas.middleware.ObserveRequestsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kmlaas.middleware.ThaiFirstLocaleMiddleware",
    "kmlaas.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kmlaas.middleware.AdminCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records who made each change to content (revisions in the admin).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Runs a GET again once if PostgreSQL restarted under it.
    "kmlaas.middleware.RetryAfterDatabaseRestartMiddleware",
]

ROOT_URLCONF = "kmlaas.urls"
WSGI_APPLICATION = "kmlaas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kmlaas.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL always. Without DATABASE_URL it is the checkout's own
# embedded server (kmlaas/embedded_db.py), so a laptop needs nothing installed.
# Only where it listens is read here: manage.py, `make run` and the tests start
# it, so loading the settings (collectstatic, `make check`) starts nothing.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…).")
else:
    DATABASES = {"default": {**embedded_db.connection_settings(), "CONN_MAX_AGE": 60}}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that vanished fails a request (and /healthz) within seconds
# instead of holding a gunicorn thread until the kernel gives up.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Lets two test runs share one server (e.g. make test beside make e2e).
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}

# Caches shared by every worker process and machine, never per-process memory.
# "default" holds what must not be evicted: sign-in lock-outs (django-allauth
# keeps them in django.core.cache.cache) and short-lived locks; it never culls
# live entries (kmlaas/dbcache.py). Cached page fragments and lists go to
# "fragments", which culls as usual. The portal's own counters live in
# kmlaas/ratelimit.py (Redis, or their own table).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kmlaas.dbcache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kmlaas",
        },
        "fragments": {
            "BACKEND": "kmlaas.dbcache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kmlaas-fragments",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "kmlaas.dbcache.UnculledDatabaseCache",
            "LOCATION": "kmlaas_cache",
            # Above this many rows each write first sweeps the expired ones.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
        "fragments": {
            "BACKEND": "kmlaas.dbcache.DatabaseCache",
            "LOCATION": "kmlaas_cache_fragments",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# Hits and misses are counted per alias (kmlaas/dbcache.py, kmlaas/metrics.py).
for _alias, _cache in CACHES.items():
    _cache["METRICS_NAME"] = _alias
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "kmlaas.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KM e-LAAS] "
# PDPA consent and display name on the sign-up form (kmlaas/members/forms.py); the
# honeypot field is hidden by CSS and a bot that fills it is told "sent".
ACCOUNT_FORMS = {"signup": "kmlaas.members.forms.SignupForm"}
ACCOUNT_ADAPTER = "kmlaas.members.adapter.AccountAdapter"
# A new address replaces the old one only once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# Behind N proxies that each append to X-Forwarded-For, the client is the
# N-th address from the end; with 0 the header is ignored (anyone can forge it).
# kmlaas.ratelimit.client_ip reads the client the same way for the portal's limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Kept in the "default" cache above, so the limits hold across every worker and
# cannot be evicted; /admin/login/ counts failures the same way (kmlaas/admin_login.py).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "reset_password_email": "5/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kmlaas" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploaded files go through Django's storage API: the local disk (MEDIA_ROOT)
# by default, S3-compatible object storage when S3_BUCKET is set, so several
# app machines can share them. Credentials come from the usual AWS_* variables.
_s3_bucket = env_str("S3_BUCKET")
if _s3_bucket:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (webboard e-mails) are rows in the database, run by
# `manage.py db_worker`, which `make run` starts beside gunicorn.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Revisions (django-simple-history): the change note an editor writes is shown
# to readers, so it may be longer than the library's 100-character default.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Webboard: a new member's first N posts wait for a moderator; each member may
# post at most WEBBOARD_POST_LIMIT times per WEBBOARD_POST_WINDOW seconds.
WEBBOARD_HOLD_FIRST_POSTS = env_int("WEBBOARD_HOLD_FIRST_POSTS", 1)
WEBBOARD_POST_LIMIT = env_int("WEBBOARD_POST_LIMIT", 10)
WEBBOARD_POST_WINDOW = env_int("WEBBOARD_POST_WINDOW", 600)
# The portal's public address, for links in e-mails sent by the task worker.
WEBBOARD_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Contact form: submissions per visitor and per e-mail, status look-ups per
# visitor, in each window; more links than CONTACT_MAX_LINKS holds a request
# for review. Closed requests lose their personal data after
# CONTACT_RETENTION_DAYS (manage.py purge_contact, daily).
CONTACT_LIMIT = env_int("CONTACT_LIMIT", 5)
CONTACT_STATUS_LIMIT = env_int("CONTACT_STATUS_LIMIT", 20)
CONTACT_WINDOW = 3600
CONTACT_MAX_LINKS = 3
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365 * 2)

# Attachments: the limit a single upload may reach, in megabytes.
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 50)
ATTACHMENT_VIDEO_MAX_MB = env_int("ATTACHMENT_VIDEO_MAX_MB", 300)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: SMTP when EMAIL_HOST is set, otherwise messages are printed to the
# console (development and demo runs; `check --deploy` refuses that).
_email_host = env_str("EMAIL_HOST")
if _email_host:
    # Counted (kmlaas/mail.py) around Django's SMTP backend. The console
    # mailer stays bare, so that `check --deploy` still recognises and refuses it.
    _mailer = {
        "BACKEND": "kmlaas.mail.CountingMailer",
        "OPTIONS": {
            "backend": "django.core.mail.backends.smtp.EmailBackend",
            "host": _email_host,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": 20,
        },
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KM e-LAAS <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Portal admins", a) for a in env_list("ADMINS")]

# Security. HTTPS is on by default when DEBUG is off; a local HTTP run
# (make run) turns it off explicitly.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere on the public site, and nothing from
# another origin. The admin gets a looser style-src (kmlaas/middleware.py)
# because CKEditor 5 injects its own <style> elements.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_FILE_STORAGE = "kmlaas.richtext.EditorImageStorage"
# The editor speaks the page's language (Thai, or English after the switch).
# "language": "th" below is what makes the widget load the package's Thai
# texts (translations/th.js); English is built in.
CKEDITOR_5_USER_LANGUAGE = True
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "th",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": _("ย่อหน้า"), "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": _("หัวข้อหลัก"), "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": _("หัวข้อย่อย"), "class": "ck-heading_heading3"},
            ]
        },
        # The alt-text button comes first: an image cannot be saved without it (kmlaas/richtext.py).
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
            ]
        },
        # Header rows and columns are in the row and column menus; the caption names the table's scroll region.
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]},
        # The bundle turns a pasted YouTube address into an embedded player, which the public pages
        # (no third-party frames) would drop; the address stays a link instead. Pasting from Word and
        # PDF goes through the bundle's PasteFromOffice plugin, which needs no setting.
        "removePlugins": ["MediaEmbed"],
    }
}

# Logs go to stdout, one JSON object per line by default (kmlaas/logs.py);
# LOG_FORMAT=plain for a person reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in logs.FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or plain.")
LOGGING = logs.logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO").upper())

# Prometheus metrics (kmlaas/metrics.py): where gunicorn's master, or a task
# worker on its own, serves them. Empty turns them off (so not env_str, which
# reads empty as unset); never a public address.
METRICS_BIND = os.environ.get("METRICS_BIND", "127.0.0.1:9100").strip()

# Error reports (kmlaas/sentry.py), off unless SENTRY_DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    sentry.init(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
