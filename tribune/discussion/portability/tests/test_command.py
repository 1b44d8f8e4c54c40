"""`tribune import` and `tribune export` as an operator runs them, in a process of their own."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .generate import disqus_xml


def _tribune(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("tribune")), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture
def site(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
           "TRIBUNE_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    assert _tribune("migrate", "-v0", cwd=tmp_path, env=env).returncode == 0
    return env


class TestCommandLine:
    def test_bad_input_is_one_clear_line_without_a_traceback(self, tmp_path, site, fixtures_dir):
        for fmt, path in [("disqus", fixtures_dir / "commento/commento.json"),
                          ("tribune", fixtures_dir / "disqus/isso-disqus.xml"),
                          ("isso-sqlite", fixtures_dir / "isso/generic.json"),
                          ("wordpress", tmp_path / "missing.xml")]:
            done = _tribune("import", fmt, str(path), f"--report={tmp_path / 'problems.tsv'}",
                            cwd=tmp_path, env=site)
            assert done.returncode != 0
            assert "Traceback" not in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert "nothing was imported" in done.stderr

    def test_import_progress_summary_and_problems_file(self, tmp_path, site):
        posts = [{"id": str(i), "thread": "1", "parent": str(i - 1) if i % 3 else "nowhere"}
                 for i in range(12000)]
        path = tmp_path / "big.xml"
        path.write_text(disqus_xml([{"id": "1", "link": "https://x.example/p"}], posts))
        done = _tribune("import", "disqus", str(path), "--progress", cwd=tmp_path, env=site)
        assert done.returncode == 0, done.stderr
        assert "12,000 comments" in done.stdout and "comments/s" in done.stdout
        assert "/s" in done.stderr and "%" in done.stderr
        problems = (tmp_path / "big.xml.problems.tsv").read_text().splitlines()
        assert len(problems) == 1 + 4000
        assert "1 thread with no page on this site" in done.stdout
        again = _tribune("import", "disqus", str(path), "--dry-run", cwd=tmp_path, env=site)
        assert "already there (unchanged): 12,000 comments" in again.stdout

    def test_problems_report_goes_beside_the_file_never_into_the_current_folder(self, tmp_path, site,
                                                                               fixtures_dir):
        data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
        data.mkdir()
        elsewhere.mkdir()
        export = data / "dirty.xml"
        export.write_bytes((fixtures_dir / "disqus/dirty-disqus.xml").read_bytes())
        done = _tribune("import", "disqus", str(export), cwd=elsewhere, env=site)
        assert done.returncode == 0, done.stderr
        assert list(elsewhere.iterdir()) == []
        assert sorted(p.name for p in data.iterdir()) == ["dirty.xml", "dirty.xml.problems.tsv"]
        report = (data / "dirty.xml.problems.tsv").read_text().splitlines()
        assert sum(line.startswith("repaired\t") for line in report) == 3
        assert "repaired: 1 comment, 2 xml" in done.stdout
        assert str(data / "dirty.xml.problems.tsv") in done.stdout
        assert "5 comments" in done.stdout

    def test_report_option_names_where_the_report_goes(self, tmp_path, site, fixtures_dir):
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        target = tmp_path / "reports" / "dirty.tsv"
        target.parent.mkdir()
        done = _tribune("import", "disqus", str(fixtures_dir / "disqus/dirty-disqus.xml"),
                        f"--report={target}", cwd=elsewhere, env=site)
        assert done.returncode == 0, done.stderr
        assert target.read_text().startswith("outcome\tkind\titem\treason\n")
        assert list(elsewhere.iterdir()) == [] and list(target.parent.iterdir()) == [target]

    def test_a_folder_that_cannot_take_the_report_is_named_and_nothing_is_imported(self, tmp_path,
                                                                                  site, locked):
        done = _tribune("import", "disqus", str(locked), cwd=tmp_path, env=site)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert f"cannot be written in {locked.parent}" in done.stderr and "--report" in done.stderr
        assert _counts(tmp_path) == (0, 0)

    @pytest.mark.parametrize("data", [b"", b"this is not XML", b'{"posts": []}'])
    def test_a_file_that_is_not_xml_is_refused_and_nothing_is_written(self, tmp_path, site, data):
        folder, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
        folder.mkdir()
        elsewhere.mkdir()
        (folder / "export.xml").write_bytes(data)
        done = _tribune("import", "disqus", str(folder / "export.xml"), cwd=elsewhere, env=site)
        assert done.returncode != 0
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "not a Disqus export" in done.stderr and "nothing was imported" in done.stderr
        assert list(elsewhere.iterdir()) == [] and [p.name for p in folder.iterdir()] == ["export.xml"]
        assert _counts(tmp_path) == (0, 0)

    def test_export_to_a_file_and_to_standard_output(self, tmp_path, site, fixtures_dir):
        _tribune("import", "disqus", str(fixtures_dir / "disqus/isso-disqus.xml"),
                 f"--report={tmp_path / 'problems.tsv'}", cwd=tmp_path, env=site)
        done = _tribune("export", str(tmp_path / "out.json"), cwd=tmp_path, env=site)
        assert done.returncode == 0 and "5 comments" in done.stderr
        printed = _tribune("export", cwd=tmp_path, env=site)
        assert printed.stdout == (tmp_path / "out.json").read_text().replace(
            _exported_at(tmp_path / "out.json"), _exported_at_text(printed.stdout))


@pytest.fixture
def locked(tmp_path, fixtures_dir) -> Path:
    """Return an export in a folder where no file can be created, even by root."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        export = folder / "export.xml"
        export.write_bytes((fixtures_dir / "disqus/dirty-disqus.xml").read_bytes())
        folder.chmod(0o555)
        yield export
        folder.chmod(0o755)
        return
    # Root writes anywhere the permission bits forbid it; /proc refuses new files to everyone,
    # and a file there reads (it is no export, which the tests that use this do not mind).
    export = Path("/proc/version")
    with pytest.raises(OSError):
        tempfile.NamedTemporaryFile(dir=export.parent).close()
    yield export


def _counts(tmp_path: Path) -> tuple[int, int]:
    with sqlite3.connect(tmp_path / "site.sqlite3") as db:
        return (db.execute("SELECT count(*) FROM discussion_comment").fetchone()[0],
                db.execute("SELECT count(*) FROM discussion_thread").fetchone()[0])


def _exported_at(path: Path) -> str:
    return _exported_at_text(path.read_text())


def _exported_at_text(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith('"exported_at"'))
