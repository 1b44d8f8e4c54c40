from django.db import models


class PageCacheGeneration(models.Model):
    """Counters that invalidate cached pages at once (see newsroom.cache): row SITE for every
    page, row LISTS for the front, section, tag and author pages."""

    SITE = 1
    LISTS = 2

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache generation"
        default_permissions = ()

    def __str__(self):
        return str(self.value)
