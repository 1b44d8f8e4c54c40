"""Monthly gifts after their first payment: the provider's reports, and the donor's own changes.

Two roads lead here. The provider reports a subscription's state (Stripe's webhook, in any order
and any number of times; the test provider at once), and the donor asks for a change on the
manage page, whose provider answer is applied at once. Both end in `monthly_state_apply`, which:

- records what the report says changed (Stripe's previous_attributes, or the donor's request),
  once, as a DonationChange whose reference names what changed at the provider (a price, a
  pause, the end), so the second road finds the first road's row, and a change arriving late
  is still recorded where it belongs in time;
- applies the state itself only when the report is not older than the state kept
  (`monthly_status_at`): a late event never undoes a newer change;
- never revives an ended gift: the end is final at the provider too.

Money is never recorded here: renewals are ledger rows (services.payments).
"""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.ratelimit import rate_limit_hit

from .. import conf
from ..models import Donation, DonationChange, LedgerEntry
from ..selectors import receipt_address
from ..tasks import payment_failed_email_task
from .donations import donation_amount_check

if TYPE_CHECKING:
    from ..payments import MonthlyProvider


class MonthlyGiftEndedError(DomainError):
    code = "monthly_gift_ended"
    status = 409


class MonthlyAmountUnchangedError(DomainError):
    code = "monthly_amount_unchanged"


class MonthlySkipRefusedError(DomainError):
    code = "monthly_skip_refused"
    status = 409


class MonthlyProviderOffError(DomainError):
    """The gift's payment service cannot be reached from this site now (its keys were removed,
    test payments turned off)."""

    code = "monthly_provider_off"
    status = 503


@dataclass(frozen=True)
class MonthlyState:
    """A monthly gift's state as its provider reports it (a Stripe subscription)."""

    status: str  # a Donation.MonthlyStatus value
    amount_minor: int | None = None
    # The provider's id of the price now charged: a new one for every change of amount.
    price_ref: str = ""
    subscription_id: str = ""
    customer_id: str = ""
    next_payment_at: datetime | None = None
    # Set while a month is skipped (Stripe's pause_collection.resumes_at).
    paused_until: datetime | None = None
    # Set once the subscription has ended; final.
    ended_at: datetime | None = None
    # What this report says changed, as against the state before it (Stripe's
    # previous_attributes, or the donor's own request): the amount it had, a month skipped.
    changed_amount_from: int | None = None
    skip_asked: bool = False


def monthly_state_apply(*, donation: Donation, state: MonthlyState, at: datetime | None,
                        by_donor: bool = False) -> list[DonationChange]:
    """Apply the provider's report of `donation`'s subscription, as of `at`; return the changes
    it added (none for a repeated or already recorded report).

    What the report says changed (its amount, a skipped month, its end) is recorded whatever the
    order of arrival: it happened. The state it describes is applied only when it is not older
    than the state kept, and never to an ended gift (except the end itself, which is final).
    Call inside a transaction with the donation locked (select_for_update).
    """
    at = at or _now()
    fields = {"updated_at"}
    if state.subscription_id and not donation.subscription_id:
        donation.subscription_id = state.subscription_id
        fields.add("subscription_id")
    if state.customer_id and not donation.customer_id:
        donation.customer_id = state.customer_id
        fields.add("customer_id")
    added = _changes_reported(donation, state, at, by_donor)
    if state.ended_at is not None and donation.ended_at is None:
        # The end applies whenever it arrives: nothing after it can be newer.
        donation.monthly_status = state.status
        donation.ended_at = state.ended_at
        if state.amount_minor:
            donation.amount_minor = state.amount_minor
        donation.paused_until = donation.next_payment_at = None
        donation.monthly_status_at = max(at, donation.monthly_status_at or at)
        fields |= {"monthly_status", "ended_at", "amount_minor", "paused_until", "next_payment_at",
                   "monthly_status_at"}
    elif donation.ended_at is None and (donation.monthly_status_at is None
                                        or at >= donation.monthly_status_at):
        if state.amount_minor:
            donation.amount_minor = state.amount_minor
        donation.paused_until = state.paused_until
        if state.next_payment_at is not None:
            donation.next_payment_at = state.next_payment_at
        donation.monthly_status = state.status
        donation.monthly_status_at = at
        fields |= {"amount_minor", "paused_until", "next_payment_at", "monthly_status", "monthly_status_at"}
    donation.save(update_fields=fields)
    return added


