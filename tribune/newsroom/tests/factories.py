"""Build newsroom rows for tests, through the services."""

import io
from datetime import timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from tribune.newsroom.models import Article, Author, Section, Tag
from tribune.newsroom.services import article_create, image_create

_numbers = count(1)


def picture_bytes(width=1200, height=800, image_format="JPEG", mode="RGB") -> bytes:
    out = io.BytesIO()
    PillowImage.new(mode, (width, height), (40, 90, 160, 255)[: len(mode)]).save(out, format=image_format)
    return out.getvalue()


def image_factory(*, width=1200, height=800, image_format="JPEG", mode="RGB", **fields):
    extension = image_format.lower()
    upload = ContentFile(picture_bytes(width, height, image_format, mode), name=f"picture.{extension}")
    fields.setdefault("alt_text", "A river bend seen from a hill")
    return image_create(file=upload, **fields)


def article_factory(**fields) -> Article:
    number = next(_numbers)
    fields.setdefault("headline", f"Story number {number}")
    fields.setdefault("body", f"First paragraph of story {number}.\n\nSecond paragraph.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("publish_at", timezone.now() - timedelta(minutes=number))
    return article_create(**fields)


def author_factory(name="Lina Haddad") -> Author:
    from django.utils.text import slugify

    return Author.objects.create(name=name, slug=slugify(name))


def section_factory(name="Politics") -> Section:
    from django.utils.text import slugify

    return Section.objects.create(name=name, slug=slugify(name))


def tag_factory(name="Damascus", kind=Tag.Kind.PLACE) -> Tag:
    from django.utils.text import slugify

    return Tag.objects.create(name=name, slug=slugify(name), kind=kind)
