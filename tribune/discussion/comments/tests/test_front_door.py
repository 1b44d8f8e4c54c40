"""One front door for each job: pages and no-JavaScript forms answer as pages, the page's script
uses the API; a reply's parent is checked once, in comment_post; what a reader may do with each
comment is said by one selector, which the page, single comments and the API's /mine all ask."""

import ast
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

import tribune
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.selectors import comment_section, node_for_comment, reader_states
from tribune.discussion.comments.services import comment_delete, comment_post, vote_cast
from tribune.discussion.comments.tests.factories import guest_cookie, guest_reader, thread_factory

pytestmark = pytest.mark.django_db

# What the page's script sent before it used the API, asking the HTML views for JSON.
FETCH = {"X-Requested-With": "fetch"}


def test_the_html_views_answer_a_script_as_they_answer_a_form_never_in_json(client):
    thread = thread_factory()
    other = comment_post(thread=thread, body="Someone else's", reader=guest_reader())
    create_url = reverse("discussion:comment_create", kwargs={"article_id": thread.article_id})
    answers = {
        "post": client.post(create_url, {"body": "Hello", "name": "Noor"}, headers=FETCH),
        "refused post": client.post(create_url, {"body": ""}, headers=FETCH),
        "vote": client.post(reverse("discussion:comment_vote", args=[other.pk]), {"value": "1"}, headers=FETCH),
        "refused vote": client.post(reverse("discussion:comment_vote", args=[other.pk]), {"value": "7"},
                                    headers=FETCH),
        "prompt": client.post(reverse("discussion:prompt_dismiss"), {"next": "/"}, headers=FETCH),
    }
    mine = Comment.objects.get(body="Hello")
    answers["edit"] = client.post(reverse("discussion:comment_edit", args=[mine.pk]), {"body": "Hello!"},
                                  headers=FETCH)
    answers["delete"] = client.post(reverse("discussion:comment_delete", args=[mine.pk]), headers=FETCH)
    shapes = {name: (answer.status_code, answer["Content-Type"].split(";")[0]) for name, answer in answers.items()}
    assert shapes == {"post": (302, "text/html"), "refused post": (400, "text/html"),
                      "vote": (302, "text/html"), "refused vote": (302, "text/html"),
                      "prompt": (302, "text/html"), "edit": (302, "text/html"), "delete": (302, "text/html")}


def test_the_comment_list_fragment_is_gone(client):
    thread = thread_factory()
    with pytest.raises(NoReverseMatch):
        reverse("discussion:comment_list", kwargs={"article_id": thread.article_id})
    assert client.get(f"/discussion/articles/{thread.article_id}/comments/list/").status_code == 404


def test_no_selectors_module_imports_a_services_module():
    """Reads never reach for writes: a selector that imported a service would let any page that
    reads pull in (and one day call) what writes."""
    package = Path(tribune.__file__).parent
    offenders = []
    modules = [path for path in [*package.rglob("selectors.py"), *package.rglob("selectors/*.py")]
               if "tests" not in path.relative_to(package).parts]
    assert len(modules) >= 4
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any("services" in name.split(".") for name in names):
                offenders.append(f"{path.relative_to(package)}:{node.lineno}")
    assert offenders == []


def test_a_reply_to_another_threads_comment_is_refused_alike_by_the_form_and_the_api():
    elsewhere = comment_post(thread=thread_factory(), body="Elsewhere", reader=guest_reader())
    thread = thread_factory()
    form = Client().post(reverse("discussion:comment_create", kwargs={"article_id": thread.article_id}),
                         {"body": "Reply", "parent": elsewhere.pk})
    api = Client().post(f"/api/v1/threads/{thread.pk}/comments",
                        json.dumps({"body": "Reply", "parent_id": elsewhere.pk}), content_type="application/json")
    message = "The comment you are replying to is not in this thread."
    assert form.status_code == 400 and message in form.content.decode()
    assert api.status_code == 404 and api.json()["code"] == "comment_not_found" and api.json()["message"] == message
    assert Comment.objects.count() == 1


def test_a_reply_to_a_hidden_comment_is_refused_alike_by_the_form_and_the_api():
    thread = thread_factory()
    hidden = comment_post(thread=thread, body="Held", reader=guest_reader())
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.PENDING)
    form = Client().post(reverse("discussion:comment_create", kwargs={"article_id": thread.article_id}),
                         {"body": "Reply", "parent": hidden.pk})
    api = Client().post(f"/api/v1/threads/{thread.pk}/comments",
                        json.dumps({"body": "Reply", "parent_id": hidden.pk}), content_type="application/json")
    message = "The comment you are replying to is not available."
    assert form.status_code == 400 and message in form.content.decode()
    assert api.status_code == 400 and api.json()["code"] == "comment_parent_invalid"
    assert Comment.objects.count() == 1


def test_the_page_a_single_comment_and_mine_agree_on_what_a_reader_may_do(client):
    thread = thread_factory()
    me = guest_reader()
    kept = comment_post(thread=thread, body="Kept", reader=me)
    regretted = comment_post(thread=thread, body="Regretted", reader=me)
    # A reply keeps the deleted comment's place in the list.
    comment_post(thread=thread, body="An answer to the regretted one", reader=guest_reader(), parent_id=regretted.pk)
    comment_delete(comment=regretted, reader=me)
    liked = comment_post(thread=thread, body="Liked", reader=guest_reader())
    vote_cast(comment=liked, reader=me, value=1)
    comment_post(thread=thread, body="Ignored", reader=guest_reader())

    page = {n.comment.pk: n.state for n in comment_section(thread=thread, reader=me, show_all=True).nodes}
    single = {pk: node_for_comment(comment=Comment.objects.get(pk=pk), reader=me).state for pk in page}
    guest_cookie(client, me.guest_key)
    mine = client.get(f"/api/v1/threads/{thread.pk}/mine").json()
    from_api = {pk: (pk in mine["comment_ids"], pk in mine["editable_ids"], mine["votes"].get(str(pk), 0))
                for pk in page}
    assert {pk: (s.mine, s.can_edit, s.my_vote) for pk, s in page.items()} == from_api
    assert page == single
    assert (page[kept.pk].mine, page[regretted.pk].mine, page[liked.pk].my_vote) == (True, False, 1)
    # The page shows a deleted comment without its author's name, whoever looks.
    html = client.get(thread.article.get_absolute_url()).content.decode()
    assert f'id="comment-{regretted.pk}-author">Deleted</span>' in html


def test_a_reader_nobody_recognises_may_do_nothing_special():
    thread = thread_factory()
    comment = comment_post(thread=thread, body="Anyone's", reader=guest_reader())
    assert reader_states(reader=Reader(), thread=thread) == {}
    assert reader_states(reader=Reader(), comments=[comment]) == {}
