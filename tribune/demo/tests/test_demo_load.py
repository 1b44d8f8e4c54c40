"""The demo site is the seed page, loaded once and only once."""

import pytest

from tribune.demo.load import demo_load
from tribune.demo.seed import seed_read
from tribune.discussion.comments.models import Comment, Thread
from tribune.donations.models import Campaign, LedgerEntry
from tribune.donations.selectors import goal_progress
from tribune.newsroom.models import Article, Image

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count()
            for model in (Article, Image, Thread, Comment, Campaign, LedgerEntry)}


def test_loading_the_demo_twice_changes_nothing_the_second_time():
    first = demo_load()
    after_first = counts()
    second = demo_load()
    assert first.created is True
    assert second.created is False
    assert second.article.pk == first.article.pk
    assert counts() == after_first
    assert after_first == {"Article": 1, "Image": 1, "Thread": 1, "Comment": 7, "Campaign": 1,
                           "LedgerEntry": 1}


def test_the_demo_holds_the_seed_pages_article_comments_and_meter():
    article = demo_load().article
    page = seed_read()
    assert article.headline == page.headline
    for paragraph in page.paragraphs:
        assert paragraph.replace("'", "&#x27;") in article.body_html or paragraph in article.body_html
    assert article.lead_image.width == 1600
    assert article.lead_image.original.read(3) == b"\xff\xd8\xff"  # a JPEG made at load time
    names = list(Comment.objects.order_by("-created_at").values_list("guest_name", flat=True))
    assert names == ["", "Shylo Duffy", "Regime Force", "", "", "neil barron", "Roger Snellman"]
    assert not Comment.objects.filter(user__isnull=False).exists()
    progress = goal_progress(campaign=Campaign.objects.get())
    assert (progress.label_zero, progress.label_half, progress.label_goal, progress.label_raised) == (
        "0\u00a0$", "2,500\u00a0$", "5,000\u00a0$", "3,048\u00a0$")
    assert progress.label_share == "61%"


def test_a_failed_load_leaves_nothing_behind(monkeypatch):
    import tribune.demo.load as load

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(load, "comment_post", broken)
    with pytest.raises(RuntimeError):
        demo_load()
    assert set(counts().values()) == {0}
