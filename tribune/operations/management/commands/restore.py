"""`tribune restore SRC`: put a backup back into an empty site (or, with --force, any site)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tribune.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by tribune backup: the database and the uploaded media. Stop "
            "the server and the worker first. Refuses a site that has data unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup file")
        parser.add_argument("--force", action="store_true",
                            help="replace the site's database and media even if it has data")

    def handle(self, *args, source, force, **options):
        try:
            manifest = backup_restore(source=Path(source).expanduser(), force=force)
        except BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Restored the backup of {manifest.created_at} ({manifest.database}, "
                          f"{manifest.media_files} media files); migrations are applied. "
                          "Check it with: tribune check")
