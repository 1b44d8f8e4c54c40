"""Backups that restore: `tribune backup DEST` and `tribune restore SRC`.

A backup is one tar archive: `manifest.json` (the format and its version, the database's kind,
every migration applied, when it was taken), the database (`database.sqlite3`, made with SQLite's
online backup; or `database.pgdump`, pg_dump's custom format) and the uploads under `media/`.
Both databases are copied as one consistent moment while the site keeps serving and writing:
everything committed before the copy began is in it. The database is copied before the media,
so every upload the copied rows name is there (files are added, rarely removed).

A restore checks everything before it changes anything: an archive, its manifest, a database of
this site's kind, no migration this Tribune does not know (a newer Tribune's backup), members
that stay inside their folder. It unpacks into a folder beside the uploads, then replaces the
database in one step (SQLite's backup into the site's file; psql running the dump after dropping
the site's tables, in one transaction), then the uploads, then applies the migrations that the
backup is older than. A site with data is replaced only when told to (`--force`).

Secrets are not in a backup: SECRET_KEY (signed links, sessions) lives in the environment and is
kept apart, as the operator's documentation says.

Submodules: archive (the tar and its manifest) and databases (one kind each) below services,
which the commands call.
"""

from .archive import BackupError
from .services import backup_create, backup_restore, site_has_data

__all__ = ["BackupError", "backup_create", "backup_restore", "site_has_data"]
