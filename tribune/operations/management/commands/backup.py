"""`tribune backup DEST`: the database and the uploads in one file, taken while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tribune.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write the database and the uploaded media to one archive file (DEST, or a new file "
            "named for the time inside the folder DEST), while the site keeps running.")

    def add_arguments(self, parser):
        parser.add_argument("dest", help="the backup file to write, or a folder to write it in")

    def handle(self, *args, dest, **options):
        try:
            path, manifest = backup_create(dest=Path(dest).expanduser())
        except BackupError as exc:
            raise CommandError(exc.message) from None
        size = path.stat().st_size
        self.stdout.write(f"Backed up the {manifest.database} database and {manifest.media_files} "
                          f"media files to {path} ({size / 1_000_000:.1f} MB)")
