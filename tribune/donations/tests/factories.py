"""Test data for donations: campaigns, donations, and Stripe events signed as Stripe signs them."""

import hashlib
import hmac
import itertools
import json
import time

from django.urls import reverse

from tribune.donations.models import Campaign, Donation
from tribune.donations.services import campaign_create

from .stripe_http import recorded

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
# A live site: Stripe with a live key, test payments off (the Stripe client is always mocked).
STRIPE_SETTINGS = {"STRIPE_SECRET_KEY": "sk_live_tribune", "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
                   "PAYMENTS_TEST_MODE": False}
# A site trying Stripe's test mode: a test key, and test mode said out loud.
STRIPE_TEST_SETTINGS = {**STRIPE_SETTINGS, "STRIPE_SECRET_KEY": "sk_test_tribune", "PAYMENTS_TEST_MODE": True}
_numbers = itertools.count(1)


def campaign_factory(**fields) -> Campaign:
    number = next(_numbers)
    values = {
        "name": f"Keep us independent {number}",
        "slug": f"drive-{number}",
        "goal_minor": 500_000,
        "currency": "USD",
        "amount_format": "#,##0\u00a0¤",
        "cta_label": "Support us",
    }
    values.update(fields)
    return campaign_create(**values)


def donation_factory(*, campaign=None, **fields) -> Donation:
    values = {
        "campaign": campaign or campaign_factory(),
        "amount_minor": 2500,
        "currency": "USD",
        "email": "reader@example.org",
        "provider": Donation.Provider.STRIPE,
        "frequency": Donation.Frequency.ONCE,
    }
    values.update(fields)
    values.setdefault("checkout_id", f"cs_test_{next(_numbers)}")
    return Donation.objects.create(**values)


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Return a Stripe-Signature header: t=<time>,v1=HMAC-SHA256(secret, "<time>.<payload>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_post(
    client,
    event: dict | str,
    *,
    secret: str = WEBHOOK_SECRET,
    signature: str | None = None,
    timestamp: int | None = None,
):
    """POST `event` to the Stripe webhook, signed with `secret` unless `signature` is given."""
    payload = event if isinstance(event, str) else json.dumps(event)
    header = signature if signature is not None else sign(payload, secret=secret, timestamp=timestamp)
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header else {}
    return client.post(
        reverse("donations:stripe_webhook"), data=payload, content_type="application/json", **extra
    )


def event(event_type: str, obj: dict, *, event_id: str | None = None, livemode: bool = True,
          created: int | None = None, previous: dict | None = None) -> dict:
    """Return a Stripe event as Stripe sends it; `livemode` False for one from Stripe's test mode,
    `previous` the previous_attributes of an *.updated event."""
    data = {"object": obj}
    if previous is not None:
        data["previous_attributes"] = previous
    return {
        "id": event_id or f"evt_{next(_numbers)}",
        "object": "event",
        "type": event_type,
        "api_version": "2026-10-28.endive",
        "created": int(time.time()) if created is None else created,
        "livemode": livemode,
        "data": data,
    }


def checkout_completed(
    donation: Donation,
    *,
    amount: int | None = None,
    payment_intent: str = "pi_1",
    event_id: str | None = None,
    payment_status: str = "paid",
    livemode: bool = True,
    payer_email: str | None = None,
) -> dict:
    """A paid one-time checkout; Stripe reports the payer's email (by default the one the site
    passed it) in customer_details."""
    email = donation.email if payer_email is None else payer_email
    return event(
        "checkout.session.completed",
        {
            "id": donation.checkout_id,
            "object": "checkout.session",
            "mode": "payment",
            "amount_total": donation.amount_minor if amount is None else amount,
            "currency": donation.currency.lower(),
            "payment_status": payment_status,
            "payment_intent": payment_intent,
            "client_reference_id": str(donation.pk),
            "customer_email": donation.email,
            "customer_details": {"email": email, "name": None},
            "livemode": livemode,
            "metadata": {"donation_id": str(donation.pk)},
        },
        event_id=event_id,
        livemode=livemode,
    )


def subscription_completed(donation: Donation, *, subscription: str = "sub_1", event_id=None) -> dict:
    return event(
        "checkout.session.completed",
        {
            "id": donation.checkout_id,
            "object": "checkout.session",
            "mode": "subscription",
            "amount_total": donation.amount_minor,
            "currency": donation.currency.lower(),
            "payment_status": "paid",
            "payment_intent": None,
            "subscription": subscription,
            "client_reference_id": str(donation.pk),
            "metadata": {"donation_id": str(donation.pk)},
        },
        event_id=event_id,
    )


