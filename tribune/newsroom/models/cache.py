from django.db import models


class PageCacheGeneration(models.Model):
    """One row whose counter invalidates every cached article page at once (see newsroom.cache)."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache generation"
        default_permissions = ()

    def __str__(self):
        return str(self.value)
