"""Email notifications ("Notify me of"): subscriptions, the outbox of deliveries, daily digests,
signed links and the emails themselves.

Imports: tasks, then services (subscriptions, then deliveries, then subscribers), then
recipients, messages, tokens and queue, then models; it imports the comment section, never
moderation. It hears of new and approved comments through the comment section's signals.
"""
