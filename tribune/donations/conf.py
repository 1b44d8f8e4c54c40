"""Donations settings with their defaults; read them through `conf.get()` at call time."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Amounts offered as buttons on the donation page, in minor units of the campaign's currency.
    "DONATIONS_PRESET_AMOUNTS": (1000, 2500, 5000, 10000),
    # The preset chosen when the page opens.
    "DONATIONS_DEFAULT_AMOUNT": 2500,
    # The smallest gift accepted, in minor units (Stripe refuses charges under about 0.50).
    "DONATIONS_AMOUNT_MIN": 100,
    # The largest gift accepted online, in minor units; bigger gifts go through staff.
    "DONATIONS_AMOUNT_MAX": 1_000_000,
    # Salt for the signed links in receipts (manage a monthly gift, withdraw the Supporter mark,
    # see the test checkout).
    "DONATIONS_SIGNING_SALT": "tribune.donations",
    # Posts of the donation form per address (a hashed IP) and window in seconds, mistakes
    # included: (count, seconds).
    "DONATIONS_FORM_RATE": (30, 3600),
    # Checkouts started per address and window (count, seconds): each one is a donation row and a
    # call to the payment service.
    "DONATIONS_CHECKOUT_RATE": (10, 3600),
    # Events kept waiting (their gift not yet known) that each webhook call retries.
    "DONATIONS_EVENT_RETRY_BATCH": 20,
    # How long the manage link in a receipt works. Every receipt, renewal or not, carries a fresh
    # one; an older link leads to a page that emails a new one to the donor's address.
    "DONATIONS_MANAGE_LINK_MAX_AGE": timedelta(days=90),
    # Changes to one monthly gift (amount, skip, cancel, the card page) per window: (count,
    # seconds). Each is a call to the payment service.
    "DONATIONS_MANAGE_RATE": (10, 3600),
    # Requests for a new manage link per address (a hashed IP) and per email: (count, seconds).
    "DONATIONS_LINK_RATE": (5, 3600),
    # Yearly statements one gift's donor may have emailed per window: (count, seconds).
    "DONATIONS_STATEMENT_RATE": (3, 86400),
    # Donors thanked by name on a campaign page, newest first; the rest are counted.
    "DONATIONS_THANKED_NAMES_MAX": 200,
    # Campaigns shown on one article at most, the most specific first (the article's own, its
    # section's, then site-wide ones).
    "DONATIONS_CAMPAIGNS_PER_ARTICLE": 3,
    # How long browsers and proxies may keep the goal meter's JSON answer, in seconds.
    "DONATIONS_GOAL_MAX_AGE": 60,
    # How long an event may wait for its gift before it is marked failed for staff (Stripe stops
    # retrying after three days, so a gift that has not come by then never will).
    "DONATIONS_EVENT_WAIT": timedelta(days=3),
}


def get(name: str):
    """Return the setting `name`, or its default from DEFAULTS."""
    return getattr(settings, name, DEFAULTS[name])
