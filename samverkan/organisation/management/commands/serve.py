import contextlib
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samverkan.lib.readonly import warning_text


def default_concurrency(engine: str, cpus: int) -> tuple[int, int]:
    """Gunicorn's (workers, threads) for this database and machine (measured in bench/README.md).

    One thread a process: with more, a request that waits for the database waits again for
    the interpreter's lock while another thread computes (on 2 CPUs, 2 × 4 threads served
    signed-in requests at 55-70 % of the rate of 2 × 1). SQLite: one process a CPU.
    PostgreSQL: one more, to use the CPU while a process waits for the server's answer.
    Without threads gunicorn answers one request a process at a time and closes each
    connection: put the TLS proxy in front (docs/operations.md), which buffers slow clients.
    """
    processes = max(cpus, 1)
    if "postgresql" in engine:
        return processes + 1, 1
    return processes, 1


def _env_int(name):
    value = os.environ.get(name)
    return int(value) if value else None


class Command(BaseCommand):
    help = (
        "Serve Samverkan with the production server (gunicorn), static files included; "
        "--with-worker runs a background worker beside it (as make run does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("SAMVERKAN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("SAMVERKAN_PORT", "8000"))
        )
        parser.add_argument("--workers", type=int, default=_env_int("SAMVERKAN_WORKERS"))
        parser.add_argument("--threads", type=int, default=_env_int("SAMVERKAN_THREADS"))
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run `samverkan worker` (background jobs); both stop together.",
        )

    def handle(self, *args, host, port, workers, threads, with_worker, **options):
        if settings.SAMVERKAN_READ_ONLY:
            # Nothing can be collected into a read-only folder: the static files are
            # served from the package (WHITENOISE_USE_FINDERS).
            self.stderr.write(f"Warning: {warning_text(settings.DATA_DIR)}")
        else:
            call_command("collectstatic", interactive=False, verbosity=0)
        default_workers, default_threads = default_concurrency(
            settings.DATABASES["default"]["ENGINE"], os.cpu_count() or 1
        )
        workers = workers or default_workers
        threads = threads or default_threads
        address = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"Samverkan at http://{address}:{port}/ (data in {settings.DATA_DIR}; "
            f"{workers} workers × {threads} threads)"
        )
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "samverkan.wsgi:application",
            "--bind",
            f"{address}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        if not with_worker:
            os.execv(sys.executable, argv)
        self._serve_with_worker(argv)

    def _serve_with_worker(self, server_argv):
        """The web server and one worker as children; when either ends, or on SIGTERM or
        SIGINT, both are stopped."""
        worker_argv = [
            sys.executable,
            "-c",
            "from samverkan.cli import main; main()",
            "worker",
            "--no-reload",
        ]
        children = [subprocess.Popen(server_argv), subprocess.Popen(worker_argv)]

        def stop(signum=None, frame=None):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        with contextlib.suppress(ChildProcessError):
            os.wait()  # the first child to end
        stop()
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        sys.exit(children[0].returncode or 0)
