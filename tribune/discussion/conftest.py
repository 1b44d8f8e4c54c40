"""Fixtures every room of the discussion tests with: an article, its thread, readers with accounts."""


import pytest


@pytest.fixture
def article(db):
    from tribune.newsroom.models import Article
    from tribune.newsroom.services import article_create

    return article_create(headline="Water returns to the valley", body="The river is back.",
                          status=Article.Status.PUBLISHED)


@pytest.fixture
def thread(article):
    from tribune.discussion.comments.services import thread_for_article_get_or_create

    return thread_for_article_get_or_create(article=article)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *, email="", first_name="", last_name="", mentions=None):
        user = django_user_model.objects.create_user(
            username=username, email=email or f"{username}@example.org", password="pw-long-enough-1",
            first_name=first_name, last_name=last_name)
        if mentions is not None:
            from tribune.discussion.notifications.services.subscriptions import preference_set

            preference_set(user=user, notify_mentions=mentions)
        return user
    return make
