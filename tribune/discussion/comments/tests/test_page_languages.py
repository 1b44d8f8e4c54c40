"""Pages in the reader's language: which one, written which way, with money and dates to match."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

READERS_CHOOSE = [("en-us", "English"), ("fr", "Français"), ("ar", "العربية"), ("de", "Deutsch")]


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode())[0]


def test_without_reader_languages_every_page_is_in_the_sites_language(client, article):
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert html_tag(response) == '<html lang="en-us" dir="ltr">'
    assert "Accept-Language" not in response.get("Vary", "")


def test_a_reader_gets_the_language_they_ask_for_among_those_offered(client, settings, article):
    settings.LANGUAGES = READERS_CHOOSE
    french = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert html_tag(french) == '<html lang="fr" dir="ltr">'
    assert "Accept-Language" in french["Vary"]
    with translation.override("fr"):
        join = translation.gettext("Join the discussion")
    assert join != "Join the discussion"
    assert join in french.content.decode()
    # A language the site does not offer falls back to the site's own.
    russian = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert html_tag(russian) == '<html lang="en-us" dir="ltr">'


def test_the_page_cache_never_serves_one_language_to_another(client, settings, article):
    settings.LANGUAGES = READERS_CHOOSE
    url = article.get_absolute_url()
    assert html_tag(client.get(url, HTTP_ACCEPT_LANGUAGE="de")) == '<html lang="de" dir="ltr">'
    assert html_tag(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) == '<html lang="en-us" dir="ltr">'
    assert html_tag(client.get(url, HTTP_ACCEPT_LANGUAGE="de")) == '<html lang="de" dir="ltr">'


def test_arabic_pages_are_laid_out_right_to_left(client, settings, article):
    settings.LANGUAGES = READERS_CHOOSE
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    assert html_tag(response) == '<html lang="ar" dir="rtl">'


def test_every_comment_carries_its_own_direction(client, article, thread):
    from tribune.discussion.comments.identity import Reader
    from tribune.discussion.comments.services import comment_post

    comment_post(thread=thread, body="مرحبا بكم في النقاش", reader=Reader(guest_key="k" * 43),
                 guest_name="سلمى")
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<span class="comment__author comment__author--guest" dir="auto"[^>]*>سلمى</span>', page)
    assert re.search(r'<div class="comment__body" dir="auto"><p>مرحبا بكم في النقاش</p>', page)


def test_the_stylesheet_uses_logical_directions_so_right_to_left_mirrors_it():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "core" / "static" / "core" / "site.css").read_text()
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)|"
                          r"float:\s*(?:left|right)|(?<![-\w])(?:left|right):", css)
    assert physical == []


def test_the_comment_renderer_is_told_the_pages_locale(client, settings, article):
    settings.LANGUAGES = READERS_CHOOSE
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "&quot;locale&quot;" not in page and "\"locale\": \"de\"" in page


def test_the_language_choice_comes_from_the_header_not_a_query(client, settings):
    settings.LANGUAGES = READERS_CHOOSE
    response = client.get(reverse("newsroom:front_page") + "?language=ar", HTTP_ACCEPT_LANGUAGE="fr")
    assert html_tag(response) == '<html lang="fr" dir="ltr">'