def monthly_payment_received(*, donation: Donation, at: datetime | None,
                             next_payment_at: datetime | None = None) -> None:
    """Mark `donation` active after a payment the provider reported as of `at` (a renewal, a
    failed payment taken after all). Call inside a transaction with the donation locked."""
    at = at or _now()
    if not donation.is_monthly or donation.ended_at is not None:
        return
    if donation.monthly_status_at is not None and at < donation.monthly_status_at:
        return
    donation.monthly_status = Donation.MonthlyStatus.ACTIVE
    donation.monthly_status_at = at
    if next_payment_at is not None:
        donation.next_payment_at = next_payment_at
    if donation.paused_until is not None and donation.paused_until <= at:
        donation.paused_until = None
    donation.save(update_fields=["monthly_status", "monthly_status_at", "next_payment_at", "paused_until",
                                 "updated_at"])


def monthly_payment_failed(*, donation: Donation, invoice_ref: str, amount_minor: int, at: datetime | None,
                           is_test: bool) -> DonationChange | None:
    """Record that the payment of invoice `invoice_ref` failed; return the change when it is new.

    However often the provider retries the invoice and reports each failure, the donor hears of it
    once: the first report adds the change and, after the commit, the one email with the link to
    fix the card (to an address something vouches for; see selectors.receipt_address), unless the
    invoice was paid or the gift ended meanwhile (a report that arrives late). Call inside a
    transaction with the donation locked.
    """
    at = at or _now()
    change = _change_add(
        donation=donation, kind=DonationChange.Kind.FAILED, occurred_at=at, amount_minor=amount_minor,
        reference=f"{_prefix(donation)}:invoice:{invoice_ref}:failed", payment_ref=invoice_ref,
    )
    paid = LedgerEntry.objects.filter(reference=invoice_reference(provider=donation.provider,
                                                                  invoice_ref=invoice_ref)).exists()
    current = donation.ended_at is None and not paid
    if current and (donation.monthly_status_at is None or at >= donation.monthly_status_at):
        donation.monthly_status = Donation.MonthlyStatus.FAILING
        donation.monthly_status_at = at
        donation.save(update_fields=["monthly_status", "monthly_status_at", "updated_at"])
    if change is not None and current and receipt_address(donation=donation, is_test=is_test):
        change_id = change.pk
        transaction.on_commit(lambda: payment_failed_email_task.enqueue(change_id=change_id))
    return change


def monthly_amount_change(*, donation: Donation, amount_minor: int,
                          provider: "MonthlyProvider | None") -> Donation:
    """Have the provider take `amount_minor` each month from the next payment on; return the
    donation as it now stands.

    Raises MonthlyGiftEndedError, MonthlyAmountUnchangedError, DonationAmountInvalidError,
    MonthlyProviderOffError, RateLimitedError, PaymentProviderError (then nothing changed).
    """
    provider = _reachable(donation, provider)
    donation_amount_check(campaign=donation.campaign, amount_minor=amount_minor, currency=donation.currency)
    if amount_minor == donation.amount_minor:
        raise MonthlyAmountUnchangedError(_("That is already the amount of your monthly gift."))
    _count(donation)
    state = provider.monthly_amount_change(donation=donation, amount_minor=amount_minor)
    return _apply_answer(donation, replace(state, changed_amount_from=donation.amount_minor))


def monthly_skip(*, donation: Donation, provider: "MonthlyProvider | None") -> Donation:
    """Have the provider skip the next monthly payment; return the donation as it now stands.

    Raises MonthlyGiftEndedError, MonthlySkipRefusedError (already skipping, or a payment is
    failing), RateLimitedError, PaymentProviderError.
    """
    provider = _reachable(donation, provider)
    if donation.paused_until is not None and donation.paused_until > timezone.now():
        raise MonthlySkipRefusedError(_("Your next payment is already skipped."))
    if donation.monthly_status != Donation.MonthlyStatus.ACTIVE:
        raise MonthlySkipRefusedError(_("A payment of this gift is failing: update your card first."))
    _count(donation)
    state = provider.monthly_skip(donation=donation)
    return _apply_answer(donation, replace(state, skip_asked=True))


def monthly_cancel(*, donation: Donation, provider: "MonthlyProvider | None") -> Donation:
    """Have the provider end the monthly gift now; return the donation as it now stands.

    Raises MonthlyGiftEndedError, RateLimitedError, PaymentProviderError.
    """
    provider = _reachable(donation, provider)
    _count(donation)
    state = provider.monthly_cancel(donation=donation)
    return _apply_answer(donation, state)


