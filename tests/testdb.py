"""The test database: built once per run with `samverkan migrate` and `samverkan demo_data`,
then copied for each test process (each pytest-xdist worker).

SQLite: the prepared file is copied into the worker's in-memory test database with SQLite's
backup. PostgreSQL: the prepared database is a template, and each worker's test database
(test_<name>_gw0, ...) is created from it; the template is dropped when the run ends.
"""

import contextlib
import shutil
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

from serverutil import (
    file_lock,
    prepare_once,
    run_commands,
    server_env,
    shared_root,
    sqlite_demo_folder,
)

POSTGRESQL_FOLDER = "postgresql-demo"


def prepare(tmp_path_factory, database=True, sqlite_demo=False):
    """Build the run's test database (and the SQLite demo the server tests copy), unless
    built already.

    Run in a background thread at the start of each test process: a failure here is left
    for django_db_setup (or the sqlite_demo fixture), which tries again and reports it."""
    from django.db import connection

    with contextlib.suppress(Exception):
        if database and connection.vendor != "sqlite":
            _postgresql_template(tmp_path_factory)
        if (database and connection.vendor == "sqlite") or sqlite_demo:
            sqlite_demo_folder(tmp_path_factory)


def copy_media(data_dir, target):
    """The demo's uploaded files (minutes and the like), which its database refers to."""
    media = Path(data_dir) / "media"
    if media.exists():
        shutil.copytree(media, target, dirs_exist_ok=True)


def _use(connection, name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def sqlite_copy(tmp_path_factory):
    """The prepared SQLite demo copied into this process's in-memory test database."""
    from django.db import connection

    data_dir = sqlite_demo_folder(tmp_path_factory)
    name = connection.creation._get_test_db_name()
    assert "mode=memory" in name, f"expected an in-memory SQLite test database, not {name}"
    _use(connection, name)
    connection.ensure_connection()
    # The prepared file is in WAL mode, as `samverkan migrate` leaves it; an in-memory
    # database copied from it would keep that mark in its header, and SQLite could then not
    # back it up into a file (the backup command's snapshot). A rollback-journal copy first:
    copy = tmp_path_factory.mktemp("testdb") / "demo.sqlite3"
    shutil.copyfile(data_dir / "samverkan.sqlite3", copy)
    source = sqlite3.connect(copy)
    try:
        source.execute("PRAGMA journal_mode=DELETE")
        source.backup(connection.connection)
    finally:
        source.close()
    copy.unlink()
    return data_dir


# PostgreSQL -------------------------------------------------------------------------------


def _server():
    from django.db import connection

    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
    }


def _admin(statement):
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin:
        admin.execute(statement)


def _url(name):
    server = _server()
    auth = quote(server["user"] or "", safe="")
    if server["password"]:
        auth += ":" + quote(server["password"], safe="")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def _build_postgresql_template(folder):
    from django.db import connection

    # Unique to this run: a run on the same server at the same time has its own.
    base = "test_" + connection.settings_dict["NAME"]
    name = f"{base[:40]}_template_{uuid.uuid4().hex[:8]}"
    (folder / "name").write_text(name)  # written first, so that the run's end drops it
    _admin(f'CREATE DATABASE "{name}"')
    data_dir = folder / "data"
    data_dir.mkdir()
    run_commands(
        server_env(data_dir, database_url=_url(name)),
        folder,
        ("migrate", "--no-input"),
        ("demo_data",),
    )


def _postgresql_template(tmp_path_factory):
    return prepare_once(
        shared_root(tmp_path_factory) / POSTGRESQL_FOLDER, _build_postgresql_template
    )


def postgresql_copy(tmp_path_factory):
    """This process's test database, created from the run's prepared template."""
    from django.db import connection

    folder = _postgresql_template(tmp_path_factory)
    template = (folder / "name").read_text()
    name = connection.creation._get_test_db_name()  # test_<name>_gw0 under pytest-xdist
    _use(connection, name)
    # One copy at a time: CREATE DATABASE ... TEMPLATE needs the template to itself.
    with file_lock(folder.with_name(folder.name + ".lock")):
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return folder / "data"


def postgresql_drop_copy():
    from django.db import connection, connections

    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{connection.settings_dict["NAME"]}" WITH (FORCE)')


def postgresql_drop_template(root):
    """At the end of the run (in the process that started the workers): the template."""
    marker = Path(root) / POSTGRESQL_FOLDER / "name"
    if marker.exists():
        _admin(f'DROP DATABASE IF EXISTS "{marker.read_text()}" WITH (FORCE)')
