"""The comment section's HTML views: the comment form and its actions (comments.py), and a
reader's own data (privacy.py)."""
