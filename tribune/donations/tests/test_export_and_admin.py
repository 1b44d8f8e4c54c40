"""Staff record manual entries in the admin and export the ledger as CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tribune.donations.models import LedgerEntry
from tribune.donations.services import manual_entry_record

from .factories import campaign_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


class TestLedgerExport:
    def test_staff_download_every_entry_with_amounts_in_major_units(self, staff_client):
        campaign = campaign_factory()
        manual_entry_record(campaign=campaign, amount_minor=304800, donor_name='=HYPERLINK("http://x")')
        manual_entry_record(campaign=campaign, amount_minor=-50)
        response = staff_client.get(reverse("donations:ledger_export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = read_csv(response)
        assert [r["amount"] for r in rows] == ["3048.00", "-0.50"]
        assert [r["kind"] for r in rows] == ["manual", "manual"]
        # A donor's name is never run as a spreadsheet formula.
        assert rows[0]["donor_name"].startswith("'=")

    def test_export_of_one_campaign(self, staff_client):
        campaign, other = campaign_factory(), campaign_factory()
        manual_entry_record(campaign=campaign, amount_minor=100)
        manual_entry_record(campaign=other, amount_minor=200)
        rows = read_csv(staff_client.get(reverse("donations:ledger_export") + f"?campaign={campaign.pk}"))
        assert [r["campaign"] for r in rows] == [campaign.slug]
        assert staff_client.get(reverse("donations:ledger_export") + "?campaign=abc").status_code == 404

    def test_readers_cannot_export(self, client):
        response = client.get(reverse("donations:ledger_export"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        reader = get_user_model().objects.create_user("reader", "r@example.org", "pw")
        client.force_login(reader)
        assert client.get(reverse("donations:ledger_export")).status_code == 302


class TestAdmin:
    def test_staff_record_a_bank_transfer(self, staff_client):
        campaign = campaign_factory()
        response = staff_client.post(
            reverse("admin:donations_ledgerentry_add"),
            {
                "campaign": campaign.pk,
                "amount": "150.00",
                "occurred_at_0": "2026-11-20",
                "occurred_at_1": "10:00",
                "donor_name": "Bank transfer from M. Idrissi",
                "note": "Transfer ref 8812",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        entry = LedgerEntry.objects.get()
        assert (entry.kind, entry.amount_minor, entry.currency) == ("manual", 15000, "USD")
        assert entry.reference.startswith("manual:")
        assert "Recorded by editor." in entry.note

    @pytest.mark.parametrize("amount", ["0", "1.234", "abc"])
    def test_bad_amount_is_a_form_error(self, staff_client, amount):
        campaign = campaign_factory()
        response = staff_client.post(
            reverse("admin:donations_ledgerentry_add"),
            {
                "campaign": campaign.pk,
                "amount": amount,
                "occurred_at_0": "2026-11-20",
                "occurred_at_1": "10:00",
            },
        )
        assert response.status_code == 200
        assert not LedgerEntry.objects.exists()

    def test_entries_cannot_be_changed_or_deleted(self, staff_client):
        entry = manual_entry_record(campaign=campaign_factory(), amount_minor=100)
        change = reverse("admin:donations_ledgerentry_change", args=[entry.pk])
        staff_client.post(change, {"campaign": entry.campaign_id, "amount": "999"})
        assert LedgerEntry.objects.get().amount_minor == 100
        delete = reverse("admin:donations_ledgerentry_delete", args=[entry.pk])
        assert staff_client.post(delete, {"post": "yes"}).status_code == 403
        assert LedgerEntry.objects.count() == 1

    def test_changelist_links_to_the_export(self, staff_client):
        html = staff_client.get(reverse("admin:donations_ledgerentry_changelist")).content.decode()
        assert reverse("donations:ledger_export") in html


@pytest.mark.usefixtures("stripe_keys")
class TestPaymentEventAdmin:
    def test_staff_retry_an_event_the_ledger_refused_once_the_cause_is_fixed(self, staff_client, client):
        from tribune.donations.models import PaymentEvent
        from tribune.donations.selectors import raised_minor

        from .factories import checkout_completed, donation_factory, stripe_post

        donation = donation_factory(amount_minor=2500)
        payload = checkout_completed(donation)
        payload["data"]["object"]["currency"] = "eur"
        stripe_post(client, payload)
        stored = PaymentEvent.objects.get()
        assert stored.outcome == "failed"
        campaign = donation.campaign
        campaign.currency = "EUR"
        campaign.save()
        staff_client.post(reverse("admin:donations_paymentevent_changelist"),
                          {"action": "retry", "_selected_action": [stored.pk]})
        stored.refresh_from_db()
        assert stored.outcome == "recorded"
        assert raised_minor(campaign=campaign) == 2500