def subscription_object(donation: Donation, *, amount: int | None = None, price: str | None = None,
                        status: str = "active", pause_until: int | None = None, ended: int | None = None,
                        reason: str | None = None, period_end: int | None = None) -> dict:
    """A Stripe subscription of `donation`, from the recorded one, as Stripe would report it."""
    subscription = recorded("subscription")
    subscription["id"] = donation.subscription_id or subscription["id"]
    subscription["metadata"] = {"donation_id": str(donation.pk)}
    item = subscription["items"]["data"][0]
    item["price"]["unit_amount"] = donation.amount_minor if amount is None else amount
    if price is not None:
        item["price"]["id"] = price
    if period_end is not None:
        item["current_period_end"] = period_end
    subscription["status"] = status
    subscription["pause_collection"] = ({"behavior": "void", "resumes_at": pause_until}
                                        if pause_until else None)
    if ended is not None:
        subscription.update(status=status if status != "active" else "canceled", ended_at=ended,
                            canceled_at=ended, cancellation_details={"comment": None, "feedback": None,
                                                                     "reason": reason or "cancellation_requested"})
    return subscription


def subscription_updated(donation, *, created: int, previous: dict | None = None, event_id=None, **state):
    return event("customer.subscription.updated", subscription_object(donation, **state), created=created,
                 previous=previous or {}, event_id=event_id)


def subscription_deleted(donation, *, created: int, event_id=None, **state):
    state.setdefault("ended", created)
    return event("customer.subscription.deleted", subscription_object(donation, status="canceled", **state),
                 created=created, event_id=event_id)


def price_before(amount: int, price: str = "price_before") -> dict:
    """previous_attributes of a change of amount: the items as they were."""
    return {"items": {"object": "list", "data": [{"id": "si_TqB3Hd7sPq0Wl", "object": "subscription_item",
                                                  "price": {"id": price, "object": "price", "unit_amount": amount,
                                                            "currency": "usd"}, "quantity": 1}]}}


def invoice_failed(*, invoice_id: str, amount: int, donation, subscription: str = "sub_1", created=None,
                   attempt: int = 1, event_id=None) -> dict:
    return event(
        "invoice.payment_failed",
        {
            "id": invoice_id, "object": "invoice", "amount_due": amount, "amount_paid": 0,
            "amount_remaining": amount, "attempt_count": attempt, "attempted": True,
            "billing_reason": "subscription_cycle", "currency": "usd", "customer": "cus_TqB3xN8vLm2KdE",
            "customer_email": donation.payer_email or donation.email, "status": "open",
            "next_payment_attempt": (created or int(time.time())) + 3 * 86400,
            "parent": {"type": "subscription_details", "subscription_details": {
                "subscription": subscription, "metadata": {"donation_id": str(donation.pk)}}},
        },
        event_id=event_id, created=created,
    )


def invoice_paid(
    *,
    invoice_id: str,
    amount: int,
    subscription: str = "sub_1",
    donation=None,
    billing_reason: str = "subscription_cycle",
    payment_intent: str = "",
    event_id=None,
    created: int | None = None,
    customer_email: str | None = None,
) -> dict:
    metadata = {"donation_id": str(donation.pk)} if donation is not None else {}
    return event(
        "invoice.paid",
        {
            "id": invoice_id,
            "object": "invoice",
            "amount_paid": amount,
            "currency": "usd",
            "billing_reason": billing_reason,
            "status": "paid",
            "customer": "cus_TqB3xN8vLm2KdE",
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"subscription": subscription, "metadata": metadata},
            },
            "payments": {"data": [{"payment": {"type": "payment_intent", "payment_intent": payment_intent}}]},
            **({"customer_email": customer_email} if customer_email else {}),
        },
        event_id=event_id,
        created=created,
    )


def charge_refunded(
    *,
    payment_intent: str,
    amount_refunded: int,
    charge_id: str = "ch_1",
    amount: int = 2500,
    metadata: dict | None = None,
    event_id=None,
) -> dict:
    return event(
        "charge.refunded",
        {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "amount_refunded": amount_refunded,
            "currency": "usd",
            "payment_intent": payment_intent,
            "refunded": amount_refunded >= amount,
            "metadata": metadata or {},
        },
        event_id=event_id,
    )


def dispute(
    event_type: str, *, dispute_id: str, payment_intent: str, amount: int, status: str, event_id=None
) -> dict:
    return event(
        event_type,
        {
            "id": dispute_id,
            "object": "dispute",
            "amount": amount,
            "currency": "usd",
            "charge": "ch_1",
            "payment_intent": payment_intent,
            "status": status,
            "metadata": {},
        },
        event_id=event_id,
    )
