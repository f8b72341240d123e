"""Throughput under load: the server as `make run` starts it, traffic on loopback.

    uv run python bench/load.py [--seconds 10] [--connections 8] [--workers W --threads T]

A temporary data folder gets the demo (migrate, demo_data), `samverkan serve --with-worker`
starts on a free port, and in one run, one phase after the other on the same server:

1. the trivial view (/health/live/) anonymous,
2. the same signed in (session, user and municipality looked up on every request),
3. mixed pages: signed-in pages and API lists beside anonymous public pages.

Each phase keeps `--connections` keep-alive connections busy for `--seconds` and counts
answers; anything but the expected status is an error. A small asyncio HTTP/1.1 client
(stdlib only) keeps the load generator's own CPU cost low on a machine it shares with the
server. Prints req/s per phase, the ratios the targets name, and the machine.
"""

import argparse
import asyncio
import http.cookiejar
import itertools
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "load-Passw0rd-bench"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def samverkan(*args):
    return [sys.executable, "-c", "from samverkan.cli import main; main()", *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average {load}"
    )


def sign_in(base: str, username: str) -> str:
    """The session cookie of a real sign-in through the form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = CSRF_INPUT.search(page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": base}))
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"Could not sign in as {username}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def _answer(reader) -> tuple[int, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection", "").lower() == "close"


async def _connection(port, requests, deadline, counts):
    reader = writer = None
    for path, raw, expected in itertools.cycle(requests):
        if time.monotonic() >= deadline:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            status, close = await _answer(reader)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
            counts["errors"] += 1
            counts.setdefault("failed", {}).setdefault(path, 0)
            counts["failed"][path] += 1
            writer = None
            continue
        if status == expected:
            counts["ok"] += 1
        else:
            counts["errors"] += 1
            counts.setdefault("failed", {}).setdefault(f"{path} → {status}", 0)
            counts["failed"][f"{path} → {status}"] += 1
        if close:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def server_cpu_seconds(session_id: int) -> float:
    """CPU time (user + system) so far of every process of the server's session: the web
    workers, the task worker and the arbiter. Counted by the kernel, so a busy neighbour on
    a shared machine does not change it, unlike requests a second."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, pgrp, session, ... utime (12th), stime (13th).
        if int(fields[3]) == session_id:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _request(path, headers, expected=200):
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Accept-Language: sv"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return path, ("\r\n".join(lines) + "\r\n\r\n").encode(), expected


async def _phase(port, requests, seconds, connections) -> dict:
    counts = {"ok": 0, "errors": 0}
    started = time.monotonic()
    deadline = started + seconds
    # Each connection starts at another place in the list: the mix is even at every moment.
    await asyncio.gather(
        *(
            _connection(
                port,
                requests[i % len(requests) :] + requests[: i % len(requests)],
                deadline,
                counts,
            )
            for i in range(connections)
        )
    )
    elapsed = time.monotonic() - started
    counts["rps"] = (counts["ok"] + counts["errors"]) / elapsed
    return counts


