"""The portal's backup archive: one tar file with the database and every
uploaded file, checked member by member before anything is restored.

    kmlaas-backup-20261126-113000.tar          (UTC time of the backup)
        database.dump    pg_dump -Fc of the whole database
        media/<name>     every file of the default storage, under its storage name
        manifest.json    versions, row counts, size and sha256 of every member
    kmlaas-backup-20261126-113000.tar.sha256   (`sha256sum -c` reads it)

A plain tar, not compressed: pg_dump compresses the dump itself and uploads
are mostly PDFs and images, so compressing again costs time and saves little.
"""

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader
from psycopg import IsolationLevel, sql

from kmlaas import pgtools, version
from kmlaas.stored_files import walk

FORMAT = 1
ARCHIVE_NAME = re.compile(r"^kmlaas-backup-(\d{8})-(\d{6})\.tar$")
DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media/"
_CHUNK = 1 << 20


class _Hashing:
    """Reads a file and keeps the sha256 and size of what was read."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def entry(self):
        return {"size": self.size, "sha256": self.sha256.hexdigest()}


def sha256_of(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def write(directory, database, storage):
    """Write an archive of the database and the storage into `directory`;
    return its path and manifest. Until it is complete it is a file in a
    hidden temporary folder there, so a half-written archive never looks
    like a backup."""
    created = datetime.now(UTC).replace(microsecond=0)
    final = directory / f"kmlaas-backup-{created:%Y%m%d-%H%M%S}.tar"
    if final.exists():
        raise CommandError(f"{final} exists already (two backups in the same second); nothing was written.")
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kmlaas-backup-", dir=directory) as work:
        partial, dump_path = Path(work) / final.name, Path(work) / DUMP
        manifest = {"format": FORMAT, "created_at": created.isoformat().replace("+00:00", "Z")}
        manifest["portal_version"] = version()
        manifest.update(_dump_database(database, dump_path))
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            with open(dump_path, "rb") as dump:
                manifest["database"] = _add(tar, DUMP, dump, dump_path.stat().st_size, created)
            dump_path.unlink()
            # The files are copied after the dump: a file is saved before the row
            # naming it commits, so every file the dump refers to is there now.
            # (A row deleted meanwhile may take its file along; the dump keeps the row.)
            manifest["files"] = {}
            for name in walk(storage):
                try:
                    with storage.open(name, "rb") as source:
                        entry = _add(tar, MEDIA + name, source, storage.size(name), created)
                except FileNotFoundError:
                    continue  # deleted since it was listed: its row is gone from later dumps too
                manifest["files"][name] = entry
            text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            _add(tar, MANIFEST, io.BytesIO(text), len(text), created)
        sidecar = partial.with_name(final.name + ".sha256")
        sidecar.write_text(f"{sha256_of(partial)}  {final.name}\n")
        for path in (partial, sidecar):
            with open(path, "rb") as file:
                os.fsync(file.fileno())
        # The checksum file first: an archive is never seen without it.
        os.replace(sidecar, directory / sidecar.name)
        os.replace(partial, final)
    return final, manifest


def _add(tar, name, file, size, created):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(created.timestamp()), 0o644
    reader = _Hashing(file)
    tar.addfile(info, reader)  # streams `size` bytes in chunks; fails if the file is shorter
    return reader.entry()


def _dump_database(database, path):
    with pgtools.connect(database) as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        # pg_dump takes the snapshot this transaction exports: the row counts
        # and migrations in the manifest are exactly those of the dump.
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {name: _count(conn, name) for name in tables}
        applied = set()
        if "django_migrations" in counts:
            applied = {tuple(row) for row in conn.execute("SELECT app, name FROM django_migrations")}
        return {
            "postgresql": conn.execute("SHOW server_version").fetchone()[0],
            "pg_dump": pgtools.dump(database, path, snapshot, pgtools.server_major(conn)),
            "tables": counts,
            "migrations": _leaves(applied),
        }


def _count(conn, table):
    return conn.execute(sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table))).fetchone()[0]


def _leaves(applied):
    """{app: [its applied migrations that no applied migration of the app follows]}."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaves = {}
    for key in sorted(applied):
        node = graph.node_map.get(key)
        if node and not any(child.key in applied and child.key[0] == key[0] for child in node.children):
            leaves.setdefault(key[0], []).append(key[1])
    return leaves


