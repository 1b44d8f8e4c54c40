"""An editor's journey in Chromium: in an admin carrying the site's name, they write a scheduled
article, upload its lead image on the article form and see it before and after saving, open the
preview (its banner's date reads cleanly) and ask readers about a passage by selecting it there."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.models import Anchor
from tribune.discussion.comments.tests.factories import user_factory
from tribune.newsroom.models import Article
from tribune.newsroom.tests.factories import picture_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSAGE = "The council will vote on the new budget on Thursday evening."




def test_editor_writes_illustrates_previews_and_asks_about_a_passage(live_server, chromium, tmp_path,
                                                                     settings):
    settings.SITE_NAME = "The Valley Courier"
    editor = user_factory("Eda Editor", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    picture = tmp_path / "council.png"
    picture.write_bytes(picture_bytes(900, 600, "PNG"))

    # The admin is the site's.
    page.goto(live_server.url + "/admin/newsroom/article/add/")
    expect(page.locator("#site-name")).to_have_text("The Valley Courier")
    assert "Django" not in page.title()

    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=9, minute=0, second=0)
    page.get_by_label("Headline").fill("Budget vote on Thursday")
    page.locator("#id_body").fill(f"{PASSAGE}\n\nResidents may speak before the vote.")
    page.locator("#id_status").select_option("scheduled")
    page.locator("#id_published_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill(when.strftime("%H:%M:%S"))

    # The lead image: chosen on the article form, seen at once, before saving.
    preview = page.locator("[data-lead-image-preview]")
    expect(preview).to_be_hidden()
    page.locator("[data-lead-image-input]").set_input_files(str(picture))
    expect(preview).to_be_visible()
    assert preview.get_attribute("src").startswith("data:image/png")
    page.get_by_label("describe the new image").fill("Councillors around the chamber's table")
    shoot(page, "editor-article-form", tmp_path, fits=False)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="budget-vote-on-thursday")
    assert article.lead_image.alt_text == "Councillors around the chamber's table"
    # After saving, the article form shows the stored picture, loaded from the site.
    expect(preview).to_have_attribute("src", re.compile(r"^/media/images/"))
    page.wait_for_function("() => document.querySelector('[data-lead-image-preview]').naturalWidth === 900")

    # The preview: its banner's date reads cleanly.
    page.goto(live_server.url + article.get_preview_url())
    banner = page.locator(".preview-banner").inner_text()
    date = f"{when:%b}. {when.day}, {when.year}" if when.strftime("%B") != when.strftime("%b") \
        else f"{when:%B} {when.day}, {when.year}"
    assert banner == f"Preview. This article will be published on {date} at 9 a.m. (UTC)."
    assert ".." not in banner

    # Ask readers about a passage: select it in the article, write the question.
    page.locator(".article__body p", has_text=PASSAGE).select_text()
    expect(page.get_by_label("Passage", exact=True)).to_have_value(PASSAGE)
    page.get_by_label("Question to readers").fill("Will you speak at the meeting?")
    shoot(page, "editor-preview-question", tmp_path, fits=False)
    page.get_by_role("button", name="Ask readers").click()
    expect(page.locator(".messages")).to_contain_text("Your question is on the passage.")
    expect(page.locator(".passage-questions__list")).to_contain_text("Will you speak at the meeting?")
    anchor = Anchor.objects.get(article=article)
    assert (anchor.exact, anchor.question, anchor.created_by) == (PASSAGE, "Will you speak at the meeting?",
                                                                 editor)
    context.close()


def test_readers_with_the_preview_link_get_no_editors_tools_and_cannot_ask(live_server, page):
    from tribune.discussion.comments.tests.factories import article_factory

    article = article_factory(status="draft", body=PASSAGE)
    page.goto(live_server.url + article.get_preview_url())
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("[data-passage-questions]")).to_have_count(0)
    answer = page.request.post(f"{live_server.url}/discussion/articles/{article.pk}/questions/",
                               form={"exact": PASSAGE, "question": "Spam?"}, max_redirects=0)
    assert answer.status in (302, 403) and not Anchor.objects.exists()
