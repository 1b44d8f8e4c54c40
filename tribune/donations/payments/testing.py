"""The test payment provider: a checkout page on the site itself that moves no money.

Sites without Stripe keys use it when PAYMENTS_TEST_MODE turns it on (the demo, a site being set
up). Its payments go through the same event store and the same ledger service as Stripe's, so the
whole flow works offline; the pages it shows say plainly that it is a test, and its payments are
ledger rows marked as tests: never on a meter, no Supporter mark, no email to a typed address.
"""

import json
import uuid

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .. import conf
from ..models import Donation, LedgerEntry
from ..services.events import PaymentEventIgnored, payment_event_receive
from ..services.payments import donation_payment_record
from .base import CheckoutProvider


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


def _handle(event: dict) -> str:
    if event.get("type") != "test.payment.succeeded":
        raise PaymentEventIgnored("unknown test event")
    donation = (
        Donation.objects.select_for_update(of=("self",))
        .select_related("campaign", "user")
        .get(pk=event["donation_id"])
    )
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
    return "test gift recorded" if created else "test gift already recorded"


def _reference(donation_pk: int) -> str:
    return f"test:payment:{donation_pk}"


def _salt() -> str:
    return conf.get("DONATIONS_SIGNING_SALT") + ".test-checkout"
