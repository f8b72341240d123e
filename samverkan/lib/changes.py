"""A per-municipality data version, so figures read far more than written can be cached.

Every action passes through lib.actions (`authorize`, `stamp`, `save_new`, `save_changes`),
which calls `record_changed()` with the municipality of the record it changes. That
schedules one cache write, after the transaction commits: the municipality's version
key gets a new value, and every figure cached under the old version is never read again
(it expires by its timeout). Within one transaction the municipality is marked once, so
an import of 10,000 rows costs one write, not 10,000.

`cached()` reads a figure under the current version. A transaction that has changed the
municipality itself reads past the cache (it must see its own writes, which nobody else
sees yet); so does a test, whose whole body is one transaction.

The versions live where every process sees them: the organisation app registers a store
in the database (`use_version_store`, one UPDATE per committed change, one small SELECT
per cached read), so every gunicorn worker and every server of an installation reads
fresh figures after a change, while the figures themselves stay in each process's cache.
Without a store (lib on its own) the versions are kept in the cache.

Within a request a version is read once (`seen_version`, `version`): the signed-in
municipality's comes with its row, which the request loads anyway, so a cached figure
costs no query at all; the request's own changes make it read afresh.
"""

import hashlib
import threading
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection, transaction

# Old versions' figures are simply left to expire.
TIMEOUT = 24 * 60 * 60
_pending = threading.local()


def _version_key(municipality_id) -> str:
    return f"samverkan:data-version:{municipality_id}"


def municipality_of(obj):
    """The id of the municipality `obj` belongs to (a record, or a municipality), or None."""
    if obj is None:
        return None
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is not None:
        return municipality_id
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label == "organisation.Municipality":
        return obj.pk
    return None


class _Bump:
    """The on-commit hook that moves a municipality's version (recognisable in the list)."""

    def __init__(self, municipality_id):
        self.municipality_id = municipality_id

    def __call__(self):
        bump(self.municipality_id)


def _changed_in_this_transaction() -> set:
    """The municipalities whose version this transaction will move when it commits."""
    # Django replaces the on-commit list when a transaction ends and when a savepoint is
    # rolled back (keeping the outer savepoints' hooks), so when the list is another one
    # the set is read anew from the hooks still in it.
    hooks = connection.run_on_commit
    if getattr(_pending, "hooks", None) is not hooks:
        _pending.hooks = hooks
        _pending.ids = {
            hook.municipality_id for _sids, hook, *_rest in hooks if isinstance(hook, _Bump)
        }
    return _pending.ids


_store = None


def use_version_store(read, write) -> None:
    """Keep the versions elsewhere than the cache: `read(municipality_id)` gives the
    current version (None when unknown), `write(municipality_id)` moves it on."""
    global _store
    _store = (read, write)


def bump(municipality_id) -> None:
    """Give the municipality a new data version: one write."""
    versions = getattr(_seen, "versions", None)
    if versions is not None:
        # This request's own change: what it reads after must be read afresh.
        versions.pop(municipality_id, None)
    if _store is not None:
        _store[1](municipality_id)
        return
    cache.set(_version_key(municipality_id), time.time_ns(), None)


def record_changed(obj) -> None:
    """Mark the municipality of `obj` changed: its version moves when the change commits."""
    municipality_changed(municipality_of(obj))


def municipality_changed(municipality_id) -> None:
    """Mark the municipality changed by its id (see record_changed)."""
    if municipality_id is None:
        return
    if not connection.in_atomic_block:
        bump(municipality_id)
        return
    marked = _changed_in_this_transaction()
    if municipality_id in marked:
        return
    marked.add(municipality_id)
    transaction.on_commit(_Bump(municipality_id), robust=True)


# The versions a request has read, so that it reads each at most once (tenancy.activate
# gives the signed-in municipality's from the row it loads anyway). Kept only between
# request_started and request_finished: a worker's job or a command always reads afresh.
_seen = threading.local()


def start_request(**_kwargs) -> None:
    _seen.versions = {}


def end_request(**_kwargs) -> None:
    _seen.versions = None


def seen_version(municipality_id, value) -> None:
    """`value` is the municipality's version as this request read it with its row."""
    versions = getattr(_seen, "versions", None)
    if versions is not None:
        versions.setdefault(municipality_id, value or 0)


def version(municipality_id) -> int:
    versions = getattr(_seen, "versions", None)
    if versions is not None and municipality_id in versions:
        return versions[municipality_id]
    found = _read_version(municipality_id)
    if versions is not None:
        versions[municipality_id] = found
    return found


def _read_version(municipality_id) -> int:
    if _store is not None:
        return _store[0](municipality_id) or 0
    key = _version_key(municipality_id)
    found = cache.get(key)
    if found is None:
        found = time.time_ns()
        cache.add(key, found, None)
        found = cache.get(key, found)
    return found


def cached(municipality_id, name: str, compute):
    """`compute()`, kept under the municipality's current data version and `name`."""
    if connection.in_atomic_block and municipality_id in _changed_in_this_transaction():
        return compute()
    key = f"samverkan:figures:{municipality_id}:{version(municipality_id)}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def query_name(request) -> str:
    """The request's query string, in a fixed order and hashed: part of the name a page
    is kept under, so each filter, sort and page is kept apart (and the name stays short)."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return hashlib.sha256(query.encode()).hexdigest()
