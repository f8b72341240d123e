from django.core.management.base import BaseCommand, CommandError

from samverkan.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back the installation up to FILE (.tar.gz): the database and the uploaded files, "
        "consistent while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {manifest['engine']} database and {manifest['files']} file(s) "
            f"to {file}."
        )
