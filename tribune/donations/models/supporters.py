from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupporterMark(models.Model):
    """A donor's wish to show a "Supporter" mark beside their comments; deleted when withdrawn.

    It holds who (a registered reader, an email for guests), never how much.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Lower-cased, so a guest's comment email matches however it was typed.
    email = models.EmailField(_("email"), blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporter mark")
        verbose_name_plural = _("supporter marks")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="supporter_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="supporter_has_user_or_email",
            ),
        ]

    def __str__(self):
        return self.email or str(self.user)
