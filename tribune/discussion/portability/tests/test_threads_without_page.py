"""`tribune import` names the imported threads that no article of the site matches: their
comments would otherwise vanish from sight with nothing said."""

import io

import pytest
from django.core.management import call_command

from tribune.discussion.comments.tests.factories import article_factory

from .generate import disqus_xml

pytestmark = pytest.mark.django_db


def _import(tmp_path, threads, posts, *extra) -> tuple[str, list[str]]:
    path = tmp_path / "export.xml"
    path.write_text(disqus_xml(threads, posts))
    report = tmp_path / "export.xml.problems.tsv"
    report.unlink(missing_ok=True)
    out = io.StringIO()
    call_command("import", "disqus", str(path), *extra, stdout=out)
    return out.getvalue(), report.read_text().splitlines() if report.exists() else []


def test_import_names_the_threads_with_no_page_on_the_site(tmp_path):
    article = article_factory(headline="Bridge reopens")
    threads = [{"id": "1", "link": f"https://old.example.org/2019/{article.slug}/"},
               {"id": "2", "link": "https://old.example.org/2018/council-budget/"},
               {"id": "3", "link": "https://old.example.org/about/"}]
    posts = [{"id": str(n), "thread": str(1 + n % 3)} for n in range(9)]
    summary, problems = _import(tmp_path, threads, posts)
    assert "2 threads with no page on this site" in summary
    named = [line.strip() for line in summary.splitlines() if line.startswith("  ")]
    assert [url.rstrip("/") for url in named] == ["https://old.example.org/2018/council-budget",
                                                  "https://old.example.org/about"]
    assert article.slug not in summary
    # The problems file keeps to skipped and repaired items.
    assert problems == []


def test_a_dry_run_names_them_too_and_an_import_with_every_page_names_none(tmp_path):
    article = article_factory(headline="Bridge reopens")
    summary, _ = _import(tmp_path, [{"id": "1", "link": "https://old.example.org/gone/"}],
                         [{"id": "1"}], "--dry-run")
    assert "1 thread with no page on this site" in summary
    summary, problems = _import(tmp_path, [{"id": "1", "link": f"https://old.example.org/{article.slug}/"}],
                                [{"id": "1"}])
    assert "no page" not in summary and problems == []
    assert not (tmp_path / "export.xml.no-page.txt").exists()


def test_a_long_list_is_cut_in_the_summary_and_whole_in_the_report(tmp_path):
    threads = [{"id": str(n), "link": f"https://old.example.org/p/{n}/"} for n in range(1, 31)]
    posts = [{"id": str(n), "thread": str(n)} for n in range(1, 31)]
    summary, _ = _import(tmp_path, threads, posts)
    listed = tmp_path / "export.xml.no-page.txt"
    assert "30 threads with no page on this site" in summary
    assert f"  and 10 more, all listed in {listed}" in summary
    assert sum(line.startswith("  https://") for line in summary.splitlines()) == 20
    assert listed.read_text().splitlines() == [f"https://old.example.org/p/{n}" for n in range(1, 31)] or \
        listed.read_text().splitlines() == [f"https://old.example.org/p/{n}/" for n in range(1, 31)]
