"""Passages of a real article stay attached through edits: insert before, reword inside, delete."""

import pytest

from tribune.discussion.comments.anchoring import Selector, locate, selector_at, text_of_html
from tribune.discussion.comments.models import Anchor
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.services.anchors import AnchorInvalidError, anchor_create
from tribune.discussion.comments.tests.factories import guest_reader
from tribune.newsroom.services import article_save

PASSAGE = "the evacuation deal allows the SAA to deploy its forces in the mountainous areas"


def test_text_of_html_matches_what_a_browser_reads():
    assert text_of_html("<p>A &amp; B</p>\n<p>C <em>d</em>é</p>") == "A & B\nC dé"


def test_an_exact_passage_is_found_where_its_context_matches():
    text = "Rain fell. The river rose. Later: The river rose again."
    first = selector_at(text, text.index("The river rose"), text.index("The river rose") + 14)
    moved_text = "Overnight. " + text
    found = locate(first, moved_text)
    assert found.state == "anchored"
    assert moved_text[found.selector.start:found.selector.end] == "The river rose"
    assert found.selector.start == text.index("The river rose") + len("Overnight. ")


@pytest.mark.django_db(transaction=True)
class TestAnchorsFollowEdits:
    """Edits of the demo article (the seed page), and where each passage lands."""

    @pytest.fixture
    def article(self, demo):
        return demo

    def anchor(self, article, exact):
        text = text_of_html(article.body_html)
        start = text.index(exact)
        return anchor_create(article=article, exact=exact, start=start, end=start + len(exact))

    def edit(self, article, old, new):
        article.body = article.body.replace(old, new)
        article_save(article=article)

    def test_inserting_text_before_moves_the_passage_with_it(self, article):
        anchor = self.anchor(article, PASSAGE)
        old_start = anchor.start
        self.edit(article, "On April 20,", "Update: the deal held.\n\nOn April 20,")
        anchor.refresh_from_db()
        text = text_of_html(article.body_html)
        assert anchor.state == "anchored"
        assert text[anchor.start:anchor.end] == PASSAGE
        assert anchor.start > old_start

    def test_rewording_inside_keeps_the_passage_close_to_its_words(self, article):
        anchor = self.anchor(article, PASSAGE)
        self.edit(article, "allows the SAA to deploy its forces", "lets the SAA deploy its forces")
        anchor.refresh_from_db()
        text = text_of_html(article.body_html)
        assert anchor.state == "moved"
        assert "lets the SAA deploy its forces in the mountainous" in text[anchor.start:anchor.end]

    def test_deleting_the_passage_orphans_it_but_keeps_its_quote(self, article, client):
        anchor = self.anchor(article, PASSAGE)
        thread = article.thread
        comment_post(thread=thread, body="Is this deal fair?", reader=guest_reader(), anchor_id=anchor.pk)
        paragraph = next(p for p in article.body.split("\n\n") if "evacuation deal allows" in p)
        self.edit(article, paragraph, "The paragraph was withdrawn.")
        anchor.refresh_from_db()
        assert anchor.state == "orphaned" and anchor.exact == PASSAGE
        page = client.get(article.get_absolute_url()).content.decode()
        assert "this passage is no longer in it" in page and PASSAGE[:40] in page

    def test_untouched_passages_stay_put_when_another_paragraph_changes(self, article):
        kept = self.anchor(article, "heavy rockets and battle tanks")
        self.edit(article, "Its unknown yet", "It is unknown yet")
        kept.refresh_from_db()
        assert kept.state == "anchored"
        assert text_of_html(article.body_html)[kept.start:kept.end] == "heavy rockets and battle tanks"


@pytest.mark.django_db
def test_a_passage_not_in_the_article_is_refused(demo):
    with pytest.raises(AnchorInvalidError):
        anchor_create(article=demo, exact="words the article never had")
    assert Anchor.objects.count() == 0


@pytest.mark.django_db
def test_post_with_an_anchor_through_the_api_and_list_anchors_with_counts(client, demo):
    import json

    text = text_of_html(demo.body_html)
    start = text.index(PASSAGE)
    thread_id = demo.thread.pk
    created = client.post(f"/api/v1/threads/{thread_id}/comments", content_type="application/json", data=json.dumps({
        "body": "Fair?", "anchor": {"exact": PASSAGE, "start": start, "end": start + len(PASSAGE),
                                    "prefix": text[start - 10:start], "suffix": ""}}))
    assert created.status_code == 201, created.content
    assert created.json()["comment"]["anchor"]["exact"] == PASSAGE
    anchor_id = created.json()["comment"]["anchor"]["id"]
    again = client.post(f"/api/v1/threads/{thread_id}/comments", content_type="application/json",
                        data=json.dumps({"body": "Yes", "anchor_id": anchor_id}))
    assert again.status_code == 201
    anchors = client.get(f"/api/v1/threads/{thread_id}/anchors").json()
    assert [(a["exact"], a["count"]) for a in anchors] == [(PASSAGE, 2)]
    bad = client.post(f"/api/v1/threads/{thread_id}/comments", content_type="application/json",
                      data=json.dumps({"body": "x", "anchor": {"exact": "not in the text"}}))
    assert bad.status_code == 400 and bad.json()["code"] == "anchor_invalid"


def test_selector_positions_count_code_points():
    text = "Emoji 😀 then words"
    chosen = selector_at(text, text.index("then"), text.index("then") + 4)
    assert locate(Selector(chosen.exact, chosen.prefix, chosen.suffix, chosen.start, chosen.end), text).state == "anchored"
    assert chosen.start == 8
