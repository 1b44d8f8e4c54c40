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
    # Salt for the signed links in receipts (withdraw the Supporter mark, see the test checkout).
    "DONATIONS_SIGNING_SALT": "tribune.donations",
    # Posts of the donation form per address (a hashed IP) and window in seconds, mistakes
    # included: (count, seconds).
    "DONATIONS_FORM_RATE": (30, 3600),
    # Checkouts started per address and window (count, seconds): each one is a donation row and a
    # call to the payment service.
    "DONATIONS_CHECKOUT_RATE": (10, 3600),
    # Events kept waiting (their gift not yet known) that each webhook call retries.
    "DONATIONS_EVENT_RETRY_BATCH": 20,
    # How long an event may wait for its gift before it is marked failed for staff (Stripe stops
    # retrying after three days, so a gift that has not come by then never will).
    "DONATIONS_EVENT_WAIT": timedelta(days=3),
}


def get(name: str):
    """Return the setting `name`, or its default from DEFAULTS."""
    return getattr(settings, name, DEFAULTS[name])
