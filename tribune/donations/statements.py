"""Yearly statements: what one donor gave in a year, for the donor (an email) and for staff (CSV).

A donor is an address something vouches for (selectors.receipt_address): the payer's at Stripe,
or a signed-in donor's own. Only real money counts: test payments moved none. Amounts are summed
per currency, never converted.
"""

import csv
from collections import defaultdict
from decimal import Decimal

from babel.numbers import get_currency_precision
from django.http import StreamingHttpResponse
from django.utils import timezone

from .exports import csv_text
from .selectors import receipt_address, statement_entries, statement_rows_for_year

DONOR_HEADER = ["year", "email", "confirmed", "names", "currency", "total", "total_minor", "payments"]
LINE_HEADER = ["year", "email", "occurred_at", "campaign", "kind", "amount", "currency", "amount_minor",
               "reference"]


def statement_totals(entries) -> list[dict]:
    """Return [{"currency", "total_minor", "count"}] for ledger `entries`, by currency."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for entry in entries:
        totals[entry.currency][0] += entry.amount_minor
        totals[entry.currency][1] += 1
    return [{"currency": currency, "total_minor": total, "count": count}
            for currency, (total, count) in sorted(totals.items())]


def statements_csv_response(*, year: int, email: str = "") -> StreamingHttpResponse:
    """Return the year's statements as CSV: one row per donor and currency, or, for `email`, one
    row per payment of that donor."""
    writer = csv.writer(_Echo())
    rows = statement_lines_rows(year=year, email=email) if email else statement_donor_rows(year=year)
    name = f"statement-{year}-{'donor' if email else 'donors'}-{timezone.now():%Y%m%d}.csv"
    response = StreamingHttpResponse((writer.writerow(row) for row in rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def statement_donor_rows(*, year: int):
    """Yield the header, then one row per donor and currency: their year's total and payments.

    A gift whose donor no address vouches for (the payment service reported none) is listed under
    the address typed in the form, marked unconfirmed.
    """
    yield DONOR_HEADER
    donors: dict[tuple[str, str], dict] = {}
    for entry in statement_rows_for_year(year=year).iterator(chunk_size=500):
        donation = entry.donation
        vouched = receipt_address(donation=donation, is_test=False)
        email = (vouched or donation.email).strip().lower()
        row = donors.setdefault((email, entry.currency), {"confirmed": bool(vouched), "names": [],
                                                          "total": 0, "count": 0})
        row["total"] += entry.amount_minor
        row["count"] += 1
        if donation.donor_name and donation.donor_name not in row["names"]:
            row["names"].append(donation.donor_name)
    for (email, currency), row in sorted(donors.items()):
        yield [year, csv_text(email), "yes" if row["confirmed"] else "no", csv_text("; ".join(row["names"])),
               currency, _major(row["total"], currency), row["total"], row["count"]]


def statement_lines_rows(*, year: int, email: str):
    """Yield the header, then one row per payment, refund or dispute of the donor at `email`."""
    yield LINE_HEADER
    for entry in statement_entries(email=email, year=year):
        yield [year, csv_text(email.strip().lower()), entry.occurred_at.isoformat(),
               csv_text(entry.campaign.slug),
               entry.kind, _major(entry.amount_minor, entry.currency), entry.currency, entry.amount_minor,
               csv_text(entry.reference)]


def _major(amount_minor: int, currency: str) -> str:
    precision = get_currency_precision(currency)
    return str(Decimal(amount_minor).scaleb(-precision).quantize(Decimal(1).scaleb(-precision)))


class _Echo:
    def write(self, value):
        return value
