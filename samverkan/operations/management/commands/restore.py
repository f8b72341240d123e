from django.core.management.base import BaseCommand, CommandError

from samverkan.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `samverkan backup`: the database (replaced) and the "
        "uploaded files. Stop the web server and the workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--database-url", help="Restore into this database instead of the configured one."
        )
        parser.add_argument("--media-root", help="Restore the files here instead.")

    def handle(self, *args, file, database_url, media_root, **options):
        try:
            manifest = restore(file, database_url=database_url, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {manifest['engine']} database and {manifest['files']} file(s) "
            f"from the backup of {manifest['created_at']}. Run `samverkan migrate` if this "
            "version is newer than the backup's."
        )
