"""The article page shows what the seed page shows, in the seed page's order."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("\u00a0", " ")
    return " ".join(text.split())


def test_article_page_shows_the_seed_page_in_order(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    in_order = [
        "0 $", "2,500 $", "5,000 $", "3,048 $",            # the goal meter
        "Support SouthFront",                               # the call to give, above
        demo.headline,
        "Click to see full-size image",
        "On April 20, several units of the Russian Military Police",
        "Its unknown yet how many FSA fighters",
        "Support SouthFront",                               # the call to give, below
        "7 comments",
        "Notify",
        "Newest", "Oldest", "Most Voted", "Inline Feedbacks",
        "excellentes news after est qualamoun yarmouk!! good!",
        "Shylo Duffy", "Because I’m on the outside looking in",
        "Regime Force", "good news all syrian are one family",
        "This will bring a very big difference",
        "I think this is good news, but the South",
        "neil barron", "More lives saved!!Good",
        "Roger Snellman", "Yes, the best news all week.",
        "Would love your thoughts, please comment.",
    ]
    position = 0
    for expected in in_order:
        found = text.find(expected, position)
        assert found >= 0, f"{expected!r} missing or out of order after position {position}"
        position = found + len(expected)


def test_full_size_link_points_at_the_original_image(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    link = re.search(r'<a class="lead-image__full" href="([^"]+)">Click to see full-size image</a>', html)
    assert link
    image = client.get(link.group(1))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"


def test_oldest_first_reverses_the_comments(client, demo):
    text = visible_text(client.get(demo.get_absolute_url() + "?sort=oldest").content.decode())
    assert text.index("Yes, the best news all week.") < text.index("excellentes news")


def test_front_page_lists_the_article(client, demo):
    response = client.get(reverse("newsroom:front_page"))
    assert demo.headline in visible_text(response.content.decode())


def test_unknown_article_is_a_404(client, db):
    assert client.get("/articles/no-such-story/").status_code == 404


def test_draft_is_not_shown(client, demo):
    demo.status = demo.Status.DRAFT
    demo.save()
    assert client.get(demo.get_absolute_url()).status_code == 404
