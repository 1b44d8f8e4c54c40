"""The discussion: four rooms, each a Django app with the same inner shape.

- comments/ (app label "discussion"): the comment section itself: threads, comments, votes,
  passages, the readers who write them, the page's section, the JSON API.
- moderation/: the site's rules, readers' reports, bans, moderators' decisions and their log.
- notifications/: "Notify me of": subscriptions, the outbox of deliveries, digests, signed
  links and the emails.
- portability/: `tribune import` and `tribune export`.

Imports run one way: the other rooms import the comment section, never the reverse; they hear
of its changes through comments.signals and plug into it through comments.gate (moderation's
checks) and comments.form_parts (the "Notify me of" choices). See docs/architecture.md.
"""
