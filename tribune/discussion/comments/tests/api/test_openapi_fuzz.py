"""Fuzz the JSON API through its own OpenAPI schema: no input makes a 500, every answer fits.

schemathesis reads /api/v1/openapi.json from the WSGI application (the cached-answer layer in
front of Django included) and sends what the schema describes and what it forbids: its
examples, the boundaries of every constraint (coverage), random input (fuzzing), and chains of
calls that follow the schema's links (stateful: post a comment, then edit, vote and delete it
with the X-Guest-Key the answer gave). Real thread and comment ids, a guest's real key and a
page with a thread are drawn often, so that requests reach real rows and not only 404s.

Every check schemathesis has runs, except positive_data_acceptance: input that fits the schema
may still break a rule of the site (a comment of only spaces, a thread by URL on a host not
allowed, a vote on one's own comment), which the API refuses with a documented 4xx.

Bounded for a small machine: about a minute per database. Seeded, so that a failure comes back
on the next run; change SEED to look elsewhere.
"""

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tribune.config.wsgi import application
from tribune.discussion.comments.api.render import cached_answers_forget
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Comment, Thread
from tribune.discussion.comments.services import comment_post, thread_for_url_get_or_create

pytestmark = pytest.mark.django_db

# Generated cases per operation for fuzzing, and steps of the stateful run.
MAX_EXAMPLES = 60
STATEFUL_EXAMPLES = 40
SEED = 14
GUEST_KEY = "fuzzing-guest-key-0123456789abcdefghijklmnop"
EMBEDDED_PAGE = "https://news.example.org/story"


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection open across requests, as Django's test client does:
    the WSGI handler would close it at each request's start and end, and the test's transaction
    (the demo's rows) with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(demo, settings, request, in_process_requests):
    # schemathesis 4.32 names each operation's subtest through Node._nodeid, which pytest 9.2
    # keeps only as the `nodeid` property.
    request.node._nodeid = request.node.nodeid
    # Posting many comments from one address must not stop the run at the rate limit, which has
    # tests of its own; another site may have threads by URL.
    settings.DISCUSSION_POST_RATE = (100_000, 60)
    settings.DISCUSSION_VOTE_RATE = (100_000, 60)
    settings.DISCUSSION_EMBED_HOSTS = ["https://news.example.org"]
    # A guest's own comments, on the article and on a page of the other site, so that editing,
    # deleting and voting with a real key, and threads by URL, reach real rows.
    guest = Reader(guest_key=GUEST_KEY)
    comment_post(thread=Thread.objects.get(article=demo), body="A guest's own words", reader=guest)
    comment_post(thread=thread_for_url_get_or_create(url=EMBEDDED_PAGE, title="A story"),
                 body="Under the story", reader=guest)
    threads = list(Thread.objects.values_list("pk", flat=True))
    comments = list(Comment.objects.values_list("pk", flat=True)[:50])
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "dictionaries": {
            "threads": {"values": threads},
            "comments": {"values": comments},
            "slugs": {"values": [demo.slug, "no-such-article"]},
            "pages": {"values": [EMBEDDED_PAGE, "https://elsewhere.example/page"]},
            "keys": {"values": [GUEST_KEY]},
        },
        "parameters": {
            "path.thread_id": {"dictionary": "threads", "probability": 0.7},
            "path.comment_id": {"dictionary": "comments", "probability": 0.7},
            "query.thread": {"dictionary": "threads", "probability": 0.5},
            "query.article": {"dictionary": "slugs", "probability": 0.5},
            "query.url": {"dictionary": "pages", "probability": 0.5},
            "header.X-Guest-Key": {"dictionary": "keys", "probability": 0.5},
        },
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True},
                   "fuzzing": {"enabled": True}, "stateful": {"enabled": True}},
        "checks": {"positive_data_acceptance": {"enabled": False}},
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error_and_every_answer_fits_the_schema(case):
    case.call_and_validate()


def test_chains_of_calls_that_follow_the_schemas_links_keep_to_it(api_schema):
    class Scenarios(api_schema.as_state_machine()):
        """Each scenario starts from the demo alone: Hypothesis replays a scenario to shrink it
        and expects the same answers (a comment posted twice is refused the second time)."""

        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            cached_answers_forget()
            for cache in caches.all(initialized_only=True):
                cache.clear()

    Scenarios.run(settings=hypothesis_settings(
        max_examples=STATEFUL_EXAMPLES, stateful_step_count=6, deadline=None, database=None,
        derandomize=True, suppress_health_check=list(HealthCheck)))