def run(args) -> int:
    with tempfile.TemporaryDirectory(prefix="samverkan-load-") as folder:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        if args.postgres:
            env["DATABASE_URL"] = args.postgres
        env.update(
            SAMVERKAN_DATA_DIR=folder,
            SAMVERKAN_DEMO_PASSWORD=PASSWORD,
            DJANGO_SETTINGS_MODULE="samverkan.settings",
            ALLOWED_HOSTS="127.0.0.1",
            DEBUG="false",
        )
        for name in ("DATABASE_CONN_MAX_AGE",):
            if getattr(args, "conn_max_age", None) is not None:
                env[name] = str(args.conn_max_age)
        print("Preparing the demo in", folder, flush=True)
        commands = [("migrate", "--no-input"), ("demo_data",)]
        if args.postgres:
            commands.insert(1, ("flush", "--no-input"))  # a run's data from before
        for command in commands:
            subprocess.run(samverkan(*command), env=env, check=True, capture_output=True)
        token = subprocess.run(
            samverkan("create_token", "coordinator"),
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        port = free_port()
        serve = ["serve", "--with-worker", "--host", "127.0.0.1", "--port", str(port)]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        if args.threads:
            serve += ["--threads", str(args.threads)]
        log = open(Path(folder) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            samverkan(*serve),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300  # collectstatic first; slow on a busy machine
            while True:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit((Path(folder) / "server.log").read_text()[-2000:])
                try:
                    urllib.request.urlopen(f"{base}/health/live/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            banner = (Path(folder) / "server.log").read_text().splitlines()[0]
            cookie = {"Cookie": sign_in(base, "coordinator")}
            bearer = {"Authorization": f"Bearer {token}"}
            year = time.localtime().tm_year - 1
            phases = [
                ("trivial view, anonymous", [_request("/health/live/", {})]),
                ("trivial view, signed in", [_request("/health/live/", cookie)]),
                (
                    "mixed pages",
                    [
                        _request("/", cookie),
                        _request("/activities/", cookie),
                        _request("/funding/calls/", cookie),
                        _request(f"/follow-up/compliance/{year}/", cookie),
                        _request("/api/v1/activities", bearer),
                        _request("/m/", {}),
                        _request("/m/0583/", {}),
                        _request("/login/", {}),
                    ],
                ),
            ]
            # Warm every worker process and its connection first.
            asyncio.run(_phase(port, [r for _n, rs in phases for r in rs], 2, args.connections))
            results = {}
            for name, requests in phases:
                cpu_before = server_cpu_seconds(server.pid)
                results[name] = asyncio.run(_phase(port, requests, args.seconds, args.connections))
                answered = results[name]["ok"] + results[name]["errors"]
                spent = server_cpu_seconds(server.pid) - cpu_before
                results[name]["cpu_ms"] = 1000 * spent / max(answered, 1)
            per_page = {}
            if args.per_page:
                # Where the mixed phase's time goes: each of its pages alone (not a target).
                for request in phases[-1][1]:
                    cpu_before = server_cpu_seconds(server.pid)
                    counts = asyncio.run(_phase(port, [request], args.seconds, args.connections))
                    spent = server_cpu_seconds(server.pid) - cpu_before
                    counts["cpu_ms"] = 1000 * spent / max(counts["ok"] + counts["errors"], 1)
                    per_page[request[0]] = counts
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    print()
    print(f"Server: {banner}")
    print(f"Database: {'PostgreSQL' if args.postgres else 'SQLite'}")
    print(f"Machine: {machine()}")
    print(f"{args.connections} connections, {args.seconds} s a phase")
    print()
    print(f"| {'request':<26} | {'req/s':>7} | {'errors':>6} | {'server CPU ms/request':>21} |")
    print(f"| {'-' * 26} | {'-' * 7}:| {'-' * 6}:| {'-' * 21}:|")
    for name, counts in results.items():
        print(
            f"| {name:<26} | {counts['rps']:>7.0f} | {counts['errors']:>6} "
            f"| {counts['cpu_ms']:>21.2f} |"
        )
        for what, number in counts.get("failed", {}).items():
            print(f"    failed: {what} × {number}")
    if per_page:
        print()
        print(
            f"| {'each mixed page alone':<26} | {'req/s':>7} | {'errors':>6} "
            f"| {'server CPU ms/request':>21} |"
        )
        print(f"| {'-' * 26} | {'-' * 7}:| {'-' * 6}:| {'-' * 21}:|")
        for path, counts in per_page.items():
            print(
                f"| {path:<26} | {counts['rps']:>7.0f} | {counts['errors']:>6} "
                f"| {counts['cpu_ms']:>21.2f} |"
            )
    anonymous = results["trivial view, anonymous"]["rps"]
    signed_in = results["trivial view, signed in"]["rps"]
    mixed = results["mixed pages"]["rps"]
    errors = sum(counts["errors"] for counts in results.values())
    signed_ratio, mixed_ratio = signed_in / anonymous, mixed / signed_in
    print()
    print(f"signed-in trivial / anonymous trivial: {signed_ratio:.2f} (target ≥ 0.5)")
    print(f"mixed pages / signed-in trivial:       {mixed_ratio:.2f} (target ≥ 0.3)")
    print(f"errors: {errors} (target 0)")
    cpu = {name: counts["cpu_ms"] for name, counts in results.items()}
    print(
        "the same ratios in server CPU per request (not swayed by neighbours): "
        f"{cpu['trivial view, anonymous'] / cpu['trivial view, signed in']:.2f} and "
        f"{cpu['trivial view, signed in'] / cpu['mixed pages']:.2f}"
    )
    return 0 if signed_ratio >= 0.5 and mixed_ratio >= 0.3 and errors == 0 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: serve's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: serve's)")
    parser.add_argument(
        "--per-page", action="store_true", help="also load each mixed page alone (diagnosis)"
    )
    parser.add_argument(
        "--conn-max-age", type=int, help="DATABASE_CONN_MAX_AGE (default: the setting's)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL database to use (emptied first), e.g. "
        "postgres://postgres@127.0.0.1:5432/samverkan_load",
    )
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
