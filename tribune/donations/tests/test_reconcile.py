"""`tribune ledger reconcile` lists every Stripe payment the ledger lacks and the reverse, from
recorded Stripe list answers, and exits non-zero when they differ."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from tribune.cli import main
from tribune.donations.models import LedgerEntry
from tribune.donations.services import ledger_entry_record, manual_entry_record

from .factories import campaign_factory
from .stripe_http import not_found, recorded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]

PERIOD = ["--since", "2026-11-01", "--until", "2026-12-01"]


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def entry(campaign, reference, amount, when, *, kind=LedgerEntry.Kind.GIFT, is_test=False):
    ledger_entry_record(campaign=campaign, kind=kind, amount_minor=amount, currency="USD", reference=reference,
                        occurred_at=day(when), is_test=is_test)


STRIPE_ANSWERS = {
    ("GET", "/v1/payment_intents"): [recorded("payment_intents_page1"), recorded("payment_intents_page2")],
    ("GET", "/v1/invoices"): [recorded("invoices_paid")],
    ("GET", "/v1/payment_intents/pi_3QiA09Kb2mXy9Rz41aAaAaA9"): [recorded("payment_intent_retrieved")],
    ("GET", "/v1/invoices/in_1QiGoneKb2mXy9Rz4"): [not_found("in_1QiGoneKb2mXy9Rz4")],
}


def reconcile(*args):
    out = io.StringIO()
    try:
        call_command("ledger", "reconcile", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


class TestReconcile:
    def test_differences_are_listed_each_once_and_the_command_fails(self, recorded_stripe):
        campaign = campaign_factory()
        entry(campaign, "stripe:payment:pi_3QiA01Kb2mXy9Rz41aAaAaA1", 2500, "2026-11-02T00:00:05")
        entry(campaign, "stripe:payment:pi_3QiA05Kb2mXy9Rz41aAaAaA5", 7000, "2026-11-20T00:01:00")
        entry(campaign, "stripe:invoice:in_1QiB01Kb2mXy9Rz4InV1", 1000, "2026-11-01T01:00:10",
              kind=LedgerEntry.Kind.RENEWAL)
        # Paid in October, reported in November: not in the list, found when asked for alone.
        entry(campaign, "stripe:payment:pi_3QiA09Kb2mXy9Rz41aAaAaA9", 4000, "2026-11-10T00:00:00")
        entry(campaign, "stripe:invoice:in_1QiGoneKb2mXy9Rz4", 1000, "2026-11-15T00:00:00",
              kind=LedgerEntry.Kind.RENEWAL)
        # Neither a test payment nor money received outside Stripe is Stripe's to confirm.
        entry(campaign, "stripe:payment:pi_test", 900, "2026-11-16T00:00:00", is_test=True)
        manual_entry_record(campaign=campaign, amount_minor=50_000, occurred_at=day("2026-11-17T00:00:00"))
        layer = recorded_stripe(dict(STRIPE_ANSWERS))

        output, error = reconcile(*PERIOD)

        assert error is not None and error.returncode == 1
        assert "differ: 4 payments" in str(error)
        lacks, has, differ = (output.split("Stripe has, the ledger lacks (2):")[1].split("The ledger has")[0],
                              output.split("The ledger has, Stripe lacks (1):")[1].split("Amounts differ")[0],
                              output.split("Amounts differ (1):")[1])
        assert "pi_3QiA02Kb2mXy9Rz41aAaAaA2 · 50.00 USD" in lacks and "donation 102" in lacks
        assert "stripe:invoice:in_1QiB02Kb2mXy9Rz4InV2 · 15.00 USD" in lacks
        assert "stripe:invoice:in_1QiGoneKb2mXy9Rz4 · 10.00 USD" in has
        assert "pi_3QiA05Kb2mXy9Rz41aAaAaA5 · Stripe 75.00 USD, ledger 70.00 USD" in differ
        # Another shop's payment on the same account, an unpaid one and test payments are not listed.
        for absent in ("pi_3QiA04", "pi_3QiA03", "pi_test", "manual:"):
            assert absent not in output
        assert output.count("pi_3QiA02Kb2mXy9Rz41aAaAaA2") == 1
        assert "4 found on both sides" in output
        # Both pages of the list were read, Stripe asked for the period and a margin around it.
        pages = layer.asked("GET", "/v1/payment_intents")
        assert len(pages) == 2 and pages[1]["query"]["starting_after"] == ["pi_3QiA03Kb2mXy9Rz41aAaAaA3"]
        assert pages[0]["query"]["created[gte]"] == [str(int(day("2026-10-25T00:00:00").timestamp()))]
        assert layer.asked("GET", "/v1/invoices")[0]["query"]["status"] == ["paid"]

    def test_a_ledger_that_matches_stripe_passes(self, recorded_stripe):
        campaign = campaign_factory()
        entry(campaign, "stripe:payment:pi_3QiA01Kb2mXy9Rz41aAaAaA1", 2500, "2026-11-02T00:00:05")
        entry(campaign, "stripe:payment:pi_3QiA02Kb2mXy9Rz41aAaAaA2", 5000, "2026-11-05T00:00:05")
        entry(campaign, "stripe:payment:pi_3QiA05Kb2mXy9Rz41aAaAaA5", 7500, "2026-11-20T00:01:00")
        entry(campaign, "stripe:invoice:in_1QiB01Kb2mXy9Rz4InV1", 1000, "2026-11-01T01:00:10",
              kind=LedgerEntry.Kind.RENEWAL)
        entry(campaign, "stripe:invoice:in_1QiB02Kb2mXy9Rz4InV2", 1500, "2026-11-02T01:00:10",
              kind=LedgerEntry.Kind.RENEWAL)
        recorded_stripe(dict(STRIPE_ANSWERS))
        output, error = reconcile(*PERIOD)
        assert error is None
        assert "5 found on both sides" in output and output.strip().endswith("The ledger matches Stripe.")

    def test_the_tribune_command_exits_1_when_they_differ(self, recorded_stripe, capsys):
        recorded_stripe(dict(STRIPE_ANSWERS))
        with pytest.raises(SystemExit) as exit_:
            main(["tribune", "ledger", "reconcile", *PERIOD])
        assert exit_.value.code == 1
        captured = capsys.readouterr()
        assert "Stripe has, the ledger lacks (5):" in captured.out
        assert "differ" in captured.err

    def test_stripe_not_answering_is_exit_2_not_a_clean_bill(self, recorded_stripe):
        recorded_stripe({("GET", "/v1/payment_intents"): [(500, {"error": {"type": "api_error",
                                                                            "message": "Something went wrong"}})]})
        output, error = reconcile(*PERIOD)
        assert error is not None and error.returncode == 2 and "Stripe did not answer" in str(error)
        assert "matches" not in output

    def test_without_stripe_keys_there_is_nothing_to_check(self, settings):
        settings.STRIPE_SECRET_KEY = ""
        _output, error = reconcile(*PERIOD)
        assert error is not None and error.returncode == 2

    @pytest.mark.parametrize("args", [["--since", "yesterday"], ["--since", "2026-12-01", "--until", "2026-11-01"]])
    def test_a_bad_period_is_refused(self, args):
        _output, error = reconcile(*args)
        assert error is not None and error.returncode == 2
