"""Payment providers: where the donation page sends a donor to pay.

`checkout_provider()` picks Stripe when STRIPE_SECRET_KEY is set; without it, the test provider
when PAYMENTS_TEST_MODE says so, and none otherwise: a site takes no gifts until it is told how
(see config/settings/payments.py). A provider only starts a checkout; the money is recorded when
the provider reports it (Stripe's webhook, the test checkout's own page), through
`services.donation_payment_record`.
"""

from django.conf import settings

from .base import CheckoutProvider, PaymentProviderError
from .stripe import StripeCheckout
from .testing import TestCheckout


def checkout_provider() -> CheckoutProvider | None:
    """Return the provider gifts go through on this site now, or None when it takes no gifts."""
    if settings.STRIPE_SECRET_KEY:
        return StripeCheckout()
    if payments_test_mode():
        return TestCheckout()
    return None


def payments_test_mode() -> bool:
    """Return whether the operator turned test payments on (PAYMENTS_TEST_MODE)."""
    return bool(getattr(settings, "PAYMENTS_TEST_MODE", False))


__all__ = [
    "CheckoutProvider",
    "PaymentProviderError",
    "StripeCheckout",
    "TestCheckout",
    "checkout_provider",
    "payments_test_mode",
]
