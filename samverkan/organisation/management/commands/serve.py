import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samverkan.lib.readonly import warning_text


class Command(BaseCommand):
    help = "Serve Samverkan with the production server (gunicorn), static files included."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("SAMVERKAN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("SAMVERKAN_PORT", "8000"))
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("SAMVERKAN_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("SAMVERKAN_THREADS", "4"))
        )

    def handle(self, *args, host, port, workers, threads, **options):
        if settings.SAMVERKAN_READ_ONLY:
            # Nothing can be collected into a read-only folder: the static files are
            # served from the package (WHITENOISE_USE_FINDERS).
            self.stderr.write(f"Warning: {warning_text(settings.DATA_DIR)}")
        else:
            call_command("collectstatic", interactive=False, verbosity=0)
        address = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Samverkan at http://{address}:{port}/ (data in {settings.DATA_DIR})")
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
        os.execv(sys.executable, argv)
