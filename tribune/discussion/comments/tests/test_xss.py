"""No payload from the lists of hostile strings runs script when posted as a comment."""

import json

import pytest
from django.urls import reverse

from tribune.discussion.comments.models import Comment
from tribune.discussion.comments.tests.factories import article_factory
from tribune.discussion.moderation.models import ModerationSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def payloads(fixtures_dir):
    lines = []
    for name in ("IntrudersXSS.txt", "BRUTELOGIC-XSS-STRINGS.txt"):
        text = (fixtures_dir / "bad-input" / name).read_text(encoding="utf-8", errors="replace")
        lines += [line for line in text.splitlines() if line.strip()]
    naughty = json.loads((fixtures_dir / "bad-input" / "blns.json").read_text(encoding="utf-8"))
    # One comment per distinct text: the same text twice is refused as a repeat.
    return list(dict.fromkeys(s.strip() for s in lines + naughty if s.strip()))


def test_hostile_comments_never_run_script(live_server, chromium, client, fixtures_dir, settings):
    settings.DISCUSSION_POST_RATE = (100000, 60)
    ModerationSettings.objects.create(flood_limit=100000)
    article = article_factory()
    url = reverse("discussion:comment_create", kwargs={"article_id": article.pk})
    bodies = payloads(fixtures_dir)
    for body in bodies:
        client.post(url, {"body": body, "name": body[:80]})
    assert Comment.objects.count() >= len(bodies) * 0.95  # the odd empty-after-strip one is refused

    context = chromium.new_context()
    tab = context.new_page()
    ran = []
    tab.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    tab.add_init_script("window.__xss = []; for (const f of ['alert','confirm','prompt']) "
                        "{ window[f] = (m) => window.__xss.push(String(m)); }")
    tab.goto(live_server.url + article.get_absolute_url() + "?comments=all")
    # Wait for what the test reads: the section, enhanced, with every visible comment in it.
    tab.locator("[data-discussion][data-enhanced]").wait_for(state="attached")
    expected = Comment.objects.filter(status="visible").count()
    tab.wait_for_function("n => document.querySelectorAll('.comments > .comment').length === n", arg=expected)
    assert tab.locator(".comments > .comment").count() == expected
    # Hover and focus every comment body, which fires any injected event handler.
    for body in tab.locator(".comment__body").all()[:400]:
        body.hover()
    assert tab.evaluate("window.__xss") == []
    assert ran == []
    injected = tab.evaluate("""() => [...document.querySelectorAll('.comment__body *, .comment__author *')]
        .filter(el => ['SCRIPT','IFRAME','OBJECT','EMBED','SVG','IMG','STYLE','FORM','INPUT'].includes(el.tagName.toUpperCase())
                   || [...el.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)))
        .map(el => el.outerHTML)""")
    assert injected == []
    context.close()
