"""Payment provider webhooks, one module per provider: verify, store the event once, record money.

Each module turns its provider's events into calls of `services.donation_payment_record`; the
storing and the exactly-once rules live in `services.events`.
"""
