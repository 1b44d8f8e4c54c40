"""Stripe's webhook: verify the signature, store the event once, record the money it reports.

Events used:
- checkout.session.completed / checkout.session.async_payment_succeeded: a one-time gift paid
  (a monthly gift's first payment comes with its invoice instead);
- invoice.paid: a monthly gift's first payment or a renewal;
- charge.refunded: money given back, as the charge's cumulative amount refunded;
- charge.dispute.created / charge.dispute.closed: money taken back by the bank, returned if won;
- customer.subscription.created / .updated / .deleted / .paused / .resumed: a monthly gift's state
  (its amount, a skipped month, its end), applied by services.monthly, which keeps each change
  once and ignores a report older than the one applied;
- invoice.payment_failed: a monthly payment failed; the donor is told once per invoice.
Anything else is stored and ignored. Each entry's ledger reference names the Stripe object, so
two events about the same money add one row.

An event with `livemode` other than true comes from Stripe's test mode (test keys, test cards,
the dashboard's test events): its money is recorded as a test payment, which no meter counts.
The payer's email as Stripe reports it (the customer's) is kept on the donation: it is where
receipts may go (see selectors.receipt_address).
"""

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Sum
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import Donation, LedgerEntry
from ..payments.stripe import stripe_subscription_state
from ..services.events import PaymentEventIgnored, PaymentEventWaitingError, payment_event_receive
from ..services.monthly import (
    invoice_reference,
    monthly_payment_failed,
    monthly_payment_received,
    monthly_state_apply,
)
from ..services.payments import donation_payment_record

logger = logging.getLogger("tribune.donations")

# Stripe signs bodies of a few kilobytes; anything far bigger is not Stripe.
MAX_BODY_BYTES = 512 * 1024