def code_leaves():
    """The same for the migrations of this checkout."""
    return _leaves(set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes))


def verify(archive, dump_to):
    """Check the archive against its .sha256 and every member against the
    manifest, copying the dump to `dump_to` on the way; return the manifest.
    Reads only: a refused archive has changed nothing."""
    sidecar = archive.with_name(archive.name + ".sha256")
    try:
        expected = sidecar.read_text().split()[0]
    except (OSError, IndexError):
        raise CommandError(
            f"ไม่พบไฟล์ตรวจสอบ {sidecar.name} — คัดลอกมาไว้คู่กับไฟล์สำรอง\n"
            f"{sidecar} is missing or empty: copy it along with the archive."
        ) from None
    if sha256_of(archive) != expected:
        raise _damaged(archive, f"its sha256 is not the one in {sidecar.name}")
    with tarfile.open(archive, "r:") as tar:
        manifest = _manifest(tar, archive)
        wanted = {DUMP: manifest["database"]}
        wanted.update({MEDIA + name: entry for name, entry in manifest["files"].items()})
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in wanted or not member.isfile():
                raise _damaged(archive, f"{member.name} is not in its manifest")
            with (
                tar.extractfile(member) as source,
                open(dump_to if member.name == DUMP else os.devnull, "wb") as copy,
            ):
                reader = _Hashing(source)
                while chunk := reader.read(_CHUNK):
                    copy.write(chunk)
            if reader.entry() != wanted.pop(member.name):
                raise _damaged(archive, f"{member.name} differs from its manifest (size or sha256)")
        if wanted:
            raise _damaged(archive, f"{', '.join(sorted(wanted))} missing")
    return manifest


def _manifest(tar, archive):
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError):
        raise _damaged(archive, "no readable manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(
            f"{archive.name} is in backup format {manifest.get('format')}; this portal reads format {FORMAT}."
        )
    return manifest


def _damaged(archive, why):
    return CommandError(
        f"ไฟล์สำรอง {archive.name} เสียหายหรือถูกแก้ไข จึงไม่กู้คืน (ยังไม่มีการเปลี่ยนแปลงใด)\n"
        f"{archive.name} is damaged or altered: {why}. Nothing was restored or changed."
    )


def restore_files(archive, manifest, storage):
    """Write every file of the archive into the (empty) storage under its exact
    name, then read each back and compare its sha256 with the manifest."""
    with tarfile.open(archive, "r:") as tar:
        for member in tar:
            if member.name.startswith(MEDIA):
                name = member.name.removeprefix(MEDIA)
                with tar.extractfile(member) as source:
                    saved = storage.save(name, File(source, name=name))
                if saved != name:
                    raise CommandError(f"The storage saved {name} as {saved}: is it empty?")
    changed = []
    for name, entry in manifest["files"].items():
        with storage.open(name, "rb") as stored:
            reader = _Hashing(stored)
            while reader.read(_CHUNK):
                pass
        if reader.entry() != entry:
            changed.append(name)
    if changed:
        raise CommandError(f"These files read back differently from the archive: {', '.join(changed)}")


def row_counts(database, tables):
    with pgtools.connect(database) as conn:
        return {name: _count(conn, name) for name in tables}


def prune(directory, keep_daily, keep_monthly):
    """Keep the newest archive of each of the last `keep_daily` days and of each
    of the last `keep_monthly` months that have one (UTC, from the names);
    delete the other archives of the portal in `directory` with their .sha256.
    Days without a backup do not count, so a pause never expires older ones
    faster. Returns the names deleted."""
    archives = sorted(
        ((found.group(1), path) for path in directory.iterdir() if (found := ARCHIVE_NAME.match(path.name))),
        reverse=True,
    )
    keep = set()
    for count, period in ((keep_daily, 8), (keep_monthly, 6)):  # YYYYMMDD, YYYYMM
        seen = set()
        for day, path in archives:
            if day[:period] not in seen and len(seen) < count:
                seen.add(day[:period])
                keep.add(path)
    deleted = []
    for _day, path in archives:
        if path not in keep:
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
            path.unlink()
            deleted.append(path.name)
    return deleted
