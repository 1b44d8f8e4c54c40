"""Payment providers: where the donation page sends a donor to pay.

`checkout_provider()` picks Stripe when STRIPE_SECRET_KEY is set; without it, the test provider
when PAYMENTS_TEST_MODE says so, and none otherwise: a site takes no gifts until it is told how
(see config/settings/payments.py). A provider only starts a checkout; the money is recorded when
the provider reports it (Stripe's webhook, the test checkout's own page), through
`services.donation_payment_record`.
"""

from django.conf import settings

from ..models import Donation
from .base import CheckoutProvider, MonthlyProvider, PaymentProviderError
from .stripe import StripeCheckout, StripeMonthly
from .testing import TestCheckout, TestMonthly


def checkout_provider() -> CheckoutProvider | None:
    """Return the provider gifts go through on this site now, or None when it takes no gifts."""
    if settings.STRIPE_SECRET_KEY:
        return StripeCheckout()
    if payments_test_mode():
        return TestCheckout()
    return None


def monthly_provider(donation: Donation) -> MonthlyProvider | None:
    """Return the provider that takes `donation`'s monthly payments, or None when this site can no
    longer reach it (a test gift once test payments are off, a Stripe gift without Stripe keys)."""
    if donation.provider == Donation.Provider.STRIPE and settings.STRIPE_SECRET_KEY:
        return StripeMonthly()
    if donation.provider == Donation.Provider.TEST and payments_test_mode():
        return TestMonthly()
    return None


def payments_test_mode() -> bool:
    """Return whether the operator turned test payments on (PAYMENTS_TEST_MODE)."""
    return bool(getattr(settings, "PAYMENTS_TEST_MODE", False))


__all__ = [
    "CheckoutProvider",
    "MonthlyProvider",
    "PaymentProviderError",
    "StripeCheckout",
    "StripeMonthly",
    "TestCheckout",
    "TestMonthly",
    "checkout_provider",
    "monthly_provider",
    "payments_test_mode",
]
