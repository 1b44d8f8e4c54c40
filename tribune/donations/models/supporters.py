from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupporterMark(models.Model):
    """A donor's wish to show a "Supporter" mark beside their comments; deleted when withdrawn.

    It holds who (a registered reader, an email for guests), never how much. A registered reader's
    comments show it through `user`. A guest's comments show it only from a browser proven to be the
    donor's (a `SupporterBrowser`): typing the donor's email as a guest proves nothing.
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


class SupporterBrowser(models.Model):
    """A guest browser whose owner proved they read the mark's email (they opened its link there).

    Its guest comments signed with that email show the mark. It goes with the mark: a withdrawn and
    granted-again mark needs a new proof.
    """

    mark = models.ForeignKey(SupporterMark, on_delete=models.CASCADE, related_name="browsers")
    # The keyed hash of the browser's guest key, as stored on the guest's comments.
    guest_key_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporter browser")
        verbose_name_plural = _("supporter browsers")
        constraints = [
            models.UniqueConstraint(fields=["mark", "guest_key_hash"], name="supporter_browser_once"),
        ]

    def __str__(self):
        return f"{self.mark} · {self.guest_key_hash[:8]}"
