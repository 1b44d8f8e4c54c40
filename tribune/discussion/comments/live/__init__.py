"""Live updates: a thread's new comments, edits, deletions and votes sent to its open pages.

A process of its own (`tribune live`, started by `tribune serve`) serves GET /live/threads/<id>
as Server-Sent Events to the article page (section.js) and the widget, through live.js. Imports
run one way: server → app → hub and watch → changes, which reads through the comment section's
selectors and the API's JSON (api/render.py). The comment section itself imports nothing from
here: the database tells the live server of changes (watch.py).
"""
