"""Stripe: Checkout for one-time gifts and monthly subscriptions, then the subscription's changes
(amount, a skipped month, cancellation) and the customer portal for the card.

Every call goes through `stripe_client()`, the one boundary tests replace (they give the real
client a recorded HTTP layer). `stripe_subscription_state` reads a subscription the same way
whether it comes from an API answer here or from a webhook event.
"""

import logging
from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Donation
from ..reconcile import ProviderPayment
from ..services.monthly import MonthlyState
from .base import CheckoutProvider, MonthlyProvider, PaymentProviderError

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


class StripeMonthly(MonthlyProvider):
    """A monthly gift is a Stripe subscription with one item, whose price is the amount."""

    def monthly_amount_change(self, *, donation: Donation, amount_minor: int) -> MonthlyState:
        """Put a new price on the subscription's item; it applies from the next invoice, no proration."""

        def call(client):
            subscription = client.v1.subscriptions.retrieve(donation.subscription_id)
            item = subscription["items"]["data"][0]
            product = item["price"]["product"]
            return client.v1.subscriptions.update(donation.subscription_id, params={
                "items": [{"id": item["id"], "price_data": {
                    "currency": donation.currency.lower(), "unit_amount": amount_minor,
                    "product": product if isinstance(product, str) else product["id"],
                    "recurring": {"interval": "month"},
                }}],
                "proration_behavior": "none",
            }, options={"idempotency_key": _key(donation, f"amount-{amount_minor}")})

        return stripe_subscription_state(_call(call, donation))

    def monthly_skip(self, *, donation: Donation) -> MonthlyState:
        """Pause collection so that the next invoice is voided: resume a day after it is made."""

        def call(client):
            subscription = client.v1.subscriptions.retrieve(donation.subscription_id)
            next_payment = _period_end(subscription.to_dict())
            if next_payment is None:
                raise stripe.InvalidRequestError("the subscription has no next payment", None)
            resumes = next_payment + timedelta(days=1)
            return client.v1.subscriptions.update(donation.subscription_id, params={
                "pause_collection": {"behavior": "void", "resumes_at": int(resumes.timestamp())},
            }, options={"idempotency_key": _key(donation, f"skip-{int(next_payment.timestamp())}")})

        return stripe_subscription_state(_call(call, donation))

    def monthly_cancel(self, *, donation: Donation) -> MonthlyState:
        def call(client):
            return client.v1.subscriptions.cancel(
                donation.subscription_id,
                params={"cancellation_details": {"comment": "Cancelled by the donor on the site."}},
                options={"idempotency_key": _key(donation, "cancel")},
            )

        return stripe_subscription_state(_call(call, donation))

    def monthly_card_url(self, *, donation: Donation, return_url: str) -> str:
        """Open Stripe's customer portal straight on the card form, coming back to `return_url`."""

        def call(client):
            customer = donation.customer_id
            if not customer:
                # Gifts started before the site kept the customer: the subscription knows it.
                customer = _stripe_id(client.v1.subscriptions.retrieve(donation.subscription_id)["customer"])
            return client.v1.billing_portal.sessions.create(params={
                "customer": customer, "return_url": return_url,
                "flow_data": {
                    "type": "payment_method_update",
                    "after_completion": {"type": "redirect", "redirect": {"return_url": return_url}},
                },
            })

        return _call(call, donation).url


def stripe_subscription_state(subscription: dict, previous: dict | None = None) -> MonthlyState:
    """Return what a Stripe subscription (an API answer or a webhook's object) says of its gift.

    Stripe's statuses: active and trialing are active; past_due (being retried) is failing;
    unpaid and paused (no card to take) are lapsed; incomplete is not started yet; canceled and
    incomplete_expired have ended, as lapsed when Stripe ended it for failed payments, otherwise
    cancelled. `previous` is an
    update event's previous_attributes: what it says changed (the price, the pause) is kept on
    the state, so the change is recorded whenever the event arrives.
    """
    if not isinstance(subscription, dict):
        subscription = subscription.to_dict()
    previous = previous if isinstance(previous, dict) else {}
    status = subscription.get("status")
    reason = (subscription.get("cancellation_details") or {}).get("reason")
    ended_at = None
    if status in ("canceled", "incomplete_expired"):
        ended_at = _time(subscription.get("ended_at") or subscription.get("canceled_at")) or datetime.now(UTC)
        mapped = Donation.MonthlyStatus.LAPSED if reason in ("payment_failed", "payment_disputed") \
            or status == "incomplete_expired" else Donation.MonthlyStatus.CANCELLED
    elif status == "past_due":
        mapped = Donation.MonthlyStatus.FAILING
    elif status in ("unpaid", "paused"):
        mapped = Donation.MonthlyStatus.LAPSED
    elif status == "incomplete":
        # Its first payment is still being made (a bank's check): not a gift to manage yet.
        mapped = ""
    else:
        mapped = Donation.MonthlyStatus.ACTIVE
    items = (subscription.get("items") or {}).get("data") or []
    price = (items[0].get("price") or {}) if items else {}
    amount = None
    if price.get("unit_amount") is not None:
        amount = int(price["unit_amount"]) * int(items[0].get("quantity") or 1)
    pause = subscription.get("pause_collection") or {}
    changed_from = None
    if "items" in previous:
        changed_from = _items_amount(previous.get("items"))
    skip_asked = "pause_collection" in previous and bool(pause.get("resumes_at")) \
        and (previous.get("pause_collection") or {}).get("resumes_at") != pause.get("resumes_at")
    return MonthlyState(
        status=mapped,
        amount_minor=amount,
        price_ref=str(price.get("id") or ""),
        subscription_id=str(subscription.get("id") or ""),
        customer_id=_stripe_id(subscription.get("customer")),
        next_payment_at=None if ended_at else _period_end(subscription),
        paused_until=_time(pause.get("resumes_at")) if pause else None,
        ended_at=ended_at,
        changed_amount_from=changed_from,
        skip_asked=skip_asked,
    )


