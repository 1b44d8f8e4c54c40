"""The ledger only grows: entries are recorded once, never edited, and corrections are new rows."""

import pytest

from tribune.donations.models import LedgerEntry, LedgerEntryImmutableError
from tribune.donations.selectors import raised_minor
from tribune.donations.services import (
    LedgerAmountInvalidError,
    LedgerCurrencyMismatchError,
    LedgerReferenceConflictError,
    campaign_save,
    ledger_entry_record,
    manual_entry_record,
)
from tribune.donations.signals import campaign_figures_changed

from ..factories import campaign_factory

pytestmark = pytest.mark.django_db


class TestLedgerEntryRecord:
    def test_same_reference_twice_records_once(self):
        campaign = campaign_factory()
        kwargs = dict(campaign=campaign, kind="gift", amount_minor=500, currency="usd", reference="x:1")
        first, created = ledger_entry_record(**kwargs)
        again, created_again = ledger_entry_record(**kwargs)
        assert (created, created_again) == (True, False)
        assert first == again and LedgerEntry.objects.count() == 1

    def test_same_reference_with_another_amount_is_refused(self):
        campaign = campaign_factory()
        ledger_entry_record(campaign=campaign, kind="gift", amount_minor=500, currency="USD", reference="x:1")
        with pytest.raises(LedgerReferenceConflictError):
            ledger_entry_record(
                campaign=campaign, kind="gift", amount_minor=900, currency="USD", reference="x:1"
            )
        assert raised_minor(campaign=campaign) == 500

    def test_other_currency_and_zero_are_refused(self):
        campaign = campaign_factory()
        with pytest.raises(LedgerCurrencyMismatchError):
            ledger_entry_record(campaign=campaign, kind="gift", amount_minor=5, currency="EUR", reference="a")
        with pytest.raises(LedgerAmountInvalidError):
            ledger_entry_record(campaign=campaign, kind="gift", amount_minor=0, currency="USD", reference="b")
        assert not LedgerEntry.objects.exists()

    def test_entries_cannot_be_edited(self):
        entry, _ = ledger_entry_record(
            campaign=campaign_factory(), kind="gift", amount_minor=500, currency="USD", reference="x:1"
        )
        entry.amount_minor = 5
        with pytest.raises(LedgerEntryImmutableError):
            entry.save()
        assert LedgerEntry.objects.get().amount_minor == 500

    def test_pages_hear_about_new_money_after_the_commit(self, django_capture_on_commit_callbacks):
        campaign = campaign_factory()
        heard = []

        def receiver(sender, campaign_id, **kwargs):
            heard.append(campaign_id)

        campaign_figures_changed.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                ledger_entry_record(
                    campaign=campaign, kind="gift", amount_minor=5, currency="USD", reference="a"
                )
                ledger_entry_record(
                    campaign=campaign, kind="gift", amount_minor=5, currency="USD", reference="a"
                )
            assert heard == []
            for callback in callbacks:
                callback()
            assert heard == [campaign.pk]
            with django_capture_on_commit_callbacks(execute=True):
                campaign_save(campaign=campaign)
            assert heard == [campaign.pk, campaign.pk]
        finally:
            campaign_figures_changed.disconnect(receiver)


class TestManualEntryRecord:
    def test_cheque_and_its_correction_are_two_rows(self):
        campaign = campaign_factory()
        cheque = manual_entry_record(
            campaign=campaign,
            amount_minor=15000,
            donor_name="Parish of St. Anne",
            note="Cheque 0042",
            recorded_by="editor",
        )
        manual_entry_record(campaign=campaign, amount_minor=-5000, note="Cheque 0042 was 100, not 150")
        assert cheque.kind == "manual" and "Recorded by editor." in cheque.note
        assert raised_minor(campaign=campaign) == 10000
        assert LedgerEntry.objects.count() == 2
