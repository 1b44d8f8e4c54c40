"""Stripe Checkout: a hosted payment page for one-time gifts and monthly subscriptions."""

import logging

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Donation
from .base import CheckoutProvider, PaymentProviderError

logger = logging.getLogger("tribune.donations")


class StripeCheckout(CheckoutProvider):
    name = Donation.Provider.STRIPE
    # Where Checkout Sessions' URLs point (an account with its own Checkout domain would differ).
    checkout_origins = ("https://checkout.stripe.com",)

    @property
    def is_test(self) -> bool:
        # The settings allow test mode with Stripe only together with a test key.
        return bool(getattr(settings, "PAYMENTS_TEST_MODE", False))

    def checkout_start(self, *, donation: Donation, success_url: str, cancel_url: str) -> tuple[str, str]:
        """Create a Checkout Session; its metadata carries the donation id back in every event."""
        monthly = donation.frequency == Donation.Frequency.MONTHLY
        metadata = {"donation_id": str(donation.pk)}
        price_data = {
            "currency": donation.currency.lower(),
            "unit_amount": donation.amount_minor,
            "product_data": {"name": donation.campaign.name},
        }
        params = {
            "mode": "subscription" if monthly else "payment",
            "line_items": [{"quantity": 1, "price_data": price_data}],
            "customer_email": donation.email,
            "client_reference_id": str(donation.pk),
            "metadata": metadata,
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        if monthly:
            price_data["recurring"] = {"interval": "month"}
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["submit_type"] = "donate"
            params["payment_intent_data"] = {"metadata": metadata}
        try:
            session = stripe_client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"tribune-donation-{donation.pk}"}
            )
        except stripe.StripeError as exc:
            logger.warning("Stripe refused the checkout of donation %s: %s", donation.pk, exc)
            raise PaymentProviderError(
                _("The payment service is not answering right now. Nothing was charged; please try again.")
            ) from exc
        return session.id, session.url


def stripe_client() -> stripe.StripeClient:
    """Return a Stripe client for the site's secret key (the one boundary tests replace)."""
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=1)
