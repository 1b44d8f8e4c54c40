"""Passages, without a browser: whole words whatever a script sends, a refused form that still
names its passage and lets the reader take it back, counts in every catalogue's plural forms, and
editors who may ask readers about a passage."""

import pytest
from babel import Locale
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tribune.discussion.comments.anchoring import text_of_html, word_bounds
from tribune.discussion.comments.display import renderer_config
from tribune.discussion.comments.models import Anchor, Comment
from tribune.discussion.comments.services.anchors import anchor_create
from tribune.discussion.comments.tests.factories import article_factory

pytestmark = pytest.mark.django_db

SPRING = "The water returns to the valley every spring, and the farmers return with it."


@pytest.mark.parametrize(("text", "selected", "whole"), [
    (SPRING, "ater ret", "water returns"),
    ("L’été dernier, la rivière", "té dernier, la riv", "L’été dernier, la rivière"),
    ("Вода возвращается в долину", "да возвращ", "Вода возвращается"),
    ("عاد الماء إلى الوادي", "اد الما", "عاد الماء"),
    ("Ελληνικά γράμματα εδώ", "ληνικά γρά", "Ελληνικά γράμματα"),
    ("don't stop", "t sto", "don't stop"),
    ("pi is 3.14159 today", "14", "3.14159"),
    ("  water  ", "  water  ", "water"),
    # Words written without spaces need a dictionary: the edge stays (the browser found it).
    ("今天河水又回来了。", "天河", "天河"),
])
def test_a_passage_grows_to_whole_words_in_every_script(text, selected, whole):
    start = text.index(selected)
    found = word_bounds(text, start, start + len(selected))
    assert text[found[0]:found[1]] == whole


def test_a_script_posting_half_words_gets_whole_words_stored(client):
    article = article_factory(body=SPRING)
    start = SPRING.index("ater")
    response = client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}), {
        "body": "Every spring?", "anchor_exact": "ater ret", "anchor_start": start, "anchor_end": start + 8})
    assert response.status_code == 302
    anchor = Comment.objects.get().anchor
    assert (anchor.exact, anchor.start, anchor.end) == ("water returns", 4, 17)
    assert text_of_html(article.body_html)[anchor.start:anchor.end] == anchor.exact


class TestTheFormWithoutScript:
    """The form posted by a browser without JavaScript, refused, and sent again."""

    def post(self, client, article, **fields):
        start = SPRING.index("water returns")
        data = {"body": "Every spring?", "anchor_exact": "water returns", "anchor_prefix": "The ",
                "anchor_suffix": " to the valley", "anchor_start": start, "anchor_end": start + 13, **fields}
        return client.post(reverse("discussion:comment_create", kwargs={"article_id": article.pk}), data)

    @override_settings(DISCUSSION_MAX_LENGTH=20)
    def test_a_refused_comment_comes_back_still_naming_its_passage(self, client):
        article = article_factory(body=SPRING)
        response = self.post(client, article, body="Far too long for this site's limit.")
        assert response.status_code == 400
        page = response.content.decode()
        assert '<q data-passage-text>water returns</q>' in page
        assert 'class="comment-form__passage" data-passage>' in page  # shown, not hidden
        assert 'name="anchor_exact" data-anchor-field="exact" value="water returns"' in page
        assert "Not about this passage" in page
        assert not Comment.objects.exists()

    def test_a_form_without_a_passage_shows_none(self, client):
        article = article_factory(body=SPRING)
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'class="comment-form__passage" data-passage hidden>' in page
        assert "<q data-passage-text></q>" in page

    def test_not_about_this_passage_really_leaves_the_passage_out(self, client):
        article = article_factory(body=SPRING)
        question = anchor_create(article=article, exact="farmers", start=SPRING.index("farmers"),
                                 end=SPRING.index("farmers") + 7, question="Which farmers?")
        response = self.post(client, article, anchor=question.pk, anchor_off="1")
        assert response.status_code == 302
        assert Comment.objects.get().anchor is None
        assert list(Anchor.objects.all()) == [question]


@pytest.mark.parametrize(("language", "counts"), [
    ("en", {1: "1 comment on this passage", 3: "3 comments on this passage"}),
    ("fr", {0: "0 commentaire sur ce passage", 1: "1 commentaire sur ce passage",
            2: "2 commentaires sur ce passage"}),
    ("de", {1: "1 Kommentar zu dieser Textstelle", 2: "2 Kommentare zu dieser Textstelle"}),
    ("es", {1: "1 comentario sobre este fragmento", 2: "2 comentarios sobre este fragmento"}),
    ("ru", {1: "1 комментарий к этому фрагменту", 3: "3 комментария к этому фрагменту",
            5: "5 комментариев к этому фрагменту", 21: "21 комментарий к этому фрагменту",
            11: "11 комментариев к этому фрагменту"}),
    ("ar", {0: "0 تعليق على هذا المقطع", 2: "2 تعليقان على هذا المقطع", 3: "3 تعليقات على هذا المقطع",
            11: "11 تعليقًا على هذا المقطع", 100: "100 تعليق على هذا المقطع"}),
])
def test_a_passages_count_has_the_right_plural_form_in_every_language(language, counts):
    with translation.override(language):
        forms = renderer_config()["text"]["passageComments"]
    # The browser falls back to "other" for a category the server's CLDR lacks.
    assert "other" in forms
    category = Locale.parse(language).plural_form
    for number, expected in counts.items():
        assert forms[category(number)].replace("%(counter)s", str(number)) == expected


def test_an_editor_not_superuser_asks_about_a_passage_from_the_preview(client):
    article = article_factory(body=SPRING, status="draft")
    editor = get_user_model().objects.create_user("desk", password="a long password 1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    preview = client.get(article.get_preview_url())
    action = reverse("discussion:passage_question_create", kwargs={"article_id": article.pk})
    assert f'action="{action}"' in preview.content.decode()
    response = client.post(action, {"exact": "ater ret", "question": "Did it come back this year?"})
    assert response["Location"] == article.get_preview_url() + "#passage-questions"
    anchor = Anchor.objects.get(article=article)
    # Pasted by hand, half words are found and grown to whole words.
    assert (anchor.exact, anchor.question, anchor.created_by) == (
        "water returns", "Did it come back this year?", editor)
    assert "Your question is on the passage." in client.get(article.get_preview_url()).content.decode()


def test_a_moderator_still_may_not_ask_about_passages(client):
    article = article_factory(body=SPRING, status="draft")
    moderator = get_user_model().objects.create_user("mod", password="a long password 1", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    action = reverse("discussion:passage_question_create", kwargs={"article_id": article.pk})
    assert f'action="{action}"' not in client.get(article.get_preview_url()).content.decode()
    client.post(action, {"exact": "water", "question": "Why?"})
    assert not Anchor.objects.exists()

