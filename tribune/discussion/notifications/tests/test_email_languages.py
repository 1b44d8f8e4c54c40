"""Emails go out in the language the reader read the site in when they subscribed."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tribune.discussion.comments.services import comment_post
from tribune.discussion.notifications.models import Subscriber
from tribune.discussion.notifications.tests.helpers import body_text, guest, header, links

pytestmark = pytest.mark.django_db(transaction=True)

OFFERED = [("en-us", "English"), ("fr", "Français"), ("de", "Deutsch"), ("ar", "العربية")]


def follow_as_guest(article, email, language, body="Hello"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
                           {"body": body, "name": "Ada", "email": email, "notify": ["thread"]})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client


def translated(language, text, **values):
    with translation.override(language):
        result = translation.gettext(text)
    assert result != text, f"no {language} translation of {text!r}"
    return result % values if values else result


def test_a_guest_who_subscribed_in_french_gets_french_emails(settings, smtp, article, thread):
    settings.LANGUAGES = OFFERED
    follow_as_guest(article, "ada@example.org", "fr-FR,fr;q=0.9")
    [request] = smtp.wait_for(1)
    assert Subscriber.objects.get().language == "fr"
    assert 'lang="fr"' in request.get_body(preferencelist=("html",)).get_content()
    confirm_url = next(u for u in links(body_text(request)) if "/confirm/" in u)
    Client(HTTP_ACCEPT_LANGUAGE="fr").post(confirm_url.removeprefix("http://testserver"))

    # The worker writes in the subscriber's language, whatever language it runs in.
    with translation.override("en-us"):
        comment_post(thread=thread, body="Second", reader=guest("c" * 43), guest_name="Cy")
    [_, note] = smtp.wait_for(2)
    expected = translated("fr", "New comment by %(author)s on “%(title)s”", author="Cy", title=thread.page_title)
    assert header(note, "Subject") == " ".join(expected.split())


def test_an_arabic_email_is_written_right_to_left(settings, smtp, article):
    settings.LANGUAGES = OFFERED
    follow_as_guest(article, "salma@example.org", "ar")
    [request] = smtp.wait_for(1)
    assert 'lang="ar" dir="rtl"' in request.get_body(preferencelist=("html",)).get_content()


def test_someone_else_typing_an_address_cannot_change_its_language(settings, smtp, article):
    settings.LANGUAGES = OFFERED
    follow_as_guest(article, "ada@example.org", "fr")
    smtp.wait_for(1)
    # A stranger asks, from a German page, to send Ada's address a confirmation request.
    follow_as_guest(article, "ada@example.org", "de", body="Guten Tag")
    assert Subscriber.objects.get().language == "fr"


def test_emails_fall_back_to_the_sites_language_when_it_no_longer_offers_the_readers(settings, smtp, article):
    settings.LANGUAGES = OFFERED
    follow_as_guest(article, "ada@example.org", "de")
    smtp.wait_for(1)
    settings.LANGUAGES = [("en-us", "English")]
    Subscriber.objects.update(language="de")
    from tribune.discussion.notifications.messages import message_for_delivery
    from tribune.discussion.notifications.models import Delivery

    message = message_for_delivery(Delivery.objects.get())
    assert 'lang="en-us"' in message.alternatives[0][0]
