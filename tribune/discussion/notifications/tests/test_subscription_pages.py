"""The subscription pages for a signed-in reader."""

import pytest
from django.urls import reverse

from tribune.discussion.notifications.models import Subscriber

pytestmark = pytest.mark.django_db


def test_a_signed_in_reader_reaches_their_subscriptions_page(client, make_user, article):
    ada = make_user("ada")
    client.force_login(ada)
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("notifications:subscriptions_mine") in page
    assert "Emails go to your account’s address." in page
    response = client.get(reverse("notifications:subscriptions_mine"))
    assert response.status_code == 302
    manage = client.get(response["Location"])
    assert manage.status_code == 200
    assert "Email me when someone mentions me" in manage.content.decode()
    assert Subscriber.objects.get().user == ada


def test_a_guest_is_told_where_to_find_the_page(client):
    response = client.get(reverse("notifications:subscriptions_mine"))
    assert response.status_code == 200
    assert "No account needed" in response.content.decode()


def test_a_reader_without_an_address_gets_a_clear_error(client, make_user, article):
    ada = make_user("ada")
    ada.email = ""
    ada.save()
    client.force_login(ada)
    follow = reverse("notifications:thread_follow", kwargs={"article_id": article.pk})
    response = client.post(follow, {"notify": ["thread"]})
    assert response.status_code == 400
    assert "Add an email address to your account" in response.content.decode()
