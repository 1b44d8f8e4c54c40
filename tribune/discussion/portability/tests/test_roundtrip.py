"""`tribune export`, then `tribune import tribune` into an empty site: nothing is lost."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Anchor, Comment, Thread, Vote
from tribune.discussion.comments.services import (
    comment_delete,
    comment_post,
    thread_close,
    thread_for_article_get_or_create,
    thread_for_url_get_or_create,
    vote_cast,
)
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.notifications.models import Subscriber, Subscription
from tribune.discussion.notifications.services.subscriptions import subscription_create
from tribune.discussion.portability.export import comment_key
from tribune.newsroom.models import Article
from tribune.newsroom.services.articles import article_create

from .helpers import import_fixture

pytestmark = pytest.mark.django_db


def _site(fixtures_dir, tmp_path):
    """A site with every kind of row the discussion has."""
    reader = get_user_model().objects.create_user(username="ada", password="x", email="ada@example.org")
    article = article_create(headline="Floods", body="Text", slug="floods", status="published")
    thread = thread_for_article_get_or_create(article=article)
    ada = Reader(user=reader)
    guest = Reader(guest_key="guest-key-1", address_hash="addr1")
    other = Reader(guest_key="guest-key-2", address_hash="addr2")
    top = comment_post(thread=thread, body="First, *registered*", reader=ada,
                       created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    reply = comment_post(thread=thread, body="A reply", reader=guest, guest_name="Gus",
                         guest_email="gus@example.org", parent_id=top.pk)
    deep = comment_post(thread=thread, body="Deeper", reader=other, guest_name="Olga", parent_id=reply.pk)
    comment_post(thread=thread, body="Deepest ünïcödé ✓", reader=ada, parent_id=deep.pk)
    gone = comment_post(thread=thread, body="Regret", reader=guest, guest_name="Gus")
    comment_post(thread=thread, body="Reply to the deleted one", reader=other, guest_name="Olga",
                 parent_id=gone.pk)
    comment_delete(comment=gone, reader=guest)
    held = comment_post(thread=thread, body="Held", guest_name="New")
    Comment.objects.filter(pk=held.pk).update(status="pending", edited_at=datetime(2024, 5, 5, tzinfo=UTC))
    passage = anchor_create(article=article, exact="Text", question="Is this the whole story?")
    comment_post(thread=thread, body="On the passage", reader=other, guest_name="Olga", anchor_id=passage.pk)
    Comment.objects.filter(pk=top.pk).update(is_featured=True, moderator_note="Typo fixed")
    subscription_create(thread=thread, reader=ada, kinds=["thread", "replies"])
    subscription_create(thread=thread, reader=guest, kinds=["replies"], email="Gus@Example.org")
    vote_cast(comment=top, reader=guest, value=1)
    vote_cast(comment=top, reader=other, value=-1)
    vote_cast(comment=deep, reader=ada, value=1)
    page = thread_for_url_get_or_create(url="https://partner.example/page", title="Partner",
                                        any_host=True)
    comment_post(thread=page, body="On a partner page", guest_name="Pat")
    thread_close(thread=page)
    # Comments imported from Disqus before, and a native reply to one of them.
    import_fixture("disqus", fixtures_dir / "disqus/isso-disqus.xml", tmp_path)
    disqus = Comment.objects.get(import_source="disqus", import_id="5")
    comment_post(thread=disqus.thread, body="Native reply to an old comment", guest_name="Nat",
                 parent_id=disqus.pk)
    Comment.objects.filter(import_id="8").update(status="spam")


def _snapshot():
    """Everything a reader or moderator could see, keyed so that primary keys do not matter."""
    def thread_id(thread):
        return thread.article.slug if thread.article_id else thread.url

    def key(c):
        return comment_key(import_source=c.import_source, import_id=c.import_id, pk=c.pk)

    threads = sorted((thread_id(t), t.title, t.is_open, t.created_at)
                     for t in Thread.objects.select_related("article"))
    comments = sorted(
        (key(c), thread_id(c.thread), key(c.parent) if c.parent_id else None,
         key(c.root), c.user.username if c.user_id else None, c.guest_name, c.guest_email,
         c.guest_key_hash, c.address_hash, c.body, c.body_html, c.status, c.created_at,
         c.edited_at, c.upvotes, c.downvotes, c.score, c.is_featured, c.moderator_note,
         (c.anchor.exact, c.anchor.question, c.anchor.start) if c.anchor_id else None)
        for c in Comment.objects.select_related("thread__article", "parent", "root", "user", "anchor")
    )
    names = {f"u:{u.pk}": u.username for u in get_user_model().objects.all()}
    votes = sorted((key(v.comment), names.get(v.voter, v.voter), v.value, v.address_hash, v.created_at)
                   for v in Vote.objects.select_related("comment"))
    anchors = sorted((a.article.slug, a.exact, a.prefix, a.suffix, a.start, a.end, a.state, a.question)
                     for a in Anchor.objects.select_related("article"))
    subscriptions = sorted(
        (s.subscriber.email, s.subscriber.user.username if s.subscriber.user_id else None,
         thread_id(s.thread), s.kind, s.cadence, s.confirmed_at)
        for s in Subscription.objects.select_related("subscriber__user", "thread__article")
    )
    return threads, comments, votes, anchors, subscriptions


def _empty_the_site():
    """A new site: no discussion, no articles, and the same readers' accounts under other ids."""
    Subscription.objects.all().delete()
    Subscriber.objects.all().delete()
    Comment.objects.all().delete()
    Anchor.objects.all().delete()
    Thread.objects.all().delete()
    Article.objects.all().delete()
    get_user_model().objects.all().delete()
    get_user_model().objects.create_user(username="someone-else", password="x")
    get_user_model().objects.create_user(username="ada", password="x")


