"""Objects the discussion tests start from."""

import itertools
import secrets

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone

from tribune.discussion.comments.identity import GUEST_COOKIE, GUEST_COOKIE_SALT, Reader
from tribune.discussion.comments.models import Thread
from tribune.newsroom.models import Article
from tribune.newsroom.services import article_create

_numbers = itertools.count(1)


def article_factory(**fields) -> Article:
    number = next(_numbers)
    defaults = {"headline": f"Floods reach the valley, day {number}",
                "body": "The river rose overnight.\n\nResidents moved to higher ground.",
                "status": Article.Status.PUBLISHED, "publish_at": timezone.now()}
    return article_create(**{**defaults, **fields})


def thread_factory(**fields) -> Thread:
    from tribune.discussion.comments.services import thread_for_article_get_or_create

    return thread_for_article_get_or_create(article=article_factory(**fields))


def user_factory(name: str = "", **fields):
    number = next(_numbers)
    username = fields.pop("username", f"reader{number}")
    first, _, last = (name or f"Reader {number}").partition(" ")
    return get_user_model().objects.create_user(username=username, password="a long password 1",
                                                first_name=first, last_name=last, **fields)


def guest_reader(address: str = "") -> Reader:
    """A guest with their own browser key, from their own address."""
    return Reader(guest_key=secrets.token_urlsafe(32),
                  address_hash=address or secrets.token_hex(16))


def guest_cookie(client, key: str) -> None:
    """Give `client` the signed cookie a browser keeps for guest `key` (pages read only the cookie)."""
    response = HttpResponse()
    response.set_signed_cookie(GUEST_COOKIE, key, salt=GUEST_COOKIE_SALT)
    client.cookies.update(response.cookies)


def registered_reader(user=None) -> Reader:
    return Reader(user=user or user_factory(), address_hash=secrets.token_hex(16))


def moderator_factory(name: str = "Mod Erator"):
    """A member of the Moderators group, holding the group's permission to moderate."""
    from django.contrib.auth.models import Group, Permission

    user = user_factory(name)
    # Transactional tests empty every table, the group made by a migration included.
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(codename="moderate_comment"))
    user.groups.add(group)
    return user
