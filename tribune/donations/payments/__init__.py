"""Payment providers: where the donation page sends a donor to pay.

`checkout_provider()` picks Stripe when STRIPE_SECRET_KEY is set, the test provider otherwise.
A provider only starts a checkout; the money is recorded when the provider reports it (Stripe's
webhook, the test checkout's own page), through `services.donation_payment_record`.
"""

from django.conf import settings

from .base import CheckoutProvider, PaymentProviderError
from .stripe import StripeCheckout
from .testing import TestCheckout


def checkout_provider() -> CheckoutProvider:
    """Return the provider gifts go through on this site now."""
    if settings.STRIPE_SECRET_KEY:
        return StripeCheckout()
    return TestCheckout()


__all__ = ["CheckoutProvider", "PaymentProviderError", "StripeCheckout", "TestCheckout", "checkout_provider"]
