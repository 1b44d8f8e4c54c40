"""The test payment provider: a checkout page on the site itself that moves no money.

Sites without Stripe keys use it when PAYMENTS_TEST_MODE turns it on (the demo, a site being set
up). Its payments go through the same event store and the same ledger service as Stripe's, so the
whole flow works offline; the pages it shows say plainly that it is a test, and its payments are
ledger rows marked as tests: never on a meter, no Supporter mark, no email to a typed address.

A monthly test gift is a subscription kept on the donation itself. Its donor changes it like a
Stripe one (TestMonthly); the next payment, a failed one and a new card are simulated from the
manage page (`testpay_renewal`, `testpay_renewal_fail`, `testpay_card_update`), each an event
stored once, as Stripe's invoices would be.
"""

import calendar
import json
import uuid
from datetime import datetime, timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .. import conf
from ..models import Donation, LedgerEntry
from ..selectors import monthly_open_failure
from ..services.events import PaymentEventIgnored, payment_event_receive
from ..services.monthly import (
    MonthlyState,
    invoice_reference,
    monthly_payment_failed,
    monthly_payment_received,
    monthly_state_apply,
)
from ..services.payments import donation_payment_record
from .base import CheckoutProvider, MonthlyProvider


class TestCheckout(CheckoutProvider):
    name = Donation.Provider.TEST
    is_test = True

    def checkout_start(self, *, donation: Donation, success_url: str, cancel_url: str) -> tuple[str, str]:
        checkout_id = f"test_{uuid.uuid4().hex}"
        token = signing.dumps({"d": donation.pk, "ok": success_url, "back": cancel_url}, salt=_salt())
        return checkout_id, reverse("donations:test_checkout", kwargs={"token": token})


def testpay_checkout_read(*, token: str) -> tuple[Donation, str, str]:
    """Return the donation and return URLs a test checkout link stands for.

    Raises signing.BadSignature for a forged or damaged link, Donation.DoesNotExist when gone.
    """
    data = signing.loads(token, salt=_salt())
    donation = Donation.objects.select_related("campaign").get(pk=data["d"], provider=Donation.Provider.TEST)
    return donation, data["ok"], data["back"]


def testpay_complete(*, donation: Donation) -> LedgerEntry | None:
    """Pay `donation` with the test provider: an event stored once, then the ledger, as Stripe's.

    Return the gift's ledger entry, or None when the ledger refused it (the event keeps why).
    """
    payload = json.dumps(
        {
            "type": "test.payment.succeeded",
            "donation_id": donation.pk,
            "amount_minor": donation.amount_minor,
            "currency": donation.currency,
            "created": timezone.now().isoformat(),
        }
    )
    payment_event_receive(
        provider=Donation.Provider.TEST,
        event_id=f"{donation.checkout_id}:paid",
        type="test.payment.succeeded",
        payload=payload,
        handler=_handle,
    )
    return LedgerEntry.objects.filter(reference=_reference(donation.pk)).first()


class TestMonthly(MonthlyProvider):
    """Changes to a monthly test gift: the provider's answer is made here, as Stripe's would be."""

    def monthly_amount_change(self, *, donation: Donation, amount_minor: int) -> MonthlyState:
        return _state(donation, amount_minor=amount_minor, price_ref=f"test_price_{uuid.uuid4().hex}")

    def monthly_skip(self, *, donation: Donation) -> MonthlyState:
        next_payment = donation.next_payment_at or month_later(timezone.now())
        return _state(donation, paused_until=next_payment + timedelta(days=1))

    def monthly_cancel(self, *, donation: Donation) -> MonthlyState:
        return _state(donation, status=Donation.MonthlyStatus.CANCELLED, ended_at=timezone.now(),
                      next_payment_at=None, paused_until=None)

    def monthly_card_url(self, *, donation: Donation, return_url: str) -> str:
        token = signing.dumps({"d": donation.pk, "back": return_url}, salt=_salt() + ".card")
        return reverse("donations:test_card", kwargs={"token": token})


def testpay_card_read(*, token: str) -> tuple[Donation, str]:
    """Return the donation and return URL a test card link stands for.

    Raises signing.BadSignature for a forged or damaged link, Donation.DoesNotExist when gone.
    """
    data = signing.loads(token, salt=_salt() + ".card")
    donation = Donation.objects.select_related("campaign").get(pk=data["d"], provider=Donation.Provider.TEST)
    return donation, data["back"]


def testpay_renewal(*, donation: Donation) -> str:
    """Take the next monthly payment of a test gift now (or skip it, when the donor skipped it)."""
    invoice = _invoice_ref(donation)
    skipped = donation.paused_until is not None and donation.next_payment_at is not None \
        and donation.paused_until > donation.next_payment_at
    kind = "test.invoice.skipped" if skipped else "test.invoice.paid"
    return _event(donation, kind, invoice, event_id=f"{invoice}:{'skipped' if skipped else 'paid'}")


