"""The backup drill: back up, restore into nothing, and prove the copy is whole.

1. Back up: `pg_dump --format=custom` of the database, and every stored file (each file
   field of each model: today the board packs' PDFs), read through the storage API, with
   a manifest of their SHA-256 hashes.
2. Restore: `pg_restore` into a new, empty database, and the files into an empty storage
   directory through the storage API.
3. Compare: every table's row count and a checksum of its rows (PostgreSQL's md5 of the
   rows as text, in order), original against restored; every file's hash against the
   manifest.
4. Smoke test the restored copy in a separate process pointed at it (`smoke_check`): the
   health checks, each council's pages, and each stored pack downloaded and hashed.

The restored database is dropped afterwards (--keep keeps it, and says where it is). The
backup itself (--backup-dir, default a temporary directory) is what to keep; see the README
for how often to run this and what to retain.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models

QUERY_TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and the stored files, restore both into an empty "
        "database and storage, compare every table's rows and every file's hash, and run "
        "the smoke checks on the restored copy. Exits 1 if anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backup-dir", type=Path, help="Keep the backup here.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the restored database and files."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" or "DATABASE_URL" not in os.environ:
            raise CommandError("The backup drill needs PostgreSQL (DATABASE_URL=postgres://...).")
        work = Path(tempfile.mkdtemp(prefix="pledge-drill-"))
        backup = options["backup_dir"] or work / "backup"
        backup.mkdir(parents=True, exist_ok=True)
        original = connection.settings_dict
        restored_name = f"{original['NAME']}_restored_{os.getpid()}"
        env = _pg_env(original)

        _run(
            [
                "pg_dump",
                "--format=custom",
                "--file",
                str(backup / "database.dump"),
                original["NAME"],
            ],
            env,
        )
        manifest = _back_up_files(backup / "files")
        (backup / "files.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        self.stdout.write(f"Backed up the database and {len(manifest)} files to {backup}")

        _create_database(original, restored_name)
        try:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "--dbname",
                    restored_name,
                    str(backup / "database.dump"),
                ],
                env,
            )
            media = work / "restored-media"
            _restore_files(backup / "files", manifest, media)
            problems = _compare_tables(original, restored_name, self.stdout)
            problems += _compare_files(manifest, media)
            problems += _smoke(restored_name, media, backup / "files.json")
        finally:
            if not options["keep"]:
                _drop_database(original, restored_name)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"The restored copy differs: {len(problems)} problems.", returncode=1
            )
        kept = f" Kept: database {restored_name}, files {work}." if options["keep"] else ""
        self.stdout.write(f"The restored copy is whole.{kept}")


def _pg_env(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _connect(database: dict, name: str):
    return psycopg2.connect(
        dbname=name,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )


def _create_database(database: dict, name: str) -> None:
    _server_statement(database, f'CREATE DATABASE "{name}" TEMPLATE template0')


def _drop_database(database: dict, name: str) -> None:
    _server_statement(database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_statement(database: dict, statement: str) -> None:
    """A statement that cannot run in a transaction (CREATE or DROP DATABASE)."""
    server = _connect(database, database["NAME"])
    try:
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(statement)
    finally:
        server.close()


def _stored_files() -> list[tuple[models.FileField, str]]:
    """Every file a record points at: (its field, its name in the field's storage)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                found += [(field, name) for name in names if name]
    return found


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _back_up_files(into: Path) -> dict[str, str]:
    manifest = {}
    for field, name in _stored_files():
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with field.storage.open(name, "rb") as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                copy.write(chunk)
        with target.open("rb") as copy:
            manifest[name] = _sha256(copy)
    return manifest


def _restore_files(backup: Path, manifest: dict[str, str], media: Path) -> None:
    storage = FileSystemStorage(location=media)
    for name in manifest:
        with (backup / name).open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise CommandError(f"Restoring {name} stored it as {saved}.")


def _checksums(database: dict, name: str) -> dict[str, tuple[int, str]]:
    db = _connect(database, name)
    with db.cursor() as cursor:
        cursor.execute(QUERY_TABLES)
        tables = [row[0] for row in cursor.fetchall()]
        sums = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), "
                f"'')) FROM \"{table}\" t"
            )
            sums[table] = cursor.fetchone()
    db.close()
    return sums


def _compare_tables(database: dict, restored: str, out) -> list[str]:
    before, after = _checksums(database, database["NAME"]), _checksums(database, restored)
    rows = sum(count for count, _ in before.values())
    out.write(f"Compared {len(before)} tables, {rows:,} rows.")
    problems = [
        f"Table {table} is missing from the restored copy."
        for table in before
        if table not in after
    ]
    problems += [
        f"Table {table}: {before[table][0]} rows before, {after[table][0]} after, or their "
        "content differs."
        for table in before
        if table in after and before[table] != after[table]
    ]
    return problems


def _compare_files(manifest: dict[str, str], media: Path) -> list[str]:
    problems = []
    for name, digest in manifest.items():
        with (media / name).open("rb") as handle:
            if _sha256(handle) != digest:
                problems.append(f"File {name} differs after restoring.")
    return problems


def _smoke(restored: str, media: Path, manifest: Path) -> list[str]:
    """The smoke checks, in a process of their own whose DATABASE_URL names the copy."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    url = urlunsplit(parts._replace(path=f"/{restored}"))
    env = os.environ | {"DATABASE_URL": url, "DJANGO_MEDIA_ROOT": str(media)}
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "smoke_check",
        "--files",
        str(manifest),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        return [f"The smoke checks failed on the restored copy:\n{done.stdout}{done.stderr}"]
    return []
