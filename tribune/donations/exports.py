"""The ledger as CSV for staff: one row per entry, oldest first, amounts in major units."""

import csv
from decimal import Decimal

from babel.numbers import get_currency_precision
from django.http import StreamingHttpResponse
from django.utils import timezone

from .selectors import ledger_list_for_export

HEADER = ["id", "occurred_at", "recorded_at", "campaign", "kind", "amount", "currency", "amount_minor",
          "reference", "payment_ref", "provider", "donor_name", "frequency", "note", "test"]
# A spreadsheet runs a cell starting with these as a formula; donor names come from the public.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ledger_csv_response(*, campaign=None) -> StreamingHttpResponse:
    """Return the ledger (of `campaign`, or all) as a downloadable CSV file."""
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in ledger_csv_rows(campaign=campaign))
    name = f"ledger-{campaign.slug if campaign else 'all'}-{timezone.now():%Y%m%d}.csv"
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def ledger_csv_rows(*, campaign=None):
    """Yield the header, then one list of cells per ledger entry."""
    yield HEADER
    for entry in ledger_list_for_export(campaign=campaign).iterator(chunk_size=500):
        donation = entry.donation
        precision = get_currency_precision(entry.currency)
        yield [
            entry.pk, entry.occurred_at.isoformat(), entry.recorded_at.isoformat(),
            csv_text(entry.campaign.slug), entry.kind,
            str(Decimal(entry.amount_minor).scaleb(-precision).quantize(Decimal(1).scaleb(-precision))),
            entry.currency, entry.amount_minor, csv_text(entry.reference), csv_text(entry.payment_ref),
            donation.provider if donation else "", csv_text(entry.donor_name),
            donation.frequency if donation else "", csv_text(entry.note),
            # Test payments are kept for staff but moved no money.
            "yes" if entry.is_test else "",
        ]


def csv_text(value: str) -> str:
    """Return `value` so that a spreadsheet shows it as text, never runs it as a formula."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value