@csrf_exempt
@require_POST
def stripe_webhook_view(request):
    """Receive one Stripe event. 400 for anything unsigned, forged, stale or unreadable."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return _refuse("Stripe is not configured on this site.", status=404)
    if len(request.body) > MAX_BODY_BYTES:
        return _refuse("Payload too large.", status=413)
    try:
        body = request.body.decode("utf-8")
        event = stripe.Webhook.construct_event(body, request.headers.get("Stripe-Signature"), secret)
        event_id, event_type = event.id, event.type
        if not (isinstance(event_id, str) and isinstance(event_type, str) and 0 < len(event_id) <= 255):
            raise ValueError("not a Stripe event id")
    except stripe.SignatureVerificationError:
        logger.warning("refused a Stripe webhook with a bad signature")
        return _refuse("Invalid signature.")
    except (UnicodeDecodeError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        # A correct signature over a body that is not a Stripe event.
        return _refuse("Invalid payload.")
    stored, first = payment_event_receive(
        provider=Donation.Provider.STRIPE,
        event_id=event_id,
        type=event_type,
        payload=body,
        handler=stripe_event_handle,
    )
    return JsonResponse({"received": True, "duplicate": not first, "outcome": stored.outcome})


def stripe_event_handle(event: dict) -> str:
    """Record the money a verified Stripe event reports; return a detail for staff.

    Raises PaymentEventIgnored, PaymentEventWaitingError or a DomainError from the ledger.
    """
    handler = _HANDLERS.get(event["type"])
    if handler is None:
        raise PaymentEventIgnored(f"{event['type']} moves no money")
    return handler(event["data"]["object"], event)


def _checkout_completed(session: dict, event: dict) -> str:
    donation = _donation_from_metadata(session.get("metadata"), session.get("client_reference_id"))
    if donation is None:
        raise PaymentEventIgnored("a checkout session not started by this site")
    donation = _locked(donation)
    if session.get("mode") == "subscription":
        _payer_email_keep(donation, _session_payer_email(session))
        subscription = _id(session.get("subscription"))
        customer = _id(session.get("customer"))
        if subscription and donation.subscription_id != subscription:
            donation.subscription_id = subscription
            donation.save(update_fields=["subscription_id", "updated_at"])
        if customer and not donation.customer_id:
            donation.customer_id = customer
            donation.save(update_fields=["customer_id", "updated_at"])
        # Processed, not ignored: the subscription id is kept, and invoices waiting for it may go on.
        return "subscription started; its invoices carry the money"
    if session.get("payment_status") != "paid":
        raise PaymentEventIgnored("payment not settled yet")
    _payer_email_keep(donation, _session_payer_email(session))
    payment_intent = _id(session.get("payment_intent")) or session["id"]
    _, created = donation_payment_record(
        donation=donation,
        kind=LedgerEntry.Kind.GIFT,
        amount_minor=int(session["amount_total"]),
        currency=session["currency"],
        reference=f"stripe:payment:{payment_intent}",
        payment_ref=payment_intent,
        occurred_at=_when(event),
        is_test=_is_test(event),
    )
    return "gift recorded" if created else "gift already recorded"


def _invoice_paid(invoice: dict, event: dict) -> str:
    amount = int(invoice.get("amount_paid") or 0)
    if amount <= 0:
        raise PaymentEventIgnored("nothing was paid")
    donation = _donation_for_invoice(invoice)
    _payer_email_keep(donation, invoice.get("customer_email"))
    kind = (
        LedgerEntry.Kind.GIFT
        if invoice.get("billing_reason") == "subscription_create"
        else LedgerEntry.Kind.RENEWAL
    )
    _, created = donation_payment_record(
        donation=donation,
        kind=kind,
        amount_minor=amount,
        currency=invoice["currency"],
        reference=invoice_reference(provider=donation.provider, invoice_ref=invoice["id"]),
        payment_ref=_invoice_payment_intent(invoice),
        occurred_at=_when(event),
        is_test=_is_test(event),
    )
    monthly_payment_received(donation=donation, at=_when(event), next_payment_at=_invoice_period_end(invoice))
    return f"{kind} recorded" if created else f"{kind} already recorded"


def _invoice_failed(invoice: dict, event: dict) -> str:
    if invoice.get("billing_reason") == "subscription_create":
        # The first payment is made on Stripe's checkout page, which tells the donor at once.
        raise PaymentEventIgnored("the first payment failed at the checkout")
    donation = _donation_for_invoice(invoice)
    change = monthly_payment_failed(
        donation=donation, invoice_ref=str(invoice["id"]), at=_when(event), is_test=_is_test(event),
        amount_minor=int(invoice.get("amount_due") or donation.amount_minor),
    )
    return "payment failure recorded" if change else "payment failure already recorded"


def _subscription_changed(subscription: dict, event: dict) -> str:
    donation = _donation_from_metadata(subscription.get("metadata"), None)
    if donation is None and subscription.get("id"):
        donation = Donation.objects.filter(subscription_id=str(subscription["id"])).first()
    if donation is None:
        raise PaymentEventIgnored("a subscription not started by this site")
    donation = _locked(donation)
    state = stripe_subscription_state(subscription, (event.get("data") or {}).get("previous_attributes"))
    changes = monthly_state_apply(donation=donation, state=state, at=_when(event))
    if not changes:
        return "subscription state applied; nothing new to show"
    return "recorded: " + ", ".join(change.kind for change in changes)


def _charge_refunded(charge: dict, event: dict) -> str:
    payment_intent = _id(charge.get("payment_intent")) or charge["id"]
    donation = _donation_for_payment(charge.get("metadata"), payment_intent)
    # Stripe reports the charge's total refunded so far; record what is not in the ledger yet.
    # The donation row lock keeps two refund events of one charge from both adding the same part.
    already = -(
        LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND, payment_ref=payment_intent).aggregate(
            total=Sum("amount_minor")
        )["total"]
        or 0
    )
    refunded = int(charge["amount_refunded"])
    if refunded <= already:
        raise PaymentEventIgnored("refund already recorded")
    donation_payment_record(
        donation=donation,
        kind=LedgerEntry.Kind.REFUND,
        amount_minor=-(refunded - already),
        currency=charge["currency"],
        reference=f"stripe:refund:{charge['id']}:{refunded}",
        payment_ref=payment_intent,
        occurred_at=_when(event),
        is_test=_is_test(event),
    )
    return "refund recorded"


def _dispute_created(dispute: dict, event: dict) -> str:
    payment_intent = _id(dispute.get("payment_intent")) or _id(dispute.get("charge"))
    donation = _donation_for_payment(None, payment_intent)
    _, created = donation_payment_record(
        donation=donation,
        kind=LedgerEntry.Kind.DISPUTE,
        amount_minor=-int(dispute["amount"]),
        currency=dispute["currency"],
        reference=f"stripe:dispute:{dispute['id']}",
        payment_ref=payment_intent,
        occurred_at=_when(event),
        is_test=_is_test(event),
    )
    return "dispute recorded" if created else "dispute already recorded"


def _dispute_closed(dispute: dict, event: dict) -> str:
    if dispute.get("status") != "won":
        raise PaymentEventIgnored(f"dispute closed as {dispute.get('status')}")
    payment_intent = _id(dispute.get("payment_intent")) or _id(dispute.get("charge"))
    donation = _donation_for_payment(None, payment_intent)
    if not LedgerEntry.objects.filter(reference=f"stripe:dispute:{dispute['id']}").exists():
        # The money only comes back if it was taken back first; wait for that event.
        raise PaymentEventWaitingError(f"dispute {dispute['id']} not recorded yet")
    _, created = donation_payment_record(
        donation=donation,
        kind=LedgerEntry.Kind.DISPUTE,
        amount_minor=int(dispute["amount"]),
        currency=dispute["currency"],
        reference=f"stripe:dispute:{dispute['id']}:won",
        payment_ref=payment_intent,
        occurred_at=_when(event),
        is_test=_is_test(event),
    )
    return "dispute won, money returned" if created else "dispute outcome already recorded"


_HANDLERS = {
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "customer.subscription.paused": _subscription_changed,
    "customer.subscription.resumed": _subscription_changed,
    "invoice.payment_failed": _invoice_failed,
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "invoice.paid": _invoice_paid,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
}


def _is_test(event: dict) -> bool:
    """Return whether the event comes from Stripe's test mode (anything but livemode true)."""
    return event.get("livemode") is not True


