"""Store uploaded images and make their renditions.

Each image gets, for every configured width no wider than the original, a WebP copy and a copy
in a fallback format browsers without WebP read (JPEG, or PNG when the picture has transparency).
A file that is not an image, is too large or has too many pixels is refused before anything is
written; if making renditions fails, the database keeps nothing and the files written are removed.
"""

import io
import logging

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

from tribune.core.errors import DomainError

from .. import conf
from ..models import Image, Rendition
from .cache import article_cache_invalidate_for_image

logger = logging.getLogger(__name__)

# Pillow refuses to open anything larger than this many pixels (a decompression bomb); the
# configured limit, checked below, is lower and gives a clear message.
PillowImage.MAX_IMAGE_PIXELS = 120_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class ImageInvalidError(DomainError):
    code = "image_invalid"


class ImageTooLargeError(DomainError):
    code = "image_too_large"


def image_file_check(*, file: File) -> None:
    """Refuse a file that is not a JPEG, PNG, WebP or GIF image, or is too large.

    Raises ImageInvalidError or ImageTooLargeError; leaves the file at its start.
    """
    max_bytes = conf.get("NEWSROOM_IMAGE_MAX_BYTES")
    if file.size is not None and file.size > max_bytes:
        raise ImageTooLargeError(
            _("“%(name)s” is %(size)s; images may be at most %(max)s.")
            % {"name": file.name, "size": filesizeformat(file.size), "max": filesizeformat(max_bytes)}
        )
    try:
        file.seek(0)
        with PillowImage.open(file) as probe:
            image_format, (width, height) = probe.format, probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            PillowImage.DecompressionBombError):
        raise ImageInvalidError(
            _("“%(name)s” is not an image we can read. Upload a JPEG, PNG, WebP or GIF file.")
            % {"name": file.name}
        ) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ImageInvalidError(
            _("“%(name)s” is a %(format)s file. Upload a JPEG, PNG, WebP or GIF file.")
            % {"name": file.name, "format": image_format}
        )
    max_pixels = conf.get("NEWSROOM_IMAGE_MAX_PIXELS")
    if width * height > max_pixels:
        raise ImageTooLargeError(
            _("“%(name)s” is %(width)s × %(height)s pixels; images may have at most %(max)s million pixels.")
            % {"name": file.name, "width": width, "height": height, "max": max_pixels // 1_000_000}
        )


def image_create(*, file: File, alt_text: str, caption: str = "", credit: str = "") -> Image:
    """Store an uploaded picture and its renditions. Raises ImageInvalidError or ImageTooLargeError."""
    image = Image(alt_text=alt_text, caption=caption, credit=credit)
    return image_save(image=image, file=file)


def image_save(*, image: Image, file: File | None = None) -> Image:
    """Store `image` (new or edited); with `file`, replace its picture and remake its renditions.

    Raises ImageInvalidError or ImageTooLargeError before writing anything.
    """
    if file is not None:
        image_file_check(file=file)
    written: list = []
    try:
        with transaction.atomic():
            if file is not None:
                image.original.save(file.name, file, save=False)
                written.append(image.original)
            image.save()
            if file is not None:
                _renditions_make(image=image, written=written)
            if image.pk:
                article_cache_invalidate_for_image(image_id=image.pk)
    except Exception:
        for stored in written:
            stored.storage.delete(stored.name)
        raise
    return image


def _renditions_make(*, image: Image, written: list) -> None:
    for old in image.renditions.all():
        old.file.storage.delete(old.file.name)
    image.renditions.all().delete()
    try:
        with image.original.storage.open(image.original.name, "rb") as stored, \
                PillowImage.open(stored) as source:
            source.load()
            picture = ImageOps.exif_transpose(source)
    except (OSError, SyntaxError, ValueError, PillowImage.DecompressionBombError):
        raise ImageInvalidError(_("“%(name)s” is damaged and cannot be resized.")
                                % {"name": image.original.name}) from None
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    fallback = Rendition.Format.PNG if has_alpha else Rendition.Format.JPEG
    widths = sorted({min(w, picture.width) for w in conf.get("NEWSROOM_IMAGE_WIDTHS")})
    stem = image.original.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for width in widths:
        height = max(1, round(picture.height * width / picture.width))
        resized = picture if width == picture.width else picture.resize((width, height), PillowImage.LANCZOS)
        for image_format in (Rendition.Format.WEBP, fallback):
            rendition = Rendition(image=image, format=image_format, width=width, height=height)
            rendition.file.save(f"{stem}-{width}.{image_format}", ContentFile(_encode(resized, image_format)),
                                save=False)
            written.append(rendition.file)
            rendition.save()


def _encode(picture: PillowImage.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == Rendition.Format.WEBP:
        picture.save(out, format="WEBP", quality=80, method=4)
    elif image_format == Rendition.Format.JPEG:
        picture.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    else:
        picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
