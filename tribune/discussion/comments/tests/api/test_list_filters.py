"""The lists the page's script asks for: "Inline Feedbacks" (comments on passages) and one
passage's answers, with their replies, from the API rather than a page fragment."""

import pytest

from tribune.discussion.comments.anchoring import text_of_html
from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    article = article_factory(body="The river rose overnight.\n\nResidents moved to higher ground.")
    thread = thread_for_article_get_or_create(article=article)
    text = text_of_html(article.body_html)
    passages = []
    for words in ("The river rose", "higher ground"):
        start = text.index(words)
        passages.append(anchor_create(article=article, exact=words, start=start, end=start + len(words)))
    whole = comment_post(thread=thread, body="About everything", reader=guest_reader())
    river = comment_post(thread=thread, body="About the river", reader=guest_reader(), anchor_id=passages[0].pk)
    comment_post(thread=thread, body="Answering about the river", reader=guest_reader(), parent_id=river.pk)
    comment_post(thread=thread, body="About the ground", reader=guest_reader(), anchor_id=passages[1].pk)
    comment_post(thread=thread, body="Answering the whole", reader=guest_reader(), parent_id=whole.pk)
    thread.passages = passages
    return thread


def bodies(answer) -> list[str]:
    return [comment["body_html"].strip() for comment in answer.json()["comments"]]


@pytest.mark.parametrize("path", ["comments", "comments/all"])
def test_inline_lists_only_comments_on_passages_with_their_replies(client, thread, path):
    everything = client.get(f"/api/v1/threads/{thread.pk}/{path}?sort=oldest")
    inline = client.get(f"/api/v1/threads/{thread.pk}/{path}?sort=oldest&inline=true")
    assert len(bodies(everything)) == 5
    assert bodies(inline) == ["<p>About the river</p>", "<p>Answering about the river</p>", "<p>About the ground</p>"]
    assert inline.json()["top_level_total"] == 2
    # Every comment of the thread still counts in the thread's own count.
    assert inline.json()["thread"]["comment_count"] == 5


def test_one_passage_lists_only_its_own_answers(client, thread):
    river, ground = thread.passages
    answer = client.get(f"/api/v1/threads/{thread.pk}/comments/all?sort=newest&anchor={river.pk}")
    assert bodies(answer) == ["<p>About the river</p>", "<p>Answering about the river</p>"]
    answer = client.get(f"/api/v1/threads/{thread.pk}/comments?anchor={ground.pk}")
    assert bodies(answer) == ["<p>About the ground</p>"]
    assert bodies(client.get(f"/api/v1/threads/{thread.pk}/comments?anchor={ground.pk + 1000}")) == []


def test_filtered_answers_are_not_served_from_the_unfiltered_cache(client, thread):
    url = f"/api/v1/threads/{thread.pk}/comments/all"
    assert len(bodies(client.get(url))) == 5  # now kept in the cache
    assert len(bodies(client.get(url + "?inline=true"))) == 3
    assert len(bodies(client.get(url + f"?anchor={thread.passages[1].pk}"))) == 1


@pytest.mark.parametrize("query", ["inline=maybe", "anchor=0", "anchor=-1", "anchor=x",
                                   "anchor=99999999999999999999999"])
def test_a_bad_filter_is_refused_in_the_apis_shape(client, thread, query):
    refused = client.get(f"/api/v1/threads/{thread.pk}/comments?{query}")
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_input"
