import gzip
import json

import pytest

from tribune.discussion.comments.models import Comment

from .helpers import import_fixture

pytestmark = pytest.mark.django_db


def _backup(rows):
    meta = {"version": 1, "users": [], "posts": [{"url": "https://r.example/a", "count": 2}]}
    return "\n".join(json.dumps(r) for r in [meta, *rows]) + "\n"


ROWS = [
    {"id": "c1", "pid": "", "text": "<p>Hi <em>all</em></p>", "orig": "Hi *all*",
     "user": {"name": "Rita", "id": "github_1"}, "locator": {"site": "r", "url": "https://r.example/a"},
     "score": 1, "votes": {"u1": True, "u2": True, "u3": False}, "time": "2022-02-03T04:05:06.123456789Z",
     "title": "Page A"},
    {"id": "c2", "pid": "c1", "text": '<p><img src=x onerror="alert(1)">reply</p>', "orig": "reply",
     "user": {"name": "Sam", "id": "google_2"}, "locator": {"site": "r", "url": "https://r.example/a"},
     "time": "2022-02-03T05:00:00Z", "edited": {"time": "2022-02-03T05:10:00Z", "summary": ""}},
    {"id": "c3", "pid": "", "text": "", "orig": "", "delete": True,
     "user": {"name": "", "id": "x"}, "locator": {"site": "r", "url": "https://r.example/a"},
     "time": "2022-02-04T00:00:00Z"},
]


class TestRemark42:
    @pytest.mark.parametrize("packed", [False, True])
    def test_backup_plain_or_gzipped(self, tmp_path, packed):
        path = tmp_path / ("backup.gz" if packed else "backup")
        text = _backup(ROWS)
        path.write_bytes(gzip.compress(text.encode()) if packed else text.encode())
        import_fixture("remark42", path, tmp_path)
        c = {x.import_id: x for x in Comment.objects.all()}
        assert c["c1"].body == "Hi *all*" and c["c1"].body_html == "<p>Hi <em>all</em></p>"
        assert (c["c1"].upvotes, c["c1"].downvotes) == (2, 1)
        assert c["c2"].parent == c["c1"] and c["c2"].edited_at is not None
        assert "onerror" not in c["c2"].body_html and "<img" not in c["c2"].body_html
        assert c["c3"].status == "deleted"
        assert c["c1"].thread.title == "Page A"

    def test_a_broken_line_is_reported_and_the_rest_imported(self, tmp_path):
        path = tmp_path / "backup"
        path.write_text(_backup(ROWS[:1]) + "{not json\n")
        _, problems = import_fixture("remark42", path, tmp_path)
        assert Comment.objects.count() == 1
        assert problems[0]["item"] == "line 3"
