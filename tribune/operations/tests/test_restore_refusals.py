"""A restore changes nothing unless everything is right: bad input gets one line and a non-zero
exit, never a traceback and never a half-restored site."""

import io
import json
import tarfile

import pytest

from .helpers import Site


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """A real backup of the demo site, made once for these tests."""
    folder = tmp_path_factory.mktemp("origin")
    origin = Site(folder / "site")
    try:
        origin.tribune("migrate", "-v0")
        origin.tribune("demo_load")
        origin.tribune("backup", str(folder / "site.tar"))
    finally:
        origin.drop()
    return folder / "site.tar"


@pytest.fixture
def empty_site(tmp_path):
    """A site set up but never migrated: as empty as a site gets."""
    site = Site(tmp_path / "target")
    yield site
    site.drop()


def rewritten(backup, tmp_path, *, manifest=None, extra=(), drop=()) -> str:
    """Return a copy of `backup` with its manifest changed by `manifest` and members added or left out."""
    copy = tmp_path / "changed.tar"
    with tarfile.open(backup) as source, tarfile.open(copy, "w") as target:
        for member in source:
            if member.name in drop:
                continue
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and manifest:
                changed = json.loads(data)
                manifest(changed)
                data = json.dumps(changed).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
        for member, data in extra:
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    return str(copy)


def refused(site: Site, *args, says: str) -> None:
    result = site.tribune("restore", *args, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert says in lines[0], lines[0]
    # Nothing changed: no table, no upload.
    assert site.tables() == []
    media = site.folder / "media"
    assert not media.exists() or list(media.iterdir()) == []


def test_a_missing_file_is_named(empty_site, tmp_path):
    refused(empty_site, str(tmp_path / "nowhere.tar"), says="nowhere.tar: no such file")


def test_a_file_that_is_not_an_archive_is_refused(empty_site, tmp_path):
    (tmp_path / "photo.tar").write_bytes(b"\xff\xd8\xff\xe0 not a tar archive at all" * 100)
    refused(empty_site, str(tmp_path / "photo.tar"), says="photo.tar is not a Tribune backup: not a tar archive")


def test_an_archive_without_a_manifest_is_refused(empty_site, backup, tmp_path):
    refused(empty_site, rewritten(backup, tmp_path, drop=("manifest.json",)), says="it has no manifest.json")


def test_a_backup_of_the_other_database_kind_is_refused(empty_site, backup, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[empty_site.kind]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

    def kind(manifest):
        manifest["database"] = other

    refused(empty_site, rewritten(backup, tmp_path, manifest=kind),
            says=f"holds a {names[other]} database and this site runs on {names[empty_site.kind]}")


def test_a_backup_from_a_newer_tribune_is_refused(empty_site, backup, tmp_path):
    def newer(manifest):
        manifest["migrations"].append(["discussion", "0099_from_the_future"])

    refused(empty_site, rewritten(backup, tmp_path, manifest=newer),
            says="was made by a newer Tribune: its database has migration discussion.0099_from_the_future")


def test_a_newer_backup_format_is_refused(empty_site, backup, tmp_path):
    def newer(manifest):
        manifest["version"] = 2

    refused(empty_site, rewritten(backup, tmp_path, manifest=newer), says="was made by a newer Tribune")


@pytest.mark.parametrize("name", ["media/../../escaped.txt", "/etc/tribune-owned", "media/link"])
def test_a_member_outside_its_folder_is_refused(empty_site, backup, tmp_path, name):
    member = tarfile.TarInfo(name)
    if name == "media/link":
        member.type, member.linkname, data = tarfile.SYMTYPE, "/etc/passwd", None
    else:
        data = b"owned"
        member.size = len(data)
    refused(empty_site, rewritten(backup, tmp_path, extra=[(member, data)]),
            says="which a Tribune backup never does")
    assert not (tmp_path / "escaped.txt").exists()


def test_a_damaged_archive_changes_nothing(empty_site, backup, tmp_path):
    cut = tmp_path / "cut.tar"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size * 9 // 10])
    refused(empty_site, str(cut), says="cut.tar is damaged (unexpected end of data); nothing was changed")


def test_a_site_with_data_is_replaced_only_when_told(empty_site, backup, tmp_path):
    empty_site.tribune("migrate", "-v0")
    empty_site.tribune("createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org")
    result = empty_site.tribune("restore", str(backup), check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == ("CommandError: this site already has data (accounts, articles, comments, "
                                     "gifts or uploads); restore into an empty site, or add --force to "
                                     "replace everything it holds")
    assert empty_site.query("SELECT username FROM auth_user") == [("editor",)]

    empty_site.tribune("restore", str(backup), "--force")
    assert empty_site.query("SELECT username FROM auth_user WHERE username = 'editor'") == []
    assert empty_site.query("SELECT COUNT(*) FROM newsroom_article") == [(1,)]


def test_a_backup_never_overwrites_a_file(empty_site, tmp_path):
    (tmp_path / "kept.tar").write_bytes(b"an older backup")
    result = empty_site.tribune("backup", str(tmp_path / "kept.tar"), check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"CommandError: {tmp_path / 'kept.tar'} already exists; choose another name"
    assert (tmp_path / "kept.tar").read_bytes() == b"an older backup"
    result = empty_site.tribune("backup", str(tmp_path / "no" / "such" / "folder.tar"), check=False)
    assert result.returncode == 1 and "is not a folder" in result.stderr
