"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one .tar.gz: `manifest.json` (what, when, which database engine and
migrations), the database (`database.sqlite3` from SQLite's online backup, or
`database.pgdump` from pg_dump's custom format) and `media/` with the uploaded files.
Both are consistent while the server runs: SQLite copies a snapshot page by page, pg_dump
reads one transaction. A backup restores only into the same kind of database.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _engine(config) -> str:
    engine = config["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups of {engine} are not supported.")


def _pg_env(config) -> dict:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()}")


def _add_bytes(archive, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path, *, media_root=None) -> dict:
    """Write the backup to `path`; returns its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    config = connection.settings_dict
    engine = _engine(config)
    with tempfile.TemporaryDirectory() as work:
        if engine == "sqlite":
            dump = Path(work) / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                if connection.in_atomic_block:
                    # Inside a transaction SQLite's online backup waits for that very
                    # transaction and never ends: copy what this transaction sees instead.
                    snapshot = sqlite3.connect(":memory:")
                    snapshot.deserialize(connection.connection.serialize())
                    snapshot.backup(target)
                    snapshot.close()
                else:
                    connection.connection.backup(target)
            finally:
                target.close()
        else:
            dump = Path(work) / "database.pgdump"
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                    config["NAME"],
                ],
                _pg_env(config),
                "pg_dump",
            )
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": engine,
            "database": dump.name,
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "files": len(files),
        }
        with tarfile.open(path, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(media_root).as_posix()}")
    return manifest


def _safe_members(archive):
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The backup holds an unsafe entry: {member.name}")
        yield member


def restore(path, *, database_url=None, media_root=None) -> dict:
    """Put the backup at `path` back: into the configured database (or `database_url`)
    and media folder (or `media_root`). The target database should be empty or the same
    installation's; its content is replaced."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    config = dj_database_url.parse(database_url) if database_url else connection.settings_dict
    engine = _engine(config)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        members = list(_safe_members(archive))
        archive.extractall(work, members=members, filter="data")
        work = Path(work)
        try:
            manifest = json.loads((work / "manifest.json").read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{path} is not a Samverkan backup: {error}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if manifest["engine"] != engine:
            raise BackupError(
                f"The backup is of {manifest['engine']}; it cannot be restored into {engine}."
            )
        dump = work / manifest["database"]
        if engine == "sqlite":
            target = Path(config["NAME"])
            if not database_url:
                connections.close_all()
            staged = target.with_name(target.name + ".restoring")
            shutil.copyfile(dump, staged)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(staged, target)
        else:
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={config['NAME']}",
                    str(dump),
                ],
                _pg_env(config),
                "pg_restore",
            )
        restored_media = work / "media"
        if restored_media.exists():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(restored_media, media_root, dirs_exist_ok=True)
    return manifest
