"""The backup archive: a tar file holding manifest.json, the database and media/."""

import io
import json
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from tribune.core.errors import DomainError

FORMAT = "tribune-backup"
# The archive's layout; a restore refuses a version it does not know.
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(DomainError):
    """A backup cannot be made or restored; the message says why in one line."""

    code = "backup_failed"


@dataclass
class Manifest:
    database: str
    # Every migration applied in the copied database, as [app, name], in the order applied.
    migrations: list[list[str]]
    created_at: str
    tribune_version: str
    media_files: int = 0
    format: str = FORMAT
    version: int = VERSION
    notes: dict = field(default_factory=dict)

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database]


def archive_write(*, dest, manifest: Manifest, database: Path, media_root: Path | None, skip: str) -> int:
    """Write the archive to the open binary file `dest`; return how many media files it holds.

    Files under `media_root` whose name starts with `skip` (unfinished restores) are left out,
    and so are symbolic links; a file that vanishes while it is read is skipped.
    """
    files = _media_files(media_root, skip=skip) if media_root else []
    with tarfile.open(fileobj=dest, mode="w") as archive:
        manifest.media_files = len(files)
        _add_bytes(archive, MANIFEST, json.dumps(asdict(manifest), indent=2).encode())
        archive.add(database, arcname=manifest.database_file, recursive=False)
        written = 0
        for path in files:
            try:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}",
                            recursive=False)
            except FileNotFoundError:
                continue
            written += 1
    return written


def archive_read_manifest(source: Path) -> Manifest:
    """Return the manifest of the archive at `source`; raise BackupError when it is missing,
    not a tar archive, not a Tribune backup, or of a version this Tribune does not know."""
    if not source.exists():
        raise BackupError(f"{source}: no such file")
    if source.is_dir():
        raise BackupError(f"{source} is a folder; give the backup file made by tribune backup")
    try:
        archive = tarfile.open(source, "r:*")  # noqa: SIM115 (closed by the with below)
    except tarfile.ReadError:
        raise BackupError(f"{source} is not a Tribune backup: not a tar archive") from None
    except OSError as exc:
        raise BackupError(f"cannot read {source} ({exc.strerror or exc})") from None
    with archive:
        try:
            raw = archive.extractfile(archive.getmember(MANIFEST)).read()
        except KeyError:
            raise BackupError(f"{source} is not a Tribune backup: it has no {MANIFEST}") from None
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"{source} is damaged ({_one_line(exc)}); nothing was changed") from None
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError("not a Tribune backup manifest")
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            raise BackupError(f"{source} was made by a newer Tribune (backup format {data.get('version')}); "
                              "upgrade Tribune to restore it")
        manifest = Manifest(**{key: data[key] for key in Manifest.__dataclass_fields__ if key in data})
        if manifest.database not in DATABASE_FILES:
            raise ValueError(f"unknown database kind {manifest.database!r}")
    except BackupError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"{source} is not a Tribune backup: its {MANIFEST} is damaged "
                          f"({_one_line(exc)})") from None
    return manifest


def archive_extract(*, source: Path, manifest: Manifest, database_into: Path,
                    media_into: Path) -> tuple[Path, Path]:
    """Unpack the archive's database into the folder `database_into` and its media into
    `media_into`; return the database file and the media folder. Raise BackupError for a member
    outside its place (an absolute path, "..", a link, a device) or a damaged archive."""
    media = media_into / MEDIA
    media.mkdir(parents=True)
    database = None
    try:
        with tarfile.open(source, "r:*") as archive:
            for member in archive:
                _check_member(member, source)
                if member.name == MANIFEST:
                    continue
                if member.name == manifest.database_file:
                    archive.extract(member, database_into, filter="data")
                    database = database_into / member.name
                else:
                    archive.extract(member, media_into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{source} is damaged ({_one_line(exc)}); nothing was changed") from None
    if database is None:
        raise BackupError(f"{source} holds no {manifest.database_file}; nothing was changed")
    return database, media


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _check_member(member: tarfile.TarInfo, source: Path) -> None:
    path = PurePosixPath(member.name)
    allowed = member.name in (MANIFEST, *DATABASE_FILES.values()) or (
        path.parts[:1] == (MEDIA,) and (member.isfile() or member.isdir()))
    if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()) or not allowed:
        raise BackupError(f"{source} holds {member.name!r}, which a Tribune backup never does; "
                          "nothing was changed")


def _media_files(media_root: Path, *, skip: str) -> list[Path]:
    if not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root)
        if relative.parts[0].startswith(skip) or path.is_symlink() or not path.is_file():
            continue
        found.append(path)
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, fileobj=io.BytesIO(data))
