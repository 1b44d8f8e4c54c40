"""Point 5: memory does not grow with the size of the export."""

import re
import tracemalloc

import pytest

from tribune.discussion.portability.readers import disqus
from tribune.discussion.portability.report import ImportReport
from tribune.discussion.portability.services.imports import comments_import

from .generate import disqus_xml

pytestmark = pytest.mark.django_db


class _Options:
    pings = "skip"
    create_articles = False


def _peak_bytes(path) -> int:
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            comments_import(records=disqus.read(stream, options=_Options()), report=ImportReport(),
                            dry_run=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _files(tmp_path, mend=lambda text: text) -> list:
    paths = []
    for count in (4000, 12000):
        posts = [{"id": str(i), "thread": str(i % 50),
                  "message": "<p>" + "Körper und Geist " * 20 + "</p>"} for i in range(count)]
        for i, post in enumerate(posts):
            if i % 3 == 0 and i >= 50:
                post["parent"] = str(i - 50)
        path = tmp_path / f"{count}.xml"
        path.write_text(mend(disqus_xml([{"id": str(t), "link": f"https://x.example/{t}"}
                                         for t in range(50)], posts)))
        paths.append(path)
    return paths


def test_three_times_the_comments_needs_no_more_memory(tmp_path):
    paths = _files(tmp_path)
    small, large = (_peak_bytes(p) for p in paths)
    assert paths[1].stat().st_size > 2.9 * paths[0].stat().st_size
    assert large < small * 1.3, (small, large)


def test_mending_a_broken_file_needs_no_more_memory_for_three_times_the_comments(tmp_path):
    # Junk before the declaration, and every post's id unquoted: one repair per post.
    paths = _files(tmp_path, lambda text: "\x00junk" + re.sub(r'<post dsq:id="(\d+)"',
                                                              r"<post dsq:id=\1", text))
    small, large = (_peak_bytes(p) for p in paths)
    assert large < small * 1.3, (small, large)
