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


@pytest.fixture
def live_process(transactional_db):
    """`tribune live` in a process of its own, reading the test database (live_helpers)."""
    from tribune.discussion.comments.tests.live_helpers import LiveStream

    stream = LiveStream().start()
    yield stream
    stream.stop()


@pytest.fixture
def live_stream(live_server, settings, transactional_db):
    """`tribune live` beside live_server, and the site's pages pointed at it (their
    Content-Security-Policy too), as `tribune serve` runs them without a proxy."""
    from tribune.config.settings.security import content_security_policy
    from tribune.discussion.comments.tests.live_helpers import LiveStream

    stream = LiveStream(site_url=live_server.url).start()
    settings.DISCUSSION_LIVE_URL = stream.url
    settings.CONTENT_SECURITY_POLICY = content_security_policy(connect=[stream.origin])
    yield stream
    stream.stop()
