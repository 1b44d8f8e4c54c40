import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tribune.core.models import TimeStampedModel


def body_digest(body: str) -> str:
    """Return the digest of a comment's text that the repeat check looks up (the stripped body);
    empty for no text (an erased comment's), which no post can repeat."""
    body = body.strip()
    return hashlib.sha256(body.encode()).hexdigest()[:32] if body else ""


def comment_fields_derive(comment, *, parent=None) -> list[str]:
    """Set the fields of `comment` that follow from its others; return the attnames of those
    whose value changed.

    The one definition of them: save() calls it, and so do the writers that insert without
    save(): comment_post and the import (core.rows). `comment` is a Comment or an InsertRow of
    one. A field is derived only when what it follows from is loaded on `comment`, so that a
    save() of a few fields loads nothing more.

    - body_digest: body_digest(body), which the repeat check looks up;
    - score: upvotes - downvotes, which "Most Voted" sorts on;
    - root_id: the top-level comment it hangs under. A top-level comment is its own, known once
      it has a primary key (call this again after the INSERT); a reply has its parent's, taken
      from `parent`, the parent's row, when the caller has it. An import, whose replies find
      their parents only once all rows are in, gives every root by the same rule in SQL
      (portability.services.import_links).
    """
    loaded = vars(comment)
    changed = []

    def put(attname, value):
        if loaded.get(attname) != value:
            setattr(comment, attname, value)
            changed.append(attname)

    if "body" in loaded:
        put("body_digest", body_digest(comment.body))
    if "upvotes" in loaded and "downvotes" in loaded:
        put("score", comment.upvotes - comment.downvotes)
    if "parent_id" in loaded:
        if comment.parent_id is None and comment.pk is not None:
            put("root_id", comment.pk)
        elif parent is not None and parent.pk == comment.parent_id:
            put("root_id", parent.root_id)
    return changed


class Comment(TimeStampedModel):
    """A reader's comment: by a registered reader, a named guest or an anonymous guest."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        PENDING = "pending", _("Awaiting review")
        DELETED = "deleted", _("Deleted")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    # No index of its own: comment_top_time starts with the thread (each index is written on
    # every comment posted).
    thread = models.ForeignKey("discussion.Thread", on_delete=models.CASCADE, related_name="comments",
                               db_index=False)
    # The FKs below that most comments leave empty are indexed by partial indexes (see Meta):
    # a comment without a parent, an account or a passage writes no entry in them.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", db_index=False
    )
    # The top-level comment this one hangs under (itself for a top-level comment; set by
    # comment_fields_derive), so a page of top-level comments fetches all its replies in one
    # indexed query.
    # Indexed by comment_root_time, which starts with it.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments", db_index=False,
    )
    # The passage of the article this comment is about (inline feedback), if any.
    anchor = models.ForeignKey("discussion.Anchor", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="comments", db_index=False)
    guest_name = models.CharField(_("name"), max_length=80, blank=True)
    # Never shown to other readers; used for notifications and a guest's own data requests.
    guest_email = models.EmailField(_("email"), blank=True)
    # A keyed hash of the guest's browser key: lets that browser edit and delete the comment.
    guest_key_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # A keyed hash of the poster's address under a key that rotates; never the address itself.
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    body = models.TextField(_("comment"))
    # body_digest(body), kept by comment_fields_derive: the repeat check finds the same text through this
    # index instead of reading every recent comment of the writer.
    body_digest = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    # The sanitized rendering of `body`, kept so that a page view never parses Markdown.
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.VISIBLE)
    edited_at = models.DateTimeField(null=True, blank=True)
    upvotes = models.PositiveIntegerField(default=0, editable=False)
    downvotes = models.PositiveIntegerField(default=0, editable=False)
    # upvotes - downvotes (comment_fields_derive), kept in the row so that "Most Voted" sorts
    # on an index.
    score = models.IntegerField(default=0, editable=False)
    # Why the comment waits in a moderation queue (the check that held it, or reports).
    moderation_reason = models.CharField(max_length=300, blank=True, editable=False)
    # Held by a check that smells spam (links, floods, repeats): it goes to the spam queue.
    likely_spam = models.BooleanField(default=False, editable=False)
    # Set when a moderator changed the text; shown under the comment.
    moderator_note = models.CharField(_("moderator's note"), max_length=300, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    reports_count = models.PositiveIntegerField(default=0, editable=False)
    # Where an imported comment came from ("disqus", "wordpress", ...) and its id there.
    import_source = models.CharField(max_length=32, blank=True, editable=False)
    import_id = models.CharField(max_length=64, blank=True, editable=False)
    # The parent's source and id there, as the export gave them: an import links replies to
    # their parents in the database after all rows are in, so it never holds the file in memory.
    import_parent_source = models.CharField(max_length=32, blank=True, editable=False)
    import_parent_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", _("Can moderate comments"))]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # A page of top-level comments walks one of these in order and stops after a page;
            # status is filtered on the way (a leading status column would force a sort).
            models.Index(fields=["thread", "parent", "created_at"], name="comment_top_time"),
            models.Index(fields=["thread", "parent", "score", "created_at"], name="comment_top_score"),
            models.Index(fields=["root", "created_at"], name="comment_root_time"),
            # Partial: "= value" and "IN (...)" lookups use them; empty keys are not written.
            models.Index(fields=["parent"], condition=models.Q(parent__isnull=False), name="comment_parent"),
            models.Index(fields=["user"], condition=models.Q(user__isnull=False), name="comment_user"),
            models.Index(fields=["anchor"], condition=models.Q(anchor__isnull=False), name="comment_anchor"),
            # The moderation queues and their counts read the few comments waiting for review,
            # newest (or oldest) first, likely spam apart; a published post writes no entry here.
            models.Index(fields=["likely_spam", "created_at", "id"], condition=models.Q(status="pending"),
                         name="comment_pending_time"),
            # Counting a thread's published comments again (Thread.published_count, after a
            # moderator's decision or an import) reads index entries only, never the rows.
            models.Index(fields=["thread"], condition=models.Q(status="visible"),
                         name="comment_visible_thread"),
            # A guest's record beside each queued comment is counted by their email.
            models.Index(fields=["guest_email"], condition=~models.Q(guest_email=""),
                         name="comment_guest_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "import_id"],
                condition=~models.Q(import_source=""),
                name="comment_unique_import",
            ),
        ]

    def __str__(self):
        return f"{self.author_name or _('Anonymous')}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        # A reply whose root is not known yet takes its parent's (one query, when the parent is
        # not loaded on it).
        parent = self.parent if self.parent_id is not None and self.root_id is None else None
        changed = comment_fields_derive(self, parent=parent)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and changed:
            kwargs["update_fields"] = {*update_fields, *changed}
        super().save(*args, **kwargs)
        # A new top-level comment is its own root, known now that it has a primary key.
        late = comment_fields_derive(self)
        if late:
            type(self)._base_manager.filter(pk=self.pk).update(**{name: getattr(self, name) for name in late})

    @property
    def author_kind(self) -> str:
        """"registered", "guest" or "anonymous"."""
        if self.user_id:
            return "registered"
        return "guest" if self.guest_name else "anonymous"

    @property
    def author_name(self) -> str:
        """The name shown above the comment; empty for an anonymous guest."""
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.guest_name

    @property
    def is_deleted(self) -> bool:
        return self.status == self.Status.DELETED
