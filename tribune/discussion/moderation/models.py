"""Moderation: the rules editors set without a deploy, readers' reports, bans and the log.

Rules live in the database (ModerationSettings, WordRule, Block) so that editors change them in
the admin. Every moderator decision is a ModerationAction row: who, when, what and why.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


class ModerationSettings(models.Model):
    """The site's moderation rules (one row)."""

    class Mode(models.TextChoices):
        POST = "post", _("Post-moderation: comments appear at once")
        PRE = "pre", _("Pre-moderation: each comment waits for approval")

    class ReportsHideFrom(models.TextChoices):
        ANYONE = "anyone", _("Anyone, guests included")
        SIGNED_IN = "signed_in", _("Signed-in readers")
        TRUSTED = "trusted", _("Trusted readers (as for pre-moderation)")

    mode = models.CharField(_("mode"), max_length=8, choices=Mode, default=Mode.POST)
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"), null=True, blank=True,
        help_text=_("Days after publication; empty keeps discussions open."))
    max_links = models.PositiveIntegerField(_("links allowed per comment"), default=3)
    flood_limit = models.PositiveIntegerField(
        _("comments per address in 10 minutes"), default=8,
        help_text=_("More than this from one connection are held as a flood."))
    trust_after = models.PositiveIntegerField(
        _("approved comments before skipping pre-moderation"), default=3)
    report_threshold = models.PositiveIntegerField(
        _("reports that hide a comment until a moderator decides"), default=3,
        help_text=_("Counted once per connection: reports from one address count as one."))
    reports_hide_from = models.CharField(
        _("whose reports can hide a comment"), max_length=10, choices=ReportsHideFrom,
        default=ReportsHideFrom.ANYONE,
        help_text=_("Other readers' reports still reach the moderators' queue, but never hide a "
                    "comment."))

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self):
        return str(_("Moderation settings"))


class WordRule(TimeStampedModel):
    """A word or phrase that rejects a comment (banned) or holds it for review (suspect)."""

    class Kind(models.TextChoices):
        BANNED = "banned", _("Banned: the comment is refused")
        SUSPECT = "suspect", _("Suspect: the comment waits for review")

    phrase = models.CharField(_("word or phrase"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)

    class Meta:
        verbose_name = _("word rule")
        verbose_name_plural = _("word rules")
        constraints = [models.UniqueConstraint(fields=["phrase", "kind"], name="wordrule_unique")]

    def __str__(self):
        return f"{self.phrase} ({self.get_kind_display()})"


class Block(TimeStampedModel):
    """A ban: an account, an email address, a guest's browser key or a connection may not post.

    Values are stored as they are compared: an account id, a lower-cased email, or keyed hashes
    (never a raw address).
    """

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Account")
        EMAIL = "email", _("Email address")
        GUEST = "guest", _("Guest's browser")
        ADDRESS = "address", _("Connection (hashed address)")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    value = models.CharField(_("value"), max_length=254)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Who was banned and for which comment, as the moderator saw them: the value alone (a hash)
    # tells the list of bans nothing.
    author = models.CharField(_("author"), max_length=200, blank=True)
    comment = models.ForeignKey("discussion.Comment", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("comment"))

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class Report(models.Model):
    """A reader's report that a comment breaks the rules.

    One per reader and comment (`reporter`, a Reader.voter identity). Every report reaches the
    moderators; only a `counted` one moves the comment towards hiding, and at most one per
    connection (`address_hash`, the reporter's rotating keyed address hash) and comment is
    counted, so new browser keys from one address add nothing. Reports stored before addresses
    were kept have none and stay counted, once each, as they were.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abuse or harassment")
        HATE = "hate", _("Attacks a group of people")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(max_length=80)  # a Reader.voter identity
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Counts towards the site's threshold: the first report from its connection, by a reader
    # whose reports may hide a comment (ModerationSettings.reports_hide_from).
    counted = models.BooleanField(_("counted"), default=False, editable=False)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once"),
            # Two requests from one connection at the same moment cannot both count.
            models.UniqueConstraint(fields=["comment", "address_hash"],
                                    condition=models.Q(counted=True) & ~models.Q(address_hash=""),
                                    name="report_counted_once_per_address"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class ModerationAction(models.Model):
    """One decision by a moderator, kept for the record."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        SPAM = "spam", _("Marked as spam")
        EDIT = "edit", _("Edited")
        FEATURE = "feature", _("Featured")
        UNFEATURE = "unfeature", _("No longer featured")
        BAN = "ban", _("Banned the author")

    comment = models.ForeignKey("discussion.Comment", null=True, on_delete=models.SET_NULL,
                                related_name="moderation_actions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    action = models.CharField(max_length=10, choices=Action)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()} {self.comment_id} by {self.moderator_id}"
