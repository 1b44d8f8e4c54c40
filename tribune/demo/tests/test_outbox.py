"""The demo's outbox: each email kept and shown as text, its links (and only its links) working."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.test import override_settings

import tribune.demo
from tribune.demo.outbox import outbox_list

# What the demo's settings add (config/settings/demo.py), the app's templates found by folder.
DEMO = override_settings(
    ROOT_URLCONF="tribune.demo.urls", EMAIL_BACKEND="tribune.demo.outbox.OutboxBackend",
    TEMPLATES=[{**settings.TEMPLATES[0], "DIRS": [Path(tribune.demo.__file__).parent / "templates"]}])


@pytest.fixture
def outbox(tmp_path, settings):
    settings.DEMO_OUTBOX_DIR = tmp_path / "outbox"
    return tmp_path / "outbox"


def send(subject, text, html=""):
    message = EmailMultiAlternatives(subject=subject, body=text, to=["ada@example.org"],
                                     from_email="Tribune <noreply@localhost>")
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@DEMO
def test_every_email_is_listed_newest_first_and_readable_with_its_links(client, outbox):
    send("Confirm you want these emails", "Confirm here:\nhttp://127.0.0.1:8123/discussion/subscriptions/"
         "confirm/abc123/\n\nThanks.", html="<p style='color:red'>Confirm</p>")
    send("Your data", "Download it: http://127.0.0.1:8123/discussion/my-data/email/tok/.")
    page = client.get("/demo/outbox/").content.decode()
    assert page.index("Your data") < page.index("Confirm you want these emails")
    first = outbox_list()[-1]
    answer = client.get(f"/demo/outbox/{first.name}/")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert ('<a href="http://127.0.0.1:8123/discussion/subscriptions/confirm/abc123/">'
            "http://127.0.0.1:8123/discussion/subscriptions/confirm/abc123/</a>") in body
    assert "to ada@example.org" not in body and "ada@example.org" in body
    # The text part, not the HTML one: no style attribute reaches the page.
    assert "style=" not in body.split("<main", 1)[1]
    second = outbox_list()[0]
    # The full stop after a link is not part of it.
    assert 'href="http://127.0.0.1:8123/discussion/my-data/email/tok/"' in client.get(
        f"/demo/outbox/{second.name}/").content.decode()


@DEMO
def test_an_email_cannot_put_markup_or_script_links_in_the_page(client, outbox):
    send("<script>alert(1)</script>", "<img src=x onerror=alert(2)> javascript:alert(3) "
         "https://example.org/?q=\"><script>alert(4)</script>")
    [message] = outbox_list()
    body = client.get(f"/demo/outbox/{message.name}/").content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert 'href="javascript:' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '&quot;&gt;&lt;script&gt;alert(4)' in body


@DEMO
@pytest.mark.parametrize("name", ["..%2F..%2Fsecret_key", "nothing-here", "20260101T0000000000000-" + "0" * 32,
                                  ".20260101T000000000000-abc.partial"])
def test_only_the_outbox_files_are_shown(client, outbox, name, tmp_path):
    (tmp_path / "secret_key").write_text("the site's key")
    assert client.get(f"/demo/outbox/{name}/").status_code == 404


def test_a_message_the_backend_wrote_is_read_back_whole(outbox, settings):
    settings.EMAIL_BACKEND = "tribune.demo.outbox.OutboxBackend"
    assert get_connection().send_messages([EmailMultiAlternatives(
        subject="Ünïcode subject", body="Body with ünïcode\nand lines", to=["b@example.org"])]) == 1
    [kept] = outbox_list()
    assert kept.subject == "Ünïcode subject" and kept.text.startswith("Body with ünïcode\nand lines")
    assert [p.suffix for p in outbox.iterdir()] == [".eml"]
