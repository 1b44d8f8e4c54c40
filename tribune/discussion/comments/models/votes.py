from django.db import models
from django.utils.translation import gettext_lazy as _


class Vote(models.Model):
    """One reader's up or down vote on a comment.

    `voter` is "u:<user id>" for a registered reader or "g:<keyed hash of the guest's browser key>"
    for a guest. A guest's vote also keeps a keyed hash of their address: readers sharing a
    connection each vote once, while services.votes caps the guest identities one address votes
    with (fresh ones per hour, and per comment), so clearing cookies does not buy many votes.
    """

    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=80)
    address_hash = models.CharField(max_length=64, blank=True)
    value = models.SmallIntegerField(choices=[(1, _("Up")), (-1, _("Down"))])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [models.Index(fields=["comment", "address_hash"], name="vote_comment_address")]
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="vote_one_per_voter"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="vote_value_up_or_down"),
        ]

    def __str__(self):
        return f"{self.voter} {self.value:+d} on comment {self.comment_id}"
