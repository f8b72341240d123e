"""Helpers for the tests that run Samverkan's own commands: the real server, migrate, demo_data.

Worker-safe under pytest-xdist: every server gets a free port, every data folder is the
test's own, and the prepared demo database is built once per run (whichever worker asks
first builds it under a file lock; the others wait and copy it).
"""

import contextlib
import fcntl
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Starting takes seconds on a quiet machine (collectstatic compresses every file first);
# beside another pytest-xdist worker on two CPUs it has taken close to a minute.
STARTUP_SECONDS = 180
PREPARE_SECONDS = 600


def samverkan_command(*args):
    """The project's console script, next to the interpreter running the tests."""
    script = Path(sys.executable).with_name("samverkan")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from samverkan.cli import main; main()", *args]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path, characters=4000):
    return Path(path).read_text(errors="replace")[-characters:]


def server_env(data_dir, database_url=None):
    """The environment of a Samverkan command on `data_dir`: the embedded SQLite database
    there unless `database_url` names another."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        SAMVERKAN_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def stop(process):
    if process.poll() is None:
        process.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # the group of the server this test started
            process.wait(timeout=15)


@contextlib.contextmanager
def running_server(env, cwd, log_path, *, workers, threads):
    """`samverkan serve` on a free loopback port, answering /login/; yields its URL and
    always stops it afterwards."""
    port = free_port()
    with Path(log_path).open("wb") as log:
        process = subprocess.Popen(
            samverkan_command(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ),
            env=env,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                assert process.poll() is None, f"the server exited: {tail(log_path)}"
                assert time.monotonic() < deadline, (
                    f"the server did not answer within {STARTUP_SECONDS} s"
                )
                try:
                    with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            yield url
        finally:
            stop(process)


# The demo database, prepared once per run -----------------------------------------------


def shared_root(tmp_path_factory):
    """A folder all workers of this run share (the run's own: no other run sees it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def file_lock(path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare_once(folder, build):
    """`build(folder)` once per run, whichever worker comes first; the others wait for it.

    A build that failed is tried again by the next worker (and fails its tests the same way).
    """
    folder = Path(folder)
    done = folder.with_name(folder.name + ".done")
    with file_lock(folder.with_name(folder.name + ".lock")):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            build(folder)
            done.touch()
    return folder


def run_commands(env, cwd, *commands):
    for args in commands:
        subprocess.run(
            samverkan_command(*args),
            env=env,
            cwd=cwd,
            check=True,
            capture_output=True,
            timeout=PREPARE_SECONDS,
        )


def build_sqlite_demo(folder):
    """`samverkan migrate` and `samverkan demo_data` on the embedded SQLite database in
    folder/data, as `make run` prepares it; the write-ahead log folded into the file."""
    data_dir = folder / "data"
    data_dir.mkdir()
    run_commands(server_env(data_dir), folder, ("migrate", "--no-input"), ("demo_data",))
    database = sqlite3.connect(data_dir / "samverkan.sqlite3")
    try:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    for leftover in ("samverkan.sqlite3-wal", "samverkan.sqlite3-shm"):
        (data_dir / leftover).unlink(missing_ok=True)


def sqlite_demo_folder(tmp_path_factory):
    """The data folder of a migrated demo database (SQLite), made once per run; copy it,
    never change it."""
    folder = prepare_once(shared_root(tmp_path_factory) / "sqlite-demo", build_sqlite_demo)
    return folder / "data"


def copy_data_folder(source, target):
    """A copy of a prepared data folder: the database, its secret key and media files."""
    shutil.copytree(source, target)
    return Path(target)
