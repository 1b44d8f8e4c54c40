"""What other sites embed, through the test client: embed.js (its size, its addresses, its
cache), the widget's one read, the snapshot a host puts in its page, and the thread's own page
for readers without JavaScript."""

import gzip
import json
import re
from urllib.parse import quote

import pytest

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.services import comment_post, thread_for_url_get_or_create
from tribune.discussion.comments.tests.factories import guest_reader
from tribune.discussion.comments.widget import widget_bundle

pytestmark = pytest.mark.django_db

BLOG = "https://blog.example.org"
EVIL = "https://evil.example"
PAGE = f"{BLOG}/2026/bridges"
# What the issue allows the widget's script and styles together, gzipped.
BUDGET = 10 * 1024


def read(client, url=PAGE, **headers):
    return client.get(f"/api/v1/threads/by-url/comments?url={quote(url, safe='')}", headers=headers)


def thread_with_comment(body="The first bridge was wooden.", reader=None):
    thread = thread_for_url_get_or_create(url=PAGE, title="Bridges")
    return comment_post(thread=thread, body=body, reader=reader or guest_reader(), guest_name="Ada")


class TestEmbedScript:
    def test_embed_js_with_every_part_fits_in_ten_kilobytes_gzipped(self, client):
        answer = client.get("/embed.js", headers={"Accept-Encoding": "gzip, br"})
        assert answer.status_code == 200 and answer["Content-Encoding"] == "gzip"
        script = gzip.decompress(answer.content)
        # Everything is in: the renderer, the thread, badges, the live updates, the parts of
        # other rooms ("Notify me of", "Report") and the stylesheet.
        for piece in (b"TribuneComments", b"TribuneEmbed", b"data-tribune-count", b"EventSource",
                      b"/subscriptions", b"/report", b"Notify me of", b"light-dark("):
            assert piece in script, piece
        assert len(answer.content) <= BUDGET, f"embed.js is {len(answer.content)} bytes gzipped"
        assert len(gzip.compress(script, 9)) <= BUDGET + 512

    def test_embed_js_names_no_address_but_the_sites_own(self, client):
        script = client.get("/embed.js").content.decode()
        hosts = {match.group(1) for match in re.finditer(r"(?:https?:|[\"'(=])//([\w.-]+(?::\d+)?)", script)}
        assert hosts <= {"testserver"}, hosts
        assert "import(" not in script and "<script" not in script.replace("<script\\b", "")

    def test_embed_js_is_not_sent_again_while_unchanged(self, client):
        first = client.get("/embed.js")
        again = client.get("/embed.js", headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        assert "Accept-Encoding" in first["Vary"] and "max-age=" in first["Cache-Control"]

    def test_the_widget_learns_where_the_live_server_is_from_the_site(self, client, settings):
        settings.DISCUSSION_LIVE_URL = "/live/"
        assert b"'/live/'" in client.get("/embed.js").content
        settings.DISCUSSION_LIVE_URL = ""
        assert b"'/live/'" not in client.get("/embed.js").content
        assert widget_bundle().body == client.get("/embed.js").content


@pytest.fixture
def blog(settings):
    settings.DISCUSSION_EMBED_HOSTS = [BLOG]


@pytest.mark.usefixtures("blog")
class TestWidgetRead:
    def test_a_page_of_a_site_not_allowed_to_embed_is_refused(self, client):
        refused = read(client, f"{EVIL}/page", Origin=EVIL)
        assert refused.status_code == 400 and refused.json()["code"] == "thread_url_not_allowed"
        assert "Access-Control-Allow-Origin" not in refused.headers
        assert read(client, "javascript:alert(1)").status_code == 400

    def test_an_allowed_page_before_its_first_comment_reads_empty_with_cors(self, client):
        answer = read(client, Origin=BLOG)
        assert answer.status_code == 200 and answer["Access-Control-Allow-Origin"] == BLOG
        body = answer.json()
        assert body["thread"] is None and body["comments"] == [] and body["mine"]["sources"] == {}
        assert Comment.objects.count() == 0

    def test_another_site_cannot_read_the_answer_in_its_visitors_browsers(self, client):
        thread_with_comment()
        answer = read(client, Origin=EVIL)
        assert "Access-Control-Allow-Origin" not in answer.headers

    def test_one_read_holds_the_comments_and_what_only_the_key_holder_may_do(self, client):
        guest = guest_reader()
        mine = thread_with_comment("Mine, *to edit*.", reader=guest)
        theirs = comment_post(thread=mine.thread, body="Someone else's.", reader=guest_reader())
        own = read(client, **{"Origin": BLOG, "X-Guest-Key": guest.guest_key}).json()
        assert {c["id"] for c in own["comments"]} == {mine.pk, theirs.pk}
        assert own["thread"]["comment_count"] == 2
        assert own["mine"]["editable_ids"] == [mine.pk]
        assert own["mine"]["sources"] == {str(mine.pk): "Mine, *to edit*."}
        # Another key, or none, learns nothing of whose comment is whose.
        for headers in ({"X-Guest-Key": guest_reader().guest_key}, {}):
            other = read(client, Origin=BLOG, **headers).json()
            assert other["mine"] == {"comment_ids": [], "editable_ids": [], "votes": {}, "sources": {}}

    def test_the_widget_can_report_a_comment_once(self, client):
        comment = thread_with_comment()
        key = guest_reader().guest_key
        headers = {"Origin": BLOG, "Sec-Fetch-Site": "cross-site", "X-Guest-Key": key}

        def report():
            return client.post(f"/api/v1/comments/{comment.pk}/report", data=json.dumps({"reason": "spam"}),
                               content_type="application/json", headers=headers)

        first = report()
        assert first.status_code == 201 and first["Access-Control-Allow-Origin"] == BLOG
        again = report()
        assert again.status_code == 409 and again.json()["code"] == "report_duplicate"
        bad = client.post(f"/api/v1/comments/{comment.pk}/report", data=json.dumps({"reason": "boring"}),
                          content_type="application/json", headers=headers)
        assert bad.status_code == 422


@pytest.mark.usefixtures("blog")
class TestSnapshot:
    def test_snapshot_is_plain_html_with_escaped_text_and_a_link_to_the_threads_page(self, client):
        comment = thread_with_comment('<script>alert("x")</script> and <img src=x onerror=alert(1)>')
        held = comment_post(thread=comment.thread, body="Held back text", reader=guest_reader())
        Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
        answer = client.get(f"/embed/snapshot/?url={quote(PAGE)}")
        assert answer.status_code == 200
        html = answer.content.decode()
        assert "<script" not in html and "onerror" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in html or "alert(&quot;x&quot;)" in html
        assert "Held back text" not in html
        assert f'href="http://testserver/discussion/threads/{comment.thread_id}/"' in html
        assert 'action="http://testserver/discussion/comments/' in html
        again = client.get(f"/embed/snapshot/?url={quote(PAGE)}", headers={"If-None-Match": answer["ETag"]})
        assert again.status_code == 304

    def test_snapshot_of_a_page_elsewhere_is_refused(self, client):
        assert client.get(f"/embed/snapshot/?url={quote(EVIL + '/x')}").status_code == 404
        assert client.get("/embed/snapshot/?url=ftp://blog.example.org/x").status_code == 400
        assert client.get(f"/embed/snapshot/?url={quote(BLOG + '/new')}").status_code == 200

    def test_the_noscript_link_leads_to_a_page_where_the_thread_is_read_and_answered(self, client):
        comment = thread_with_comment()
        found = client.get(f"/discussion/threads/by-url/?url={quote(PAGE + '/#comments')}")
        assert found.status_code == 302 and found["Location"] == f"/discussion/threads/{comment.thread_id}/"
        page = client.get(found["Location"])
        assert page.status_code == 200
        assert b"The first bridge was wooden." in page.content
        posted = client.post(f"/discussion/threads/{comment.thread_id}/comments/",
                             {"body": "Said without JavaScript", "name": "Lin"})
        assert posted.status_code == 302
        assert Comment.objects.filter(body="Said without JavaScript", thread=comment.thread).exists()
        assert client.get(f"/discussion/threads/by-url/?url={quote(EVIL + '/x')}").status_code == 404


@pytest.mark.usefixtures("blog")
@pytest.mark.parametrize("url", ["", "http://[::1", f"{BLOG}/a%00b", f"{BLOG}/" + "a" * 5000,
                                 "javascript:alert(1)", "//blog.example.org/x", f"{BLOG}:99999/x"])
def test_page_addresses_a_script_makes_up_get_a_4xx_not_a_500(client, url):
    for path in ("/embed/snapshot/", "/discussion/threads/by-url/", "/api/v1/threads/by-url/comments"):
        answer = client.get(f"{path}?url={url}")
        assert 400 <= answer.status_code < 500, (path, url, answer.status_code)
