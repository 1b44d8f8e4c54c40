"""`tribune ledger reconcile`: check the ledger against Stripe and list every difference.

Exit status 0 when they agree, 1 when they differ (each difference listed), 2 when Stripe cannot
be asked (not configured, not answering).
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import stripe
from babel.numbers import get_currency_precision
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...payments import payments_test_mode
from ...payments.stripe import stripe_payment_get, stripe_payments_list
from ...reconcile import ledger_reconcile

# Stripe dates a payment when it started, the ledger when Stripe reported it (for a monthly
# payment retried after a failure, days later): Stripe is read this much beyond the period.
MARGIN = timedelta(days=7)
DEFAULT_DAYS = 31


class Command(BaseCommand):
    help = "Check the ledger against the payment provider."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        reconcile = actions.add_parser(
            "reconcile", help="List each Stripe payment the ledger lacks and each ledger payment Stripe "
            "lacks; exit 1 when they differ.")
        reconcile.add_argument("--since", type=_day,
                               help=f"first day (YYYY-MM-DD, default {DEFAULT_DAYS} days ago)")
        reconcile.add_argument("--until", type=_day, help="day after the last one (YYYY-MM-DD, default: now)")

    def handle(self, *args, action, since=None, until=None, **options):
        if not settings.STRIPE_SECRET_KEY:
            raise CommandError("Stripe is not configured on this site (STRIPE_SECRET_KEY); "
                               "nothing to check.", returncode=2)
        until = until or timezone.now()
        since = since or until - timedelta(days=DEFAULT_DAYS)
        if since >= until:
            raise CommandError("--since must come before --until.", returncode=2)
        # A test key reads Stripe's test mode, whose payments the ledger keeps as tests.
        livemode = not payments_test_mode()
        try:
            payments = stripe_payments_list(since=since - MARGIN, until=until + MARGIN, livemode=livemode)
            result = ledger_reconcile(
                provider_payments=payments, since=since, until=until, prefix="stripe:", is_test=not livemode,
                provider_get=lambda reference: stripe_payment_get(reference, livemode=livemode),
            )
        except stripe.StripeError as exc:
            raise CommandError(f"Stripe did not answer: {exc}", returncode=2) from exc
        mode = "live" if livemode else "test-mode"
        self.stdout.write(f"Stripe's {mode} payments from {_when(since)} to {_when(until)} against the "
                          f"ledger: {result.checked} found on both sides.")
        if result.missing_in_ledger:
            self.stdout.write(f"Stripe has, the ledger lacks ({len(result.missing_in_ledger)}):")
            for payment in result.missing_in_ledger:
                donation = f" · donation {payment.donation_id}" if payment.donation_id else ""
                amount = _money(payment.amount_minor, payment.currency)
                self.stdout.write(f"  {payment.reference} · {amount} · {_when(payment.created)}{donation}")
        if result.missing_at_provider:
            self.stdout.write(f"The ledger has, Stripe lacks ({len(result.missing_at_provider)}):")
            for entry in result.missing_at_provider:
                self.stdout.write(f"  {entry.reference} · {_money(entry.amount_minor, entry.currency)} · "
                                  f"{_when(entry.occurred_at)} · ledger entry {entry.pk}")
        if result.amounts_differ:
            self.stdout.write(f"Amounts differ ({len(result.amounts_differ)}):")
            for payment, entry in result.amounts_differ:
                self.stdout.write(f"  {payment.reference} · Stripe "
                                  f"{_money(payment.amount_minor, payment.currency)}, ledger "
                                  f"{_money(entry.amount_minor, entry.currency)} (entry {entry.pk})")
        if result.differs:
            raise CommandError(f"The ledger and Stripe differ: {result.differs} payments to look at.",
                               returncode=1)
        self.stdout.write("The ledger matches Stripe.")


def _day(text: str) -> datetime:
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"{text!r} is not a day; write it as YYYY-MM-DD.", returncode=2) from None
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _money(amount_minor: int, currency: str) -> str:
    # Plain and exact for a terminal or a log: "25.00 USD".
    precision = get_currency_precision(currency)
    return f"{Decimal(amount_minor).scaleb(-precision).quantize(Decimal(1).scaleb(-precision))} {currency}"
