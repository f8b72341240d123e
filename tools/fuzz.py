"""Fuzz the REST API with schemathesis against a live server on demo data (`make fuzz`).

    uv run python tools/fuzz.py [--postgres] [--max-examples N] [--max-time SECONDS]

Each run starts from a fresh database of its own (a SQLite file in a temporary data
folder, or with --postgres the database `samverkan_fuzz` on FUZZ_POSTGRES_URL, default
the local server), loads the demo, makes a token for the administrator, starts
`samverkan serve` on a free port and runs schemathesis on /api/v1/openapi.json with the
check that no answer is a server error (5xx). It prints the operations, the test cases
and the 5xx answers it found, and exits non-zero when there was any.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_postgres(server: str, database: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return f"{server}/{database}"


def samverkan(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        ["samverkan", *args],
        env=env,
        cwd=env.get("FUZZ_SOURCE", ROOT),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return (result.stdout or "").strip()


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url} within {seconds:.0f} s.")


def count_results(report_path: Path) -> dict:
    """Operations, test cases and 5xx answers from schemathesis' NDJSON event stream."""
    operations: set[str] = set()
    cases = 0
    server_errors: dict[str, int] = {}
    samples: dict[str, str] = {}
    for line in report_path.read_text().splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        for kind, payload in event.items():
            if kind != "ScenarioFinished" or not isinstance(payload, dict):
                continue
            recorder = payload.get("recorder") or {}
            label = recorder.get("label") or ""
            if label:
                operations.add(label)
            for interaction in (recorder.get("interactions") or {}).values():
                response = interaction.get("response") or {}
                cases += 1
                status = response.get("status_code") or 0
                if status >= 500:
                    server_errors[label] = server_errors.get(label, 0) + 1
                    request = interaction.get("request") or {}
                    samples.setdefault(label, f"{request.get('method')} {request.get('uri')}"[:300])
    return {
        "operations": len(operations),
        "cases": cases,
        "server_errors": sum(server_errors.values()),
        "by_operation": server_errors,
        "samples": samples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--max-examples", type=int, default=25, help="per operation")
    parser.add_argument("--max-time", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--user", default="admin", help="whose token the fuzzer uses")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and report")
    parser.add_argument(
        "--exclude-path-regex", default="", help="leave out the operations whose path matches"
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="serve the samverkan package from this folder (e.g. `git archive` of an older "
        "commit), to measure it before a change",
    )
    options = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="samverkan_fuzz_"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        "SAMVERKAN_DATA_DIR": str(data_dir),
        "SAMVERKAN_DEMO_PASSWORD": os.environ.get("SAMVERKAN_DEMO_PASSWORD", "fuzz-Passw0rd-x"),
        "SAMVERKAN_WORKERS": "2",
        "LOG_LEVEL": "CRITICAL",
    }
    if options.source:
        source = str(options.source.resolve())
        env["FUZZ_SOURCE"] = source
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    if options.postgres:
        server = os.environ.get("FUZZ_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        env["DATABASE_URL"] = fresh_postgres(server, "samverkan_fuzz")
    else:
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'samverkan.sqlite3'}"
    database = "PostgreSQL" if options.postgres else "SQLite"

    samverkan(env, "migrate", "--no-input", "-v", "0")
    samverkan(env, "demo_data", "--if-empty")
    token = samverkan(env, "create_token", options.user, "--name", "fuzz", capture=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_process = subprocess.Popen(
        ["samverkan", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=env.get("FUZZ_SOURCE", ROOT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    report = data_dir / "events.ndjson"
    try:
        wait_for(f"{base}/api/v1/openapi.json", 60)
        started = time.monotonic()
        run = subprocess.run(
            [
                "schemathesis",
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                str(options.max_examples),
                "--max-time",
                str(options.max_time),
                "--seed",
                str(options.seed),
                "--workers",
                "2",
                "--phases",
                "examples,coverage,fuzzing",
                "--suppress-health-check",
                "all",
                "--no-shrink",
                "--request-timeout",
                "30",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(report),
                "--output-truncate",
                "true",
                *(
                    ["--exclude-path-regex", options.exclude_path_regex]
                    if options.exclude_path_regex
                    else []
                ),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        elapsed = time.monotonic() - started
    finally:
        server_process.terminate()
        try:
            server_process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server_process.kill()
    tail = run.stdout.strip().splitlines()[-25:]
    print("\n".join(tail))
    figures = count_results(report)
    print(
        f"\n{database}: {figures['operations']} operations, {figures['cases']} test cases "
        f"in {elapsed:.0f} s, {figures['server_errors']} answers 5xx"
    )
    for label, count in sorted(figures["by_operation"].items()):
        print(f"  {count:4d} × 5xx  {label}   e.g. {figures['samples'][label]}")
    if options.keep:
        print(f"Data folder and report kept in {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if figures["server_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
