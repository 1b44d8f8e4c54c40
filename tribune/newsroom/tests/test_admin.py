import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tribune.newsroom.models import Article, Image
from tribune.newsroom.tests.factories import article_factory, picture_bytes

pytestmark = pytest.mark.django_db


def staff_in(group_name):
    user = get_user_model().objects.create_user(f"{group_name.lower()}-user", password="x-long-password-9",
                                                is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff_in("Editors"))
    return client


class TestGroups:
    def test_editors_may_write_articles_and_moderators_may_not(self, client):
        editor, moderator = staff_in("Editors"), staff_in("Moderators")
        assert editor.has_perm("newsroom.add_article") and editor.has_perm("newsroom.change_image")
        assert not editor.has_perm("discussion.change_comment")
        assert moderator.has_perm("discussion.change_comment")
        assert not moderator.has_perm("newsroom.change_article")
        client.force_login(moderator)
        assert client.get("/admin/newsroom/article/add/").status_code == 403


class TestArticleAdmin:
    def test_list_filters_and_search(self, editor_client):
        article_factory(headline="Olive harvest")
        article_factory(headline="Drafted piece", status=Article.Status.DRAFT)
        html = editor_client.get("/admin/newsroom/article/", {"q": "olive"}).content.decode()
        assert "Olive harvest" in html and "Drafted piece" not in html
        html = editor_client.get("/admin/newsroom/article/", {"status__exact": "draft"}).content.decode()
        assert "Drafted piece" in html and "Olive harvest" not in html

    def test_a_nul_character_in_the_search_is_harmless(self, editor_client):
        article_factory(headline="Olive harvest")
        response = editor_client.get("/admin/newsroom/article/", {"q": "oli\x00ve"})
        assert response.status_code == 200

    def test_slug_is_filled_from_the_headline(self, editor_client):
        html = unescape(editor_client.get("/admin/newsroom/article/add/").content.decode())
        assert re.search(r'"id": "#id_slug".*"dependency_ids": \["#id_headline"\]', html)

    def test_scheduling_an_article(self, editor_client, client):
        when = timezone.now() + timedelta(days=1)
        response = editor_client.post("/admin/newsroom/article/add/", {
            "headline": "Budget vote tomorrow", "slug": "budget-vote", "body": "Text.",
            "status": "scheduled", "published_at_0": when.strftime("%Y-%m-%d"),
            "published_at_1": when.strftime("%H:%M:%S"),
            "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        })
        assert response.status_code == 302, response.content.decode()[:3000]
        article = Article.objects.get(slug="budget-vote")
        assert article.status == "scheduled" and article.body_html.startswith("<p id=")
        assert client.get(article.get_absolute_url()).status_code == 404
        change = editor_client.get(f"/admin/newsroom/article/{article.pk}/change/").content.decode()
        assert article.get_preview_url() in change

    def test_a_scheduled_time_in_the_past_is_a_form_error(self, editor_client):
        response = editor_client.post("/admin/newsroom/article/add/", {
            "headline": "Late", "slug": "late", "body": "Text.", "status": "scheduled",
            "published_at_0": "2020-01-01", "published_at_1": "10:00:00",
            "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        })
        assert response.status_code == 200
        assert "A scheduled time must be in the future" in response.content.decode()
        assert not Article.objects.exists()


class TestImageAdmin:
    def post_image(self, client, upload):
        return client.post("/admin/newsroom/image/add/", {"original": upload, "alt_text": "A hill"})

    def test_upload_makes_the_image_and_its_renditions(self, editor_client):
        response = self.post_image(editor_client, SimpleUploadedFile("hill.jpg", picture_bytes(900, 600)))
        assert response.status_code == 302
        image = Image.objects.get()
        assert (image.width, image.height) == (900, 600)
        assert image.renditions.count() == 6

    def test_a_file_that_is_not_an_image_is_refused_with_a_message(self, editor_client):
        response = self.post_image(editor_client, SimpleUploadedFile("notes.txt", b"just words"))
        assert response.status_code == 200
        message = "Upload a valid image. The file you uploaded was either not an image"
        assert message in response.content.decode()
        assert not Image.objects.exists()

    def test_a_file_too_large_is_refused_with_a_message(self, editor_client, settings):
        settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
        response = self.post_image(editor_client, SimpleUploadedFile("big.jpg", picture_bytes(900, 600)))
        assert response.status_code == 200
        assert "images may be at most" in response.content.decode()
        assert not Image.objects.exists()
