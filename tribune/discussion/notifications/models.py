"""Email subscriptions ("Notify of") and the outbox that delivers them.

A `Subscriber` is one email address. Its `Subscription`s say which threads it follows and how
(every new comment, or replies to its own comments; one email each or a daily digest). A
guest's subscription counts only once confirmed from a link sent to the address.

`Delivery` is the outbox: one row per (address, comment), created in the transaction that
decides who hears about a comment, so no address is told twice. A worker claims a row with one
atomic UPDATE (queued -> sending) before talking to the mail server and marks it sent after.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class Subscriber(TimeStampedModel):
    """An email address that may receive discussion emails."""

    # Stored lower-cased: one row per mailbox, whatever case people type it in.
    email = models.EmailField(_("email"), max_length=254, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="discussion_subscribers",
    )
    # Set when the owner asked for no more email of any kind, confirmation requests included.
    suppressed_at = models.DateTimeField(_("stopped all email"), null=True, blank=True)
    # The language its owner read the site in when they last subscribed or confirmed: their
    # emails are written in it (empty: the site's language).
    language = models.CharField(_("language"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Subscription(TimeStampedModel):
    """One address following one thread."""

    class Kind(models.TextChoices):
        THREAD = "thread", _("New follow-up comments")
        REPLIES = "replies", _("New replies to my comments")

    class Cadence(models.TextChoices):
        EACH = "each", _("One email per comment")
        DAILY = "daily", _("A daily digest")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    thread = models.ForeignKey("discussion.Thread", on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(_("notify of"), max_length=16, choices=Kind)
    cadence = models.CharField(_("how often"), max_length=16, choices=Cadence, default=Cadence.EACH)
    # Empty until the address's owner confirmed it (a registered reader's is confirmed at once).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "thread", "kind"], name="subscription_unique"),
        ]
        indexes = [models.Index(fields=["thread", "kind"], name="subscription_thread_kind")]

    def __str__(self):
        return f"{self.subscriber} · {self.get_kind_display()} · {self.thread}"


class ReaderPreference(models.Model):
    """A registered reader's choices about discussion email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_preference"
    )
    # Whether "@name" in someone's comment sends this reader an email.
    notify_mentions = models.BooleanField(_("email me when I am mentioned"), default=False)

    class Meta:
        verbose_name = _("reader preference")
        verbose_name_plural = _("reader preferences")

    def __str__(self):
        return str(self.user)


class Delivery(TimeStampedModel):
    """One email to send (or sent) to one address: a comment, a digest or a confirmation request."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        DIGEST = "digest", _("Daily digest")
        CONFIRM = "confirm", _("Confirmation request")

    class Reason(models.TextChoices):
        THREAD = "thread", _("Follows the thread")
        REPLY = "reply", _("Reply to their comment")
        MENTION = "mention", _("Mentioned")
        CONFIRM = "confirm", _("Asked to subscribe")
        DIGEST = "digest", _("Daily digest")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        WAITING = "waiting", _("Waiting for the digest")
        IN_DIGEST = "in_digest", _("In a digest")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # What makes this email unique for its address: "comment:<id>", "digest:<id>", "confirm:<window>".
    key = models.CharField(max_length=64)
    comment = models.ForeignKey(
        "discussion.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    # The subscription that asked for it: its unsubscribe link stops just that subscription.
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The digest email a waiting comment went out in.
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="delivery_unique_key"),
            models.UniqueConstraint(
                fields=["subscriber", "comment"], condition=models.Q(comment__isnull=False),
                name="delivery_one_per_comment",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_state_due"),
            models.Index(fields=["subscriber", "state"], name="delivery_subscriber_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.subscriber_id}: {self.key} ({self.state})"
