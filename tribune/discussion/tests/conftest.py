"""Fixtures for the discussion tests: an article, readers, and a real SMTP server (aiosmtpd)."""


import pytest

from tribune.discussion.identity import Reader


@pytest.fixture
def article(db):
    from tribune.newsroom.models import Article
    from tribune.newsroom.services import article_create

    return article_create(headline="Water returns to the valley", body="The river is back.",
                          status=Article.Status.PUBLISHED)


@pytest.fixture
def thread(article):
    from tribune.discussion.services import thread_for_article_get_or_create

    return thread_for_article_get_or_create(article=article)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *, email="", first_name="", last_name="", mentions=None):
        user = django_user_model.objects.create_user(
            username=username, email=email or f"{username}@example.org", password="pw-long-enough-1",
            first_name=first_name, last_name=last_name)
        if mentions is not None:
            from tribune.discussion.services.subscriptions import preference_set

            preference_set(user=user, notify_mentions=mentions)
        return user
    return make


def guest(key: str = "k" * 43) -> Reader:
    return Reader(guest_key=key)


def registered(user) -> Reader:
    return Reader(user=user)


def links(text: str) -> list[str]:
    import re

    return re.findall(r"https?://[^\s<>\"]+", text)


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def header(message, name: str) -> str:
    """A header's value, unfolded."""
    return " ".join(str(message[name] or "").split())
