"""Staff download the yearly statements: a row per donor and currency, or one donor's payments."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tribune.donations.models import LedgerEntry
from tribune.donations.services import ledger_entry_record, manual_entry_record

from .factories import campaign_factory, donation_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def pay(donation, reference, amount, when, *, kind="gift", is_test=False):
    ledger_entry_record(campaign=donation.campaign, kind=kind, amount_minor=amount, currency=donation.currency,
                        reference=reference, occurred_at=when, donation=donation, is_test=is_test)


@pytest.fixture
def year_of_gifts():
    campaign = campaign_factory()
    ana = donation_factory(campaign=campaign, email="ana@example.org", payer_email="Ana@Example.org",
                           donor_name="Ana", frequency="monthly")
    pay(ana, "stripe:invoice:a1", 2500, datetime(2026, 1, 5, tzinfo=UTC))
    pay(ana, "stripe:invoice:a2", 2500, datetime(2026, 2, 5, tzinfo=UTC), kind="renewal")
    pay(ana, "stripe:refund:a2", -2500, datetime(2026, 2, 9, tzinfo=UTC), kind="refund")
    pay(ana, "stripe:invoice:a0", 2500, datetime(2025, 12, 5, tzinfo=UTC))
    hostile = donation_factory(campaign=campaign, email="x@example.org", payer_email="x@example.org",
                               donor_name="=HYPERLINK(\"http://evil.example\")")
    pay(hostile, "stripe:payment:x", 1000, datetime(2026, 3, 1, tzinfo=UTC))
    typed = donation_factory(campaign=campaign, email="typed@example.org", donor_name="Typed")
    pay(typed, "stripe:payment:t", 700, datetime(2026, 4, 1, tzinfo=UTC))
    tester = donation_factory(campaign=campaign, email="t@example.org", payer_email="t@example.org")
    pay(tester, "test:payment:1", 900_000, datetime(2026, 5, 1, tzinfo=UTC), is_test=True)
    manual_entry_record(campaign=campaign, amount_minor=50_000, occurred_at=datetime(2026, 6, 1, tzinfo=UTC))
    return campaign


def test_one_row_per_donor_with_the_years_total(staff_client, year_of_gifts):
    response = staff_client.get(reverse("donations:statements_export") + "?year=2026")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    by_email = {row["email"]: row for row in rows(response)}
    assert set(by_email) == {"ana@example.org", "x@example.org", "typed@example.org"}
    ana = by_email["ana@example.org"]
    assert (ana["total"], ana["total_minor"], ana["payments"], ana["confirmed"]) == ("25.00", "2500", "3", "yes")
    assert by_email["typed@example.org"]["confirmed"] == "no"
    # A donor's name is never run as a spreadsheet formula.
    assert by_email["x@example.org"]["names"].startswith("'=")


def test_one_donors_payments_line_by_line(staff_client, year_of_gifts):
    response = staff_client.get(reverse("donations:statements_export") + "?year=2026&email=ANA@example.org")
    lines = rows(response)
    assert [(line["kind"], line["amount"]) for line in lines] == [("gift", "25.00"), ("renewal", "25.00"),
                                                                  ("refund", "-25.00")]
    assert {line["email"] for line in lines} == {"ana@example.org"}


@pytest.mark.parametrize("year", ["abc", "1900", "-1", "2026.5"])
def test_a_year_that_is_not_one_is_not_found(staff_client, year):
    assert staff_client.get(reverse("donations:statements_export") + f"?year={year}").status_code == 404


def test_readers_cannot_download_statements(client, year_of_gifts):
    response = client.get(reverse("donations:statements_export") + "?year=2026")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reader = get_user_model().objects.create_user("reader", "r@example.org", "pw", is_staff=True)
    client.force_login(reader)
    assert client.get(reverse("donations:statements_export") + "?year=2026").status_code == 403


def test_the_donations_admin_links_the_statements(staff_client):
    page = staff_client.get(reverse("admin:donations_donation_changelist")).content.decode()
    assert reverse("donations:statements_export") + "?year=" in page
    assert LedgerEntry.objects.count() == 0
