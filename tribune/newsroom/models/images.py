from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Image(TimeStampedModel):
    """An uploaded picture with what a caption and a screen reader need."""

    original = models.ImageField(
        _("original file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(_("alternative text"), max_length=300)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text


class Rendition(models.Model):
    """A resized copy of an image at one width, in WebP or in the fallback format."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    format = models.CharField(max_length=4, choices=Format)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Dimensions are set by the service that makes the rendition (Django cannot read them from WebP).
    file = models.FileField(upload_to="renditions/%Y/%m/", max_length=200)

    class Meta:
        ordering = ["format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "format", "width"], name="rendition_unique_size"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.format} {self.width}w"

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"
