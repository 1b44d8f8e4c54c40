"""Signals the discussion app sends after its services change something."""

from django.dispatch import Signal

# A comment was stored. Arguments: comment (Comment), held (bool: awaits review).
comment_posted = Signal()

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

# A held or reported comment became visible. Arguments: comment (Comment).
comment_approved = Signal()

# A visible comment was taken down (rejected, spam, hidden by reports, or sent back to review by
# its author's edit). Arguments: comment.
comment_hidden = Signal()
