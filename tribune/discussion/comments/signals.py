"""Signals the comment section sends when its services change something.

Other rooms (notifications, moderation) and apps learn of comments through these, so the comment
section imports none of them. comment_posted and comment_approved are sent inside the
transaction of the change, so that what a receiver writes (an announcement's task) commits with
it or not at all; a receiver that must wait for the commit uses transaction.on_commit. The
others are sent after the commit.
"""

from django.dispatch import Signal

# A comment was stored (inside its transaction). Arguments: comment (Comment), held (bool:
# awaits review).
comment_posted = Signal()

# A comment was refused by the gate's checks (comment_post raises CommentRejectedError after it).
# Arguments: thread (Thread), reason (str).
comment_refused = Signal()

# A comment's text changed (its author's edit or a moderator's). Arguments: comment (Comment),
# held (bool: the new text sent the comment back to review).
comment_edited = Signal()

# A comment was deleted by its author or staff. Arguments: comment (Comment).
comment_deleted = Signal()

# A reader's vote was cast, changed or withdrawn. Arguments: comment (Comment), value (1, -1 or 0).
vote_cast = Signal()

# Anything a thread shows changed (all of the above, and opening or closing it).
# Arguments: thread (Thread).
thread_changed = Signal()

# A held or reported comment became visible (inside the approval's transaction). Arguments:
# comment (Comment).
comment_approved = Signal()

# A visible comment was taken down (rejected, spam, hidden by reports, or sent back to review by
# its author's edit). Arguments: comment.
comment_hidden = Signal()
