"""Signals the newsroom sends after its services change something."""

from django.dispatch import Signal

# An article's rendered body changed (its text may have moved under passages others point at).
# Sent after the commit. Arguments: article (Article).
article_body_changed = Signal()