class TestRoundTrip:
    def test_export_then_import_into_an_empty_site_loses_nothing(self, fixtures_dir, tmp_path):
        _site(fixtures_dir, tmp_path)
        before = _snapshot()
        assert len(before[1]) == 15 and len(before[2]) == 3
        assert len(before[3]) == 1 and len(before[4]) == 3
        path = tmp_path / "discussion.json"
        call_command("export", str(path))
        old_id = get_user_model().objects.get(username="ada").pk
        _empty_the_site()
        assert get_user_model().objects.get(username="ada").pk != old_id
        assert Comment.objects.count() == 0

        out = io.StringIO()
        call_command("import", "tribune", str(path), "--create-articles",
                     f"--problems={tmp_path / 'p.tsv'}", stdout=out)
        assert _snapshot() == before
        assert "15 comments" in out.getvalue() and "3 votes" in out.getvalue()

    def test_importing_the_export_again_changes_nothing(self, fixtures_dir, tmp_path):
        _site(fixtures_dir, tmp_path)
        path = tmp_path / "discussion.json"
        call_command("export", str(path))
        before = _snapshot()
        out = io.StringIO()
        call_command("import", "tribune", str(path), f"--problems={tmp_path / 'p.tsv'}", stdout=out)
        assert _snapshot() == before
        assert "nothing new" in out.getvalue()

    def test_the_export_is_one_json_document_with_every_list(self, fixtures_dir, tmp_path):
        _site(fixtures_dir, tmp_path)
        path = tmp_path / "discussion.json"
        call_command("export", str(path))
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["format"] == "tribune-discussion" and data["version"] == 1
        assert sorted((x["email"], x["kind"]) for x in data["subscriptions"]) == [
            ("ada@example.org", "replies"), ("ada@example.org", "thread"), ("gus@example.org", "replies")]
        assert not any("token" in json.dumps(x) for x in data["subscriptions"])
        assert {c["key"].split(":")[0] for c in data["comments"]} == {"tribune", "disqus"}
        assert not any("guest-key" in json.dumps(c) for c in data["comments"])