def stripe_payments_list(*, since: datetime, until: datetime, livemode: bool) -> list[ProviderPayment]:
    """Return the site's succeeded Stripe payments created in [since, until), live or test ones.

    One-time gifts are PaymentIntents, monthly payments paid invoices; either is the site's when
    it carries a donation id in its metadata (as every checkout the site starts sets), so another
    shop on the same Stripe account is left out. Raises stripe.StripeError.
    """
    client = stripe_client()
    created = {"gte": int(since.timestamp()), "lt": int(until.timestamp())}
    found = []
    intents = client.v1.payment_intents.list(params={"created": created, "limit": 100})
    for intent in intents.auto_paging_iter():
        payment = _intent_payment(intent.to_dict(), livemode=livemode, ours_only=True)
        if payment is not None:
            found.append(payment)
    invoices = client.v1.invoices.list(params={"status": "paid", "created": created, "limit": 100})
    for invoice in invoices.auto_paging_iter():
        payment = _invoice_payment(invoice.to_dict(), livemode=livemode, ours_only=True)
        if payment is not None:
            found.append(payment)
    return found


def stripe_payment_get(reference: str, *, livemode: bool) -> ProviderPayment | None:
    """Return the Stripe payment a ledger reference names, or None when Stripe has no such paid
    payment. Raises stripe.StripeError (except for an unknown id)."""
    kind, _, object_id = reference.removeprefix("stripe:").partition(":")
    client = stripe_client()
    try:
        if kind == "payment":
            return _intent_payment(client.v1.payment_intents.retrieve(object_id).to_dict(), livemode=livemode)
        if kind == "invoice":
            return _invoice_payment(client.v1.invoices.retrieve(object_id).to_dict(), livemode=livemode)
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return None
        raise
    return None


def stripe_client() -> stripe.StripeClient:
    """Return a Stripe client for the site's secret key (the one boundary tests replace)."""
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=1)


def _call(call, donation: Donation):
    try:
        return call(stripe_client())
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a change to the monthly gift of donation %s: %s", donation.pk, exc)
        raise PaymentProviderError(
            _("The payment service is not answering right now. Nothing was changed; please try again.")
        ) from exc


def _key(donation: Donation, what: str) -> str:
    # The same request sent twice (a double click, a retried connection) is made once at Stripe;
    # the gift's last change is in the key, so asking again later is a new request.
    return f"tribune-monthly-{donation.pk}-{what}-{int(donation.updated_at.timestamp())}"


def _items_amount(items) -> int | None:
    """Return the monthly amount a subscription's items (as previous_attributes has them) charged."""
    data = (items.get("data") or []) if isinstance(items, dict) else []
    if not data or (data[0].get("price") or {}).get("unit_amount") is None:
        return None
    return int(data[0]["price"]["unit_amount"]) * int(data[0].get("quantity") or 1)


def _period_end(subscription: dict) -> datetime | None:
    """Return when the next invoice is made: the current period's end (on the item since 2025)."""
    items = (subscription.get("items") or {}).get("data") or []
    end = subscription.get("current_period_end") or (items[0].get("current_period_end") if items else None)
    return _time(end)


def _time(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _stripe_id(value) -> str:
    """Return a Stripe id whether the field holds the id or the expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    if value is not None and not isinstance(value, str) and hasattr(value, "id"):
        return str(value.id)
    return str(value or "")


def _intent_payment(intent: dict, *, livemode: bool, ours_only: bool = False) -> ProviderPayment | None:
    donation_id = _donation_id(intent.get("metadata"))
    if intent.get("status") != "succeeded" or bool(intent.get("livemode")) != livemode:
        return None
    if ours_only and donation_id is None:
        return None
    return ProviderPayment(reference=f"stripe:payment:{intent['id']}",
                           amount_minor=int(intent["amount_received"]),
                           currency=str(intent["currency"]).upper(), created=_time(intent["created"]),
                           donation_id=donation_id)


def _invoice_payment(invoice: dict, *, livemode: bool, ours_only: bool = False) -> ProviderPayment | None:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    donation_id = _donation_id(details.get("metadata"))
    if (invoice.get("status") != "paid" or not invoice.get("amount_paid")
            or bool(invoice.get("livemode")) != livemode):
        return None
    if ours_only and donation_id is None:
        return None
    return ProviderPayment(reference=f"stripe:invoice:{invoice['id']}",
                           amount_minor=int(invoice["amount_paid"]),
                           currency=str(invoice["currency"]).upper(), created=_time(invoice["created"]),
                           donation_id=donation_id)


def _donation_id(metadata) -> int | None:
    raw = str((metadata or {}).get("donation_id") or "")
    return int(raw) if raw.isdigit() else None