def monthly_card_url(*, donation: Donation, provider: "MonthlyProvider | None", return_url: str) -> str:
    """Return where the donor updates the card of their monthly gift (Stripe's customer portal).

    Raises MonthlyGiftEndedError, RateLimitedError, PaymentProviderError.
    """
    provider = _reachable(donation, provider)
    _count(donation)
    return provider.monthly_card_url(donation=donation, return_url=return_url)


def invoice_reference(*, provider: str, invoice_ref: str) -> str:
    """Return the ledger reference of the payment of a monthly gift's invoice."""
    return f"{provider}:invoice:{invoice_ref}"


def _apply_answer(donation: Donation, state: MonthlyState) -> Donation:
    # The provider was called outside any transaction (a slow answer must not hold the database's
    # write lock). Its answer is the newest state there is, so it applies even when a report
    # stamped by the provider's clock, a little ahead of ours, came in meanwhile.
    with transaction.atomic():
        locked = (Donation.objects.select_for_update(of=("self",)).select_related("campaign", "user")
                  .get(pk=donation.pk))
        at = max(_now(), locked.monthly_status_at or _now())
        monthly_state_apply(donation=locked, state=state, at=at, by_donor=True)
    return locked


def _reachable(donation: Donation, provider: "MonthlyProvider | None") -> "MonthlyProvider":
    if not donation.is_manageable:
        raise MonthlyGiftEndedError(_("This monthly gift has ended; there is nothing left to change."))
    if provider is None:
        raise MonthlyProviderOffError(_("Changes cannot be made on the site right now. Please write to us, "
                                        "or try again later."))
    return provider


def _count(donation: Donation) -> None:
    # Each change is a call to the payment service: a leaked link must not become a way to make
    # thousands of them.
    limit, window = conf.get("DONATIONS_MANAGE_RATE")
    rate_limit_hit(scope="donation_manage", key=str(donation.pk), limit=limit, window=window)


def _changes_reported(donation: Donation, state: MonthlyState, at: datetime, by_donor: bool):
    """Record what `state` reports as changed, each once; return the rows it added."""
    added = []
    if state.changed_amount_from is not None and state.amount_minor \
            and state.changed_amount_from != state.amount_minor:
        reference = (f"{_prefix(donation)}:price:{state.price_ref}" if state.price_ref
                     else f"{_prefix(donation)}:amount:{state.amount_minor}:{int(at.timestamp())}")
        added.append(_change_add(
            donation=donation, kind=DonationChange.Kind.AMOUNT, reference=reference, occurred_at=at,
            amount_minor=state.amount_minor, previous_amount_minor=state.changed_amount_from,
            by_donor=by_donor,
        ))
    if state.skip_asked and state.paused_until is not None:
        added.append(_change_add(
            donation=donation, kind=DonationChange.Kind.SKIP, occurred_at=at, until=state.paused_until,
            reference=f"{_prefix(donation)}:skip:{int(state.paused_until.timestamp())}", by_donor=by_donor,
        ))
    if state.ended_at is not None:
        kind = DonationChange.Kind.LAPSED if state.status == Donation.MonthlyStatus.LAPSED \
            else DonationChange.Kind.CANCELLED
        added.append(_change_add(donation=donation, kind=kind, reference=f"{_prefix(donation)}:ended",
                                 occurred_at=state.ended_at, by_donor=by_donor))
    return [change for change in added if change is not None]


def _change_add(*, donation: Donation, kind: str, reference: str, occurred_at: datetime,
                **fields) -> DonationChange | None:
    """Add the change once; return it, or None when its reference was recorded before."""
    if DonationChange.objects.filter(reference=reference).exists():
        return None
    try:
        with transaction.atomic():
            return DonationChange.objects.create(donation=donation, kind=kind, reference=reference[:255],
                                                 occurred_at=occurred_at, **fields)
    except IntegrityError:
        # The same change recorded at this moment by another delivery.
        return None


def _prefix(donation: Donation) -> str:
    return f"{donation.provider}:{donation.subscription_id or donation.pk}"


def _now() -> datetime:
    # Providers count time in whole seconds (Stripe's `created`): a report of this very second
    # must not look older than the donor's own change.
    return timezone.now().replace(microsecond=0)
