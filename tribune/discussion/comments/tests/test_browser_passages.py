"""A reader comments on a passage, in Chromium: the passage is whole words, the form names it and
nothing in the form says otherwise, the paragraph list reads the paragraphs' own words, counts
read right in the page's language, and an editor asks readers about a passage."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.anchoring import text_of_html
from tribune.discussion.comments.models import Anchor, Comment
from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.comments.tests.factories import article_factory, guest_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITORS_ASK = "0019_editors_ask_about_passages"
SPRING = "The water returns to the valley every spring, and the farmers return with it."

# Selects code units [first, last) of `wanted`, the text of one text node of the article.
SELECT = """([wanted, first, last]) => {
    const walker = document.createTreeWalker(document.querySelector('.article__body'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, at = node.data.indexOf(wanted);
        if (at >= 0) { window.getSelection().setBaseAndExtent(node, at + first, node, at + last); return; }
    }
    throw new Error('not in the article: ' + wanted);
}"""

# The middle of the left edge of code unit `index` of `wanted`, on screen.
POINT = """([wanted, index]) => {
    const walker = document.createTreeWalker(document.querySelector('.article__body'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, at = node.data.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + index);
        range.setEnd(node, at + index + 1);
        const box = range.getBoundingClientRect();
        return [box.left + 1, box.top + box.height / 2];
    }
    throw new Error('not in the article: ' + wanted);
}"""


def open_article(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("[data-passage-choice]").wait_for(state="attached")


def drag(page, wanted: str, first: int, last: int):
    """Select with the mouse from before code unit `first` of `wanted` to before `last`."""
    page.locator(".article__body p", has_text=wanted[:20]).first.scroll_into_view_if_needed()
    start = page.evaluate(POINT, [wanted, first])
    end = page.evaluate(POINT, [wanted, last])
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    page.mouse.move(*end)
    page.mouse.up()


def comment_on_selection(page, body: str) -> str:
    """Click the page's "Comment on this", write `body`, post it; return the passage the form named."""
    page.get_by_role("button", name="Comment on this").click()
    named = page.locator("[data-passage-text]")
    named.wait_for()
    quote = named.inner_text()
    page.get_by_label("Join the discussion").fill(body)
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comments .comment", has_text=body).wait_for()
    return quote


@pytest.mark.parametrize("segmenter", [True, False], ids=["intl-segmenter", "no-segmenter"])
def test_a_mouse_selection_inside_words_quotes_and_highlights_whole_words(live_server, page, segmenter):
    if not segmenter:
        page.add_init_script("delete Intl.Segmenter;")
    article = article_factory(body=SPRING)
    open_article(page, live_server, article)
    drag(page, SPRING, SPRING.index("ater"), SPRING.index("urns"))
    assert page.evaluate("window.getSelection().toString()") == "ater ret"
    quote = comment_on_selection(page, "Every spring? Not in 2022.")
    assert quote == "water returns"
    # Marked at once, where the server stored it, with its count.
    assert page.locator("mark.passage").inner_text() == "water returns"
    assert page.get_by_role("button", name="1 comment on this passage").count() == 1
    page.reload()
    assert page.locator("mark.passage").inner_text() == "water returns"
    assert page.locator(".comment__quote").inner_text() == "“water returns”"
    assert Anchor.objects.get(article=article).exact == "water returns"


WORDS = [
    # (the article's text, the part selected, the passage quoted)
    ("L’été dernier, la rivière débordait près du village.", "té dernier, la riv", "L’été dernier, la rivière"),
    ("Вода возвращается в долину каждую весну.", "да возвращ", "Вода возвращается"),
    ("عاد الماء إلى الوادي في الربيع.", "اد الما", "عاد الماء"),
    ("今天河水又回来了。", "天河", "今天河水"),
]


@pytest.mark.parametrize(("text", "selected", "quoted"), WORDS, ids=["french", "russian", "arabic", "chinese"])
def test_a_selection_inside_words_of_any_script_takes_whole_words(live_server, page, text, selected, quoted):
    article = article_factory(body=text)
    open_article(page, live_server, article)
    at = text.index(selected)
    page.evaluate(SELECT, [text, at, at + len(selected)])
    assert comment_on_selection(page, "A reader's note") == quoted
    page.reload()
    assert page.locator("mark.passage").inner_text() == quoted


def test_without_the_word_segmenter_cyrillic_words_are_still_whole(live_server, page):
    page.add_init_script("delete Intl.Segmenter;")
    text, selected = WORDS[1][0], WORDS[1][1]
    article = article_factory(body=text)
    open_article(page, live_server, article)
    at = text.index(selected)
    page.evaluate(SELECT, [text, at, at + len(selected)])
    assert comment_on_selection(page, "Каждую ли весну?") == "Вода возвращается"


def test_after_comment_on_this_the_form_names_the_passage_and_nothing_says_otherwise(
        live_server, page, tmp_path):
    article = article_factory(body=f"{SPRING}\n\nThe school reopened on Monday.")
    open_article(page, live_server, article)
    picker = page.get_by_label("About", exact=True)
    assert picker.is_visible()
    page.evaluate(SELECT, [SPRING, SPRING.index("water"), SPRING.index(" to the")])
    page.get_by_role("button", name="Comment on this").click()
    form = page.locator("#comment-form")
    assert form.locator("[data-passage-text]").inner_text() == "water returns"
    # The paragraph list would read "The whole article": it steps aside while a passage is named.
    assert picker.is_hidden()
    assert not form.get_by_text("The whole article").is_visible()
    shoot(page, "form-names-a-passage", tmp_path)
    page.set_viewport_size({"width": 390, "height": 844})

    # "Not about this passage" really takes the passage back: the comment is about the article.
    form.get_by_label("Not about this passage").click()
    assert form.locator("[data-passage]").is_hidden()
    assert picker.is_visible() and picker.input_value() == ""
    form.get_by_label("Join the discussion").fill("About the whole story, in fact")
    form.get_by_role("button", name="Post comment").click()
    page.locator(".comments .comment", has_text="About the whole story, in fact").wait_for()
    assert Comment.objects.get(body__contains="whole story").anchor_id is None
    assert not Anchor.objects.filter(article=article).exists()

    # Choosing a paragraph names it, and the list shows that paragraph: both say the same.
    picker.select_option(label="The school reopened on Monday.")
    assert form.locator("[data-passage-text]").inner_text() == "The school reopened on Monday."
    form.get_by_label("Join the discussion").fill("Which school?")
    form.get_by_role("button", name="Post comment").click()
    page.locator(".comments .comment", has_text="Which school?").wait_for()
    assert Comment.objects.get(body__contains="Which school").anchor.exact == "The school reopened on Monday."


def test_the_paragraph_list_reads_the_paragraphs_own_words_not_the_markers(live_server, page):
    first = "Rain fell all night. The river rose by two metres before dawn."
    article = article_factory(body=f"{first}\n\nResidents moved to higher ground.")
    thread = thread_for_article_get_or_create(article=article)
    anchor = anchor_create(article=article, exact="Rain fell", start=0, end=9)
    for number in range(3):
        comment_post(thread=thread, body=f"Note {number}", reader=guest_reader(), anchor_id=anchor.pk)
    open_article(page, live_server, article)
    page.locator("[data-passage-marker]").wait_for()
    options = page.locator("[data-passage-choice] option").all_inner_texts()
    assert options == ["The whole article", first, "Residents moved to higher ground."]
    page.get_by_label("About", exact=True).select_option(index=1)
    assert page.locator("[data-passage-text]").inner_text() == first


def test_a_long_paragraph_shows_an_excerpt_of_its_own_words(live_server, page):
    long = ("Ninety-one households in the lower valley were told to leave before the dam released its "
            "water at noon.")
    article = article_factory(body=long)
    anchor = anchor_create(article=article, exact="Ninety-one households", start=0, end=21)
    comment_post(thread=thread_for_article_get_or_create(article=article), body="Which ones?",
                 reader=guest_reader(), anchor_id=anchor.pk)
    open_article(page, live_server, article)
    option = page.locator("[data-passage-choice] option").nth(1).inner_text()
    assert option.endswith("…") and len(option) == 70
    assert long.startswith(option[:-1])


def test_counts_of_comments_on_a_passage_read_right_in_english(live_server, page):
    body = "One comment here.\n\nTwo comments there."
    article = article_factory(body=body)
    thread = thread_for_article_get_or_create(article=article)
    for exact, count in (("One comment here.", 1), ("Two comments there.", 2)):
        start = text_of_html(article.body_html).index(exact)
        anchor = anchor_create(article=article, exact=exact, start=start, end=start + len(exact))
        for number in range(count):
            comment_post(thread=thread, body=f"{exact} {number}", reader=guest_reader(), anchor_id=anchor.pk)
    open_article(page, live_server, article)
    assert page.get_by_role("button", name="2 comments on this passage").count() == 1
    # A reader adds their comment on the passage that had one: its marker counts two at once.
    page.get_by_role("button", name="1 comment on this passage").click()
    panel = page.get_by_role("region", name="Answers")
    panel.get_by_role("button", name="Answer this question").click()
    panel.get_by_label("Join the discussion").fill("A second thought")
    panel.get_by_role("button", name="Post comment").click()
    page.locator(".comments .comment", has_text="A second thought").wait_for()
    assert page.get_by_role("button", name="2 comments on this passage").count() == 2
    assert page.get_by_role("button", name="1 comment on this passage").count() == 0


RUSSIAN = ("Первый абзац о реке.\n\nВторой абзац о долине.\n\nТретий абзац о весне.\n\n"
           "Четвёртый абзац о школе.")


def test_a_russian_reader_sees_each_count_in_its_own_plural_form(live_server, chromium, settings):
    settings.LANGUAGES = [("en-us", "English"), ("ru", "Русский")]
    article = article_factory(body=RUSSIAN)
    thread = thread_for_article_get_or_create(article=article)
    text = text_of_html(article.body_html)
    for exact, count in (("Второй абзац о долине.", 3), ("Третий абзац о весне.", 5),
                         ("Четвёртый абзац о школе.", 21)):
        start = text.index(exact)
        anchor = anchor_create(article=article, exact=exact, start=start, end=start + len(exact))
        for number in range(count):
            comment_post(thread=thread, body=f"{exact} {number}", reader=guest_reader(), anchor_id=anchor.pk)
    context = chromium.new_context(locale="ru-RU", extra_http_headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + article.get_absolute_url())
        assert page.locator("html").get_attribute("lang") == "ru"
        page.locator("[data-passage-choice]").wait_for(state="attached")
        # A reader selects part of the first paragraph's words and comments on them.
        page.evaluate(SELECT, ["Первый абзац о реке.", 2, 9])
        page.get_by_role("button", name="Прокомментировать").click()
        assert page.locator("[data-passage-text]").inner_text() == "Первый абзац"
        assert page.get_by_text("Не к этому фрагменту").is_visible()
        page.locator("#id_body").fill("Какой реке?")
        page.get_by_role("button", name="Отправить комментарий").click()
        page.locator(".comments .comment", has_text="Какой реке?").wait_for()
        assert page.locator("[data-passage-count]").first.inner_text() == "1 комментарий к этому фрагменту"
        page.reload()
        page.locator("[data-passage-marker]").nth(3).wait_for()
        labels = page.locator("[data-passage-count]").all_inner_texts()
        assert labels == ["1 комментарий к этому фрагменту", "3 комментария к этому фрагменту",
                          "5 комментариев к этому фрагменту", "21 комментарий к этому фрагменту"]
    finally:
        context.close()


def test_an_editor_asks_readers_about_a_passage_from_the_preview_page(live_server, chromium):
    # A transactional test starts from an emptied database: the migration that lets editors ask
    # runs again, as on an upgraded site.
    executor = MigrationExecutor(connection)
    executor.migrate([("discussion", "0018_votes_per_guest_identity")])
    # Forward to the latest of every app again (EDITORS_ASK among them): later tests need it.
    latest = MigrationExecutor(connection)
    plan = latest.migration_plan(latest.loader.graph.leaf_nodes())
    assert ("discussion", EDITORS_ASK) in [(m.app_label, m.name) for m, _backwards in plan]
    latest.migrate(latest.loader.graph.leaf_nodes())
    article = article_factory(body=SPRING, status="draft")
    editor = get_user_model().objects.create_user("desk", password="a long password 1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert not editor.is_superuser and editor.has_perm("discussion.add_anchor")
    client = Client()
    client.force_login(editor)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + article.get_preview_url())
        box = page.get_by_role("region", name="Ask readers about a passage")
        page.evaluate(SELECT, [SPRING, SPRING.index("ater"), SPRING.index("urns")])
        page.wait_for_function("() => document.getElementById('passage-exact').value !== ''")
        # The editor sees the passage as readers will: whole words.
        assert box.get_by_label("Passage").input_value() == "water returns"
        box.get_by_label("Question to readers").fill("Did the water come back this year?")
        box.get_by_role("button", name="Ask readers").click()
        page.get_by_text("Your question is on the passage.").wait_for()
        listed = page.locator(".passage-questions__list li")
        assert listed.inner_text() == "Did the water come back this year? — “water returns”"
    finally:
        context.close()
    anchor = Anchor.objects.get(article=article)
    assert (anchor.exact, anchor.question, anchor.created_by) == (
        "water returns", "Did the water come back this year?", editor)
