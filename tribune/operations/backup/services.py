"""Make a backup and restore one (see the package docstring for the guarantees)."""

import os
import shutil
import tempfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

from .archive import (
    BackupError,
    Manifest,
    archive_extract,
    archive_read_manifest,
    archive_write,
)
from .databases import site_database

# Unfinished restores unpack into a folder of this name inside MEDIA_ROOT; backups skip it.
STAGING_PREFIX = ".tribune-restore-"
# What makes a site one whose data a restore would throw away (tables that exist once migrated
# but that migrations fill, like the moderators' groups, do not count).
_DATA_MODELS = ("auth.User", "newsroom.Article", "discussion.Thread", "discussion.Comment",
                "notifications.Subscriber", "donations.Campaign", "donations.LedgerEntry")


def backup_create(*, dest: Path) -> tuple[Path, Manifest]:
    """Write a backup of the database and MEDIA_ROOT to the file `dest` (or to a new file named
    for the time inside the folder `dest`); return its path and manifest.

    Raises BackupError when `dest` exists or cannot be written, or the database cannot be copied.
    The archive is written beside `dest` and renamed when complete: `dest` is never half a backup.
    """
    now = datetime.now(UTC)
    if dest.is_dir():
        dest = dest / f"tribune-backup-{now:%Y%m%d-%H%M%S}.tar"
    if dest.exists():
        raise BackupError(f"{dest} already exists; choose another name")
    if not dest.parent.is_dir():
        raise BackupError(f"{dest.parent} is not a folder")
    database = site_database()
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix="tribune-backup-", dir=dest.parent) as work:
            copy = Path(work) / "database"
            try:
                migrations = database.snapshot(into=copy)
            except DatabaseError as exc:
                raise BackupError(f"the database cannot be read ({exc})") from None
            manifest = Manifest(database=database.kind, migrations=migrations,
                                created_at=now.isoformat(timespec="seconds"),
                                tribune_version=_tribune_version())
            # Readable by its owner only: a backup holds every reader's comments and addresses.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                archive_write(dest=file, manifest=manifest, database=copy,
                              media_root=Path(settings.MEDIA_ROOT), skip=STAGING_PREFIX)
                file.flush()
                os.fsync(file.fileno())
        partial.rename(dest)
    except OSError as exc:
        raise BackupError(f"cannot write {dest} ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)
    return dest, manifest


def backup_restore(*, source: Path, force: bool = False) -> Manifest:
    """Replace this site's database and MEDIA_ROOT with the backup at `source`, then apply the
    migrations the backup is older than; return the backup's manifest.

    Raises BackupError, having changed nothing, when `source` is not a Tribune backup, holds the
    other kind of database, comes from a newer Tribune, is damaged, or the site has data and
    `force` is false.
    """
    manifest = archive_read_manifest(source)
    database = site_database()
    if manifest.database != database.kind:
        held = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[manifest.database]
        raise BackupError(f"{source} holds a {held} database and this site runs on {database.label} "
                          "(DATABASE_URL); restore it into a site of the same kind")
    _check_migrations_known(manifest, source)
    if not force and site_has_data():
        raise BackupError("this site already has data (accounts, articles, comments, gifts or uploads); "
                          "restore into an empty site, or add --force to replace everything it holds")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # The uploads unpack inside MEDIA_ROOT, on its file system, to move into place by renaming;
    # the database beside the site's other files, never where a web server serves files.
    work = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root))
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    database_work = Path(tempfile.mkdtemp(prefix="tribune-restore-", dir=settings.VAR_DIR))
    try:
        staged, media = archive_extract(source=source, manifest=manifest, database_into=database_work,
                                        media_into=work)
        database.verify(staged=staged)
        database.restore(staged=staged, work=database_work)
        _media_replace(media_root=media_root, media=media, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(database_work, ignore_errors=True)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def site_has_data() -> bool:
    """Return whether the site has accounts, articles, threads, comments, subscribers, campaigns,
    ledger entries or uploads: anything a restore would throw away."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(not p.name.startswith(STAGING_PREFIX) for p in media_root.iterdir()):
        return True
    tables = set(connection.introspection.table_names())
    for label in _DATA_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in tables and model.objects.exists():
            return True
    return False


def _check_migrations_known(manifest: Manifest, source: Path) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in manifest.migrations:
        if (app, name) not in known:
            raise BackupError(f"{source} was made by a newer Tribune: its database has migration "
                              f"{app}.{name}, unknown here; upgrade Tribune, then restore")


def _media_replace(*, media_root: Path, media: Path, work: Path) -> None:
    """Put the backup's uploads in MEDIA_ROOT in place of what it holds, by renaming."""
    old = work / "replaced"
    old.mkdir()
    for path in media_root.iterdir():
        if path != work:
            path.rename(old / path.name)
    for path in media.iterdir():
        path.rename(media_root / path.name)


def _tribune_version() -> str:
    try:
        return version("tribune")
    except PackageNotFoundError:
        return "unknown"
