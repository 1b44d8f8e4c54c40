"""The ledger checked against the payment provider: every payment it has that the ledger lacks,
every ledger payment it does not have, and every amount that differs.

The provider's side is read by the provider module (payments.stripe.stripe_payments_list) into
ProviderPayment rows named by the same reference the ledger gives them ("stripe:payment:pi_…"
for a one-time gift, "stripe:invoice:in_…" for a monthly payment), so the comparison is plain
set arithmetic on references. Only payments count here: refunds and disputes are corrections
recorded against them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .models import LedgerEntry
from .selectors import ledger_payments_between


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider holds it."""

    reference: str
    amount_minor: int
    currency: str
    created: datetime
    donation_id: int | None = None


@dataclass
class Reconciliation:
    """What differs between the provider and the ledger for one period."""

    since: datetime
    until: datetime
    checked: int = 0
    missing_in_ledger: list[ProviderPayment] = field(default_factory=list)
    missing_at_provider: list[LedgerEntry] = field(default_factory=list)
    amounts_differ: list[tuple[ProviderPayment, LedgerEntry]] = field(default_factory=list)

    @property
    def differs(self) -> int:
        return len(self.missing_in_ledger) + len(self.missing_at_provider) + len(self.amounts_differ)


def ledger_reconcile(*, provider_payments: Iterable[ProviderPayment], since: datetime, until: datetime,
                     prefix: str, is_test: bool,
                     provider_get: Callable[[str], ProviderPayment | None]) -> Reconciliation:
    """Compare the provider's payments with the ledger's for [since, until).

    `provider_payments` may reach a little outside the period (the provider dates a payment when
    it started, the ledger when it was reported): only those inside it are reported missing. A
    ledger payment of the period not among them is looked up alone with `provider_get(reference)`
    before it is reported. `prefix` ("stripe:") and `is_test` choose the ledger rows compared.
    """
    result = Reconciliation(since=since, until=until)
    theirs = {payment.reference: payment for payment in provider_payments}
    ours = {entry.reference: entry for entry in LedgerEntry.objects.filter(reference__in=list(theirs))}
    for reference, payment in sorted(theirs.items(), key=lambda item: item[1].created):
        entry = ours.get(reference)
        if entry is None:
            if since <= payment.created < until:
                result.missing_in_ledger.append(payment)
            continue
        result.checked += 1
        if (entry.amount_minor, entry.currency) != (payment.amount_minor, payment.currency):
            result.amounts_differ.append((payment, entry))
    for entry in ledger_payments_between(prefix=prefix, since=since, until=until, is_test=is_test):
        if entry.reference in theirs:
            continue
        payment = provider_get(entry.reference)
        if payment is None:
            result.missing_at_provider.append(entry)
            continue
        result.checked += 1
        if (entry.amount_minor, entry.currency) != (payment.amount_minor, payment.currency):
            result.amounts_differ.append((payment, entry))
    return result
