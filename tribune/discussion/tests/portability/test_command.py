"""`tribune import` and `tribune export` as an operator runs them, in a process of their own."""

import os
import subprocess
import sys
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
            done = _tribune("import", fmt, str(path), cwd=tmp_path, env=site)
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
        again = _tribune("import", "disqus", str(path), "--dry-run", cwd=tmp_path, env=site)
        assert "already there (unchanged): 12,000 comments" in again.stdout

    def test_export_to_a_file_and_to_standard_output(self, tmp_path, site, fixtures_dir):
        _tribune("import", "disqus", str(fixtures_dir / "disqus/isso-disqus.xml"), cwd=tmp_path, env=site)
        done = _tribune("export", str(tmp_path / "out.json"), cwd=tmp_path, env=site)
        assert done.returncode == 0 and "5 comments" in done.stderr
        printed = _tribune("export", cwd=tmp_path, env=site)
        assert printed.stdout == (tmp_path / "out.json").read_text().replace(
            _exported_at(tmp_path / "out.json"), _exported_at_text(printed.stdout))


def _exported_at(path: Path) -> str:
    return _exported_at_text(path.read_text())


def _exported_at_text(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith('"exported_at"'))
