"""The notifications' operations of the JSON API (added to it in config/api.py): following a
thread by email, as the comment form's "Notify me of" choices do."""
