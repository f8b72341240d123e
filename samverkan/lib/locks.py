"""A lock held by one request at a time, across the server's worker processes.

    with locks.exclusive(f"activity-import-{user.pk}"):
        ...  # raises locks.Busy when another request holds it

The lock is an advisory lock on a file in the data folder (flock): the operating system
releases it when the process ends, so a crashed worker never leaves it held.
"""

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


class Busy(Exception):
    """Another request holds the lock."""


def _path(name: str) -> Path:
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (re.sub(r"[^A-Za-z0-9_-]", "_", name) + ".lock")


@contextmanager
def exclusive(name: str):
    handle = os.open(_path(name), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(name) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
