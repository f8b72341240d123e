"""Backup and restore: a backup restored into an empty database holds every table's rows,
and the uploaded files come back as they were."""

import os
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection


def _tables():
    return sorted(
        table for table in connection.introspection.table_names() if not table.startswith("sqlite_")
    )


def _rows(cursor, table):
    if connection.vendor == "postgresql":
        # Each row as PostgreSQL prints it: the same text for the same values on both sides.
        cursor.execute(f'SELECT t::text FROM "{table}" t')
    else:
        # SQLite's own literal of each value: Django's connection converts dates and
        # decimals on reading, the plain connection on the other side does not.
        cursor.execute(f'PRAGMA table_info("{table}")')
        columns = ", ".join(f'quote("{row[1]}")' for row in cursor.fetchall())
        cursor.execute(f'SELECT {columns} FROM "{table}"')
    return sorted(tuple(str(value) for value in row) for row in cursor.fetchall())


@pytest.fixture
def empty_database():
    """An empty database of the kind the tests run on; yields (url, a DB-API connection maker)."""
    if connection.vendor == "sqlite":
        folder = (
            Path(os.environ.get("SAMVERKAN_DATA_DIR") or "/tmp") / f"restore-{uuid.uuid4().hex}"
        )
        folder.mkdir(parents=True)
        path = folder / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
        return
    settings = connection.settings_dict
    name = f"samverkan_restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    # In UTC, as Django reads: times then print the same on both sides.
    yield url, lambda: psycopg.connect(dbname=name, options="-c TimeZone=UTC", **server)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_table_and_file(demo, settings, tmp_path, empty_database):
    url, connect = empty_database
    media = Path(settings.MEDIA_ROOT)
    upload = media / "backup-test" / f"{uuid.uuid4().hex}.txt"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("Protokoll från kommunstyrelsen.", encoding="utf-8")
    archive = tmp_path / "samverkan.tar.gz"

    call_command("backup", str(archive))
    restored_media = tmp_path / "media"
    call_command(
        "restore", str(archive), "--database-url", url, "--media-root", str(restored_media)
    )

    compared = 0
    with connection.cursor() as source, connect() as target_connection:
        target = target_connection.cursor()
        for table in _tables():
            assert _rows(source, table) == _rows(target, table), table
            compared += 1
    assert compared > 50  # every app's tables, not a handful

    source_files = {p.relative_to(media) for p in media.rglob("*") if p.is_file()}
    copied = {p.relative_to(restored_media) for p in restored_media.rglob("*") if p.is_file()}
    assert source_files == copied
    assert (restored_media / upload.relative_to(media)).read_text(encoding="utf-8") == (
        "Protokoll från kommunstyrelsen."
    )
    upload.unlink()


def test_a_backup_of_another_kind_of_database_is_refused(demo, tmp_path):
    from samverkan.operations.backup import BackupError, restore

    archive = tmp_path / "samverkan.tar.gz"
    call_command("backup", str(archive))
    other = (
        "postgres://nobody@127.0.0.1/none"
        if connection.vendor == "sqlite"
        else (f"sqlite:///{tmp_path / 'x.sqlite3'}")
    )
    with pytest.raises(BackupError, match="cannot be restored into"):
        restore(archive, database_url=other, media_root=tmp_path / "media")


def test_health_says_what_works_and_nothing_more(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    # No worker has run in this database: pages work, background jobs would wait.
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "storage": "ok", "worker": "never seen"},
        "worker_last_seen": None,
    }
    assert response["Cache-Control"].startswith("max-age=0")
