"""A report sent without JavaScript comes back to the comment, which thanks the reader under it
and shows its Report control as "Reported"; no other reader ever sees either."""

import lxml.html
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import guest_reader, thread_factory
from tribune.discussion.moderation.models import Report

pytestmark = pytest.mark.django_db

TOP_MESSAGES = "//div[contains(concat(' ', @class, ' '), ' messages ')]"


def report(client, comment, reason="abuse", address="203.0.113.7"):
    return client.post(reverse("moderation:report", args=[comment.pk]), {"reason": reason},
                       REMOTE_ADDR=address)


def comment_html(client, response, comment):
    assert response.status_code == 302
    html = lxml.html.fromstring(client.get(response["Location"], REMOTE_ADDR="203.0.113.7").content)
    [item] = html.xpath(f"//li[@id='comment-{comment.pk}']")
    return html, item


@pytest.fixture
def comment():
    return comment_post(thread=thread_factory(), body="A view someone dislikes", reader=guest_reader())


def test_a_report_is_confirmed_under_the_comment_which_shows_it_reported(client, comment):
    response = report(client, comment)
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    html, item = comment_html(client, response, comment)
    [said] = item.xpath(".//*[@role='status']")
    assert said.text_content() == "Thank you. A moderator will look at this comment."
    [reported] = item.xpath(".//*[@data-reported]")
    assert reported.text_content() == "Reported" and reported.get("aria-disabled") == "true"
    assert not item.xpath(".//a[@data-report]")
    # Not at the top of the page, which the browser scrolled away from.
    assert not html.xpath(TOP_MESSAGES)


def test_a_second_report_of_the_same_comment_comes_back_to_it_reported(client, comment):
    report(client, comment)
    client.get(comment.thread.article.get_absolute_url())
    _html, item = comment_html(client, report(client, comment, reason="spam"), comment)
    assert "You already reported this comment" in item.xpath(".//*[@role='status']")[0].text_content()
    assert item.xpath(".//*[@data-reported]")
    assert Report.objects.count() == 1


def test_a_reporters_state_is_never_shown_to_another_reader_or_cached(client, comment):
    article_url = comment.thread.article.get_absolute_url()
    stranger = Client()
    assert stranger.get(article_url)["X-Tribune-Cache"] == "miss"
    response = report(client, comment)
    mine = client.get(response["Location"])
    assert "X-Tribune-Cache" not in mine and "private" in mine["Cache-Control"]
    for _ in range(2):
        theirs = lxml.html.fromstring(stranger.get(article_url).content)
        [item] = theirs.xpath(f"//li[@id='comment-{comment.pk}']")
        assert item.xpath(".//a[@data-report]") and not item.xpath(".//*[@data-reported]")
        assert not item.xpath(".//*[@role='status']")


def test_a_refused_report_keeps_the_form_with_the_reason(client, comment):
    answer = report(client, comment, reason="")
    assert answer.status_code == 400
    assert "Choose a reason" in answer.content.decode()


@override_settings(DISCUSSION_REPORT_RATE=(2, 3600))
def test_a_script_reporting_in_a_loop_meets_the_rate_limit(client):
    thread = thread_factory()
    comments = [comment_post(thread=thread, body=f"Comment number {n}", reader=guest_reader()) for n in range(3)]
    answers = [report(Client(), each) for each in comments]
    assert [a.status_code for a in answers] == [302, 302, 429]


def test_the_comment_stays_reported_for_its_reporter_alone_on_later_visits(client, comment):
    article_url = comment.thread.article.get_absolute_url()
    comment_html(client, report(client, comment), comment)
    for reader, reported in ((client, True), (Client(), False)):
        html = lxml.html.fromstring(reader.get(article_url).content)
        [item] = html.xpath(f"//li[@id='comment-{comment.pk}']")
        assert bool(item.xpath(".//*[@data-reported]")) is reported
        assert bool(item.xpath(".//a[@data-report]")) is not reported
        # The thanks were said once, on the page the report came back to.
        assert not item.xpath(".//*[@role='status']")
