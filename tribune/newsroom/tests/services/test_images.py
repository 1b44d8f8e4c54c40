import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from tribune.newsroom.models import Image, Rendition
from tribune.newsroom.services import ImageInvalidError, ImageTooLargeError, image_create
from tribune.newsroom.tests.factories import image_factory, picture_bytes

pytestmark = pytest.mark.django_db


class TestImageCreate:
    def test_renditions_are_made_in_webp_and_jpeg_at_each_width_up_to_the_original(self):
        image = image_factory(width=1000, height=500)
        sizes = sorted((r.format, r.width, r.height) for r in image.renditions.all())
        assert sizes == [("jpeg", 480, 240), ("jpeg", 800, 400), ("jpeg", 1000, 500),
                         ("webp", 480, 240), ("webp", 800, 400), ("webp", 1000, 500)]
        webp = image.renditions.get(format="webp", width=480)
        assert webp.file.read(12)[8:12] == b"WEBP"

    def test_a_transparent_picture_falls_back_to_png(self):
        image = image_factory(width=300, height=300, image_format="PNG", mode="RGBA")
        assert {r.format for r in image.renditions.all()} == {"webp", "png"}

    def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(self):
        with pytest.raises(ImageInvalidError) as error:
            image_create(file=ContentFile(b"%PDF-1.4 not a picture", name="report.pdf"), alt_text="x")
        assert "report.pdf" in error.value.message
        assert not Image.objects.exists() and not Rendition.objects.exists()

    @override_settings(NEWSROOM_IMAGE_MAX_BYTES=10_000)
    def test_a_file_too_large_is_refused(self):
        with pytest.raises(ImageTooLargeError) as error:
            image_create(file=ContentFile(b"x" * 20_000, name="huge.jpg"), alt_text="x")
        assert "at most" in error.value.message
        assert not Image.objects.exists()

    @override_settings(NEWSROOM_IMAGE_MAX_PIXELS=1_000_000)
    def test_too_many_pixels_are_refused(self):
        with pytest.raises(ImageTooLargeError):
            image_create(file=ContentFile(picture_bytes(2000, 1000), name="wide.jpg"), alt_text="x")
        assert not Image.objects.exists()

    def test_a_truncated_image_is_refused(self):
        data = picture_bytes(800, 600)[:200]
        with pytest.raises(ImageInvalidError):
            image_create(file=ContentFile(data, name="cut.jpg"), alt_text="x")
        assert not Image.objects.exists()
