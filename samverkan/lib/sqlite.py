"""SQLite's LIKE folds case for ASCII letters only, so a search for "öster" would miss
"Östergötland". Django's icontains uses LIKE on SQLite; replacing SQLite's like() with
one that folds case for every letter makes search work in Swedish (and any language).

SQLite stores any 64-bit number in an integer column, PostgreSQL only 32 bits: the
integer fields' validators (and so the forms') use PostgreSQL's ranges on SQLite too, so
that a count SQLite would take is not one PostgreSQL refuses (or a report overflows).
"""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern:
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _compile(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def _install(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    # like(X, Y) and like(X, Y, Z) implement "Y LIKE X [ESCAPE Z]".
    connection.connection.create_function("like", 2, _like, deterministic=True)
    connection.connection.create_function("like", 3, _like, deterministic=True)


def install() -> None:
    connection_created.connect(_install, dispatch_uid="samverkan-sqlite-unicode-like")
    from django.conf import settings

    if not any("sqlite3" in db.get("ENGINE", "") for db in settings.DATABASES.values()):
        return
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.sqlite3.base import DatabaseWrapper

    # The base class's ranges are PostgreSQL's (integer, smallint, bigint).
    DatabaseWrapper.ops_class.integer_field_range = BaseDatabaseOperations.integer_field_range
