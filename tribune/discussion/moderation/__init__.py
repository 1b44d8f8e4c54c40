"""Moderation: the rules editors set without a deploy, readers' reports, bans, moderators'
decisions and their log.

Imports: views, then services, then policies and selectors, then models; it imports the comment
section (its models, signals and gate), never notifications.
"""