def _session_payer_email(session: dict):
    """Return the email the payer confirmed on Stripe's checkout page, as the session reports it."""
    return (session.get("customer_details") or {}).get("email") or session.get("customer_email")


def _payer_email_keep(donation: Donation, email) -> None:
    """Keep the address Stripe reports the payer used, the first time it is reported."""
    if not isinstance(email, str) or donation.payer_email:
        return
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        return
    if len(email) <= 254:
        donation.payer_email = email
        donation.save(update_fields=["payer_email", "updated_at"])


def _donation_from_metadata(metadata, fallback) -> Donation | None:
    raw = (metadata or {}).get("donation_id") or fallback
    if not raw or not str(raw).isdigit():
        return None
    return Donation.objects.filter(pk=int(raw)).select_related("campaign", "user").first()


def _donation_for_payment(metadata, payment_intent: str) -> Donation:
    """Return the (locked) donation a refund or dispute is about, or raise PaymentEventWaitingError."""
    donation = _donation_from_metadata(metadata, None)
    if donation is None and payment_intent:
        gift = (
            LedgerEntry.objects.filter(payment_ref=payment_intent, donation__isnull=False)
            .select_related("donation")
            .first()
        )
        donation = gift.donation if gift else None
    if donation is None:
        raise PaymentEventWaitingError(f"no gift known for payment {payment_intent or '?'}")
    return _locked(donation)


def _donation_for_invoice(invoice: dict) -> Donation:
    """Return the (locked) donation a subscription's invoice belongs to, or raise
    PaymentEventWaitingError when its subscription is not known yet."""
    details = (
        (invoice.get("parent") or {}).get("subscription_details") or invoice.get("subscription_details") or {}
    )
    subscription = _id(details.get("subscription") or invoice.get("subscription"))
    donation = _donation_from_metadata(details.get("metadata"), None)
    if donation is None and subscription:
        donation = Donation.objects.filter(subscription_id=subscription).first()
    if donation is None:
        raise PaymentEventWaitingError(f"no donation known for subscription {subscription or '?'}")
    donation = _locked(donation)
    fields = []
    if subscription and not donation.subscription_id:
        # Renewals without metadata find their donation by this id.
        donation.subscription_id = subscription
        fields.append("subscription_id")
    customer = _id(invoice.get("customer"))
    if customer and not donation.customer_id:
        donation.customer_id = customer
        fields.append("customer_id")
    if fields:
        donation.save(update_fields=[*fields, "updated_at"])
    return donation


def _invoice_period_end(invoice: dict) -> datetime | None:
    """Return when the period an invoice pays for ends: the next payment's date."""
    lines = (invoice.get("lines") or {}).get("data") or []
    end = ((lines[0].get("period") or {}).get("end")) if lines else None
    return datetime.fromtimestamp(int(end), tz=UTC) if end else None


def _locked(donation: Donation) -> Donation:
    # Serializes the events of one donation on PostgreSQL (SQLite serializes every writer).
    return (
        Donation.objects.select_for_update(of=("self",))
        .select_related("campaign", "user")
        .get(pk=donation.pk)
    )


def _invoice_payment_intent(invoice: dict) -> str:
    if invoice.get("payment_intent"):
        return _id(invoice["payment_intent"])
    for payment in (invoice.get("payments") or {}).get("data") or []:
        found = _id((payment.get("payment") or {}).get("payment_intent"))
        if found:
            return found
    return ""


def _id(value) -> str:
    """Return a Stripe id whether the field holds the id or the expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _when(event: dict) -> datetime | None:
    created = event.get("created")
    return datetime.fromtimestamp(int(created), tz=UTC) if created else None


def _refuse(message: str, *, status: int = 400) -> HttpResponse:
    return JsonResponse({"received": False, "error": message}, status=status)