def testpay_renewal_fail(*, donation: Donation) -> str:
    """Fail the next monthly payment of a test gift, as a declined card would."""
    invoice = _invoice_ref(donation)
    return _event(donation, "test.invoice.payment_failed", invoice, event_id=f"{invoice}:failed")


def testpay_card_update(*, donation: Donation) -> str:
    """Take a new (test) card for a test gift: its failed payment, if any, goes through with it."""
    failure = monthly_open_failure(donation=donation)
    if failure is None:
        return "no failed payment to take"
    return _event(donation, "test.invoice.paid", failure.payment_ref, event_id=f"{failure.payment_ref}:paid")


def month_later(moment: datetime) -> datetime:
    """Return the same day and time a month later (the month's last day when it has fewer days)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _event(donation: Donation, kind: str, invoice: str, *, event_id: str) -> str:
    payload = json.dumps({"type": kind, "donation_id": donation.pk, "invoice": invoice,
                          "amount_minor": donation.amount_minor, "currency": donation.currency,
                          "created": timezone.now().isoformat()})
    event, _first = payment_event_receive(provider=Donation.Provider.TEST, event_id=event_id, type=kind,
                                          payload=payload, handler=_handle)
    return event.detail


def _invoice_ref(donation: Donation) -> str:
    # One invoice per period, named by its date, as Stripe makes one per billing cycle.
    due = donation.next_payment_at or timezone.now()
    return f"test_in_{donation.pk}_{int(due.timestamp())}"


def _state(donation: Donation, **changes) -> MonthlyState:
    values = {
        "status": donation.monthly_status, "amount_minor": donation.amount_minor,
        "subscription_id": donation.subscription_id, "customer_id": donation.customer_id,
        "next_payment_at": donation.next_payment_at, "paused_until": donation.paused_until,
    }
    values.update(changes)
    return MonthlyState(**values)


def _handle(event: dict) -> str:
    handler = _INVOICE_HANDLERS.get(event.get("type"))
    if handler is not None:
        return handler(_locked(event["donation_id"]), event)
    if event.get("type") != "test.payment.succeeded":
        raise PaymentEventIgnored("unknown test event")
    donation = _locked(event["donation_id"])
    _, created = donation_payment_record(
        donation=donation,
        kind=LedgerEntry.Kind.GIFT,
        amount_minor=int(event["amount_minor"]),
        currency=event["currency"],
        reference=_reference(donation.pk),
        payment_ref=donation.checkout_id or "",
        note="Test payment: no money moved.",
        is_test=True,
    )
    if donation.is_monthly and created:
        now = _now()
        monthly_state_apply(donation=donation, at=now, state=_state(
            donation, status=Donation.MonthlyStatus.ACTIVE, subscription_id=f"test_sub_{donation.pk}",
            customer_id=f"test_cus_{donation.pk}", next_payment_at=month_later(now)))
    return "test gift recorded" if created else "test gift already recorded"


def _invoice_paid(donation: Donation, event: dict) -> str:
    invoice = event["invoice"]
    _, created = donation_payment_record(
        donation=donation, kind=LedgerEntry.Kind.RENEWAL, amount_minor=int(event["amount_minor"]),
        currency=event["currency"],
        reference=invoice_reference(provider=donation.provider, invoice_ref=invoice),
        payment_ref=invoice, note="Test payment: no money moved.", is_test=True,
    )
    due = donation.next_payment_at or _now()
    monthly_payment_received(donation=donation, at=_now(), next_payment_at=month_later(due))
    return "test renewal recorded" if created else "test renewal already recorded"


def _invoice_failed(donation: Donation, event: dict) -> str:
    change = monthly_payment_failed(donation=donation, invoice_ref=event["invoice"], at=_now(),
                                    amount_minor=int(event["amount_minor"]), is_test=True)
    return "test payment failure recorded" if change else "test payment failure already recorded"


def _invoice_skipped(donation: Donation, event: dict) -> str:
    # The skipped month's invoice is voided: no money, the month after is the next payment.
    due = donation.next_payment_at or _now()
    monthly_state_apply(donation=donation, at=_now(), state=_state(
        donation, next_payment_at=month_later(due), paused_until=None))
    return "test payment skipped, as the donor asked"


_INVOICE_HANDLERS = {
    "test.invoice.paid": _invoice_paid,
    "test.invoice.payment_failed": _invoice_failed,
    "test.invoice.skipped": _invoice_skipped,
}


def _locked(donation_id: int) -> Donation:
    return (Donation.objects.select_for_update(of=("self",)).select_related("campaign", "user")
            .get(pk=donation_id, provider=Donation.Provider.TEST))


def _now() -> datetime:
    return timezone.now().replace(microsecond=0)


def _reference(donation_pk: int) -> str:
    return f"test:payment:{donation_pk}"


def _salt() -> str:
    return conf.get("DONATIONS_SIGNING_SALT") + ".test-checkout"
