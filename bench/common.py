"""What every benchmark script shares: a database of its own, and the machine it ran on."""

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def configure(name: str, *, postgres: bool, fresh: bool = False) -> None:
    """Point Django at the benchmark's own database, set it up and migrate it.

    SQLite: the file /tmp/samverkan_bench_<name>.sqlite3. PostgreSQL: the database
    samverkan_bench_<name> on BENCH_POSTGRES_URL (default the local server). With
    `fresh`, the database is dropped and made anew; otherwise a seeded one is reused.
    """
    database = f"samverkan_bench_{name}"
    if postgres:
        import psycopg

        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if exists and fresh:
                connection.execute(f"DROP DATABASE {database}")
                exists = None
            if not exists:
                connection.execute(f"CREATE DATABASE {database}")
        os.environ["DATABASE_URL"] = f"{server}/{database}"
    else:
        path = Path(f"/tmp/{database}.sqlite3")
        if fresh and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_DEMO_PASSWORD", "bench-Passw0rd-not-secret")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def machine() -> str:
    """Cores, CPU model, Python and the load average: the context every figure needs."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    return f"{cores} CPU(s), {cpu}, Python {platform.python_version()}, load {load:.1f}"
