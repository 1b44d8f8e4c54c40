import json

import pytest

from tribune.discussion.comments.models import Comment, Thread

from .helpers import import_fixture

pytestmark = pytest.mark.django_db


class TestCommento:
    def test_sample_export(self, fixtures_dir, tmp_path):
        import_fixture("commento", fixtures_dir / "commento/commento.json", tmp_path)
        assert set(Thread.objects.values_list("url", flat=True)) == {
            "https://example.com/blog/post/1", "https://example.com/blog/post/2"}
        reply = Comment.objects.get(body="Great reply!")
        assert reply.parent.body == "Example 2 comment created by user."
        assert reply.guest_name == "Saturnin Uf" and reply.guest_email == "moregreatmail@gmail.com"
        assert Comment.objects.get(body="Example comment created by user.").upvotes == 1

    def test_states_deleted_and_missing_parents(self, tmp_path):
        data = {"version": 1, "commenters": [], "comments": [
            {"commentHex": "a" * 64, "domain": "x.example", "url": "/p", "parentHex": "root",
             "markdown": "ok", "state": "unapproved", "creationDate": "2021-01-01T00:00:00Z"},
            {"commentHex": "b" * 64, "domain": "x.example", "url": "/p", "parentHex": "c" * 64,
             "markdown": "orphan", "state": "flagged", "creationDate": "2021-01-02T00:00:00Z"},
            {"commentHex": "d" * 64, "domain": "x.example", "url": "/p", "parentHex": "root",
             "markdown": "gone", "state": "approved", "deleted": True},
        ]}
        path = tmp_path / "c.json"
        path.write_text(json.dumps(data))
        _, problems = import_fixture("commento", path, tmp_path)
        c = {x.import_id: x for x in Comment.objects.all()}
        assert c["a" * 64].status == "pending" and c["b" * 64].status == "spam"
        assert c["b" * 64].parent is None and c["d" * 64].status == "deleted"
        assert any("not in the file" in p["reason"] for p in problems)
