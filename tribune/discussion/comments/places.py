"""Where on the article page a form without JavaScript comes back to, and where its notice is
said (core.notices): the ids of the comment section's controls, which the redirects' fragments
name."""

# The comment form (its post button).
FORM_PLACE = "comment-form"
# "Notify me of" and "Follow without commenting", inside the comment form.
FOLLOW_PLACE = "follow"


def comment_place(comment_id: int) -> str:
    """Return the id of a comment's element on the page."""
    return f"comment-{comment_id}"
