"""The goal meter's figures come from the ledger and read as on the seed page."""

import re

import pytest
from django.test import override_settings

from tribune.donations.models import LedgerEntry
from tribune.donations.selectors import goal_progress
from tribune.donations.services import ledger_entry_record

from ..factories import campaign_factory

pytestmark = pytest.mark.django_db


def record(campaign, amount_minor, reference):
    ledger_entry_record(
        campaign=campaign,
        kind=LedgerEntry.Kind.MANUAL,
        amount_minor=amount_minor,
        currency=campaign.currency,
        reference=reference,
    )


class TestGoalProgress:
    def test_labels_read_as_on_the_seed_page(self):
        campaign = campaign_factory(goal_minor=500_000)
        record(campaign, 304_800, "a")
        progress = goal_progress(campaign=campaign)
        labels = [progress.label_zero, progress.label_half, progress.label_goal, progress.label_raised]
        assert [label.replace("\u00a0", " ") for label in labels] == ["0 $", "2,500 $", "5,000 $", "3,048 $"]
        assert progress.label_share == "61%"
        assert progress.fill_percent == 61
        assert not progress.reached

    def test_past_the_goal_the_bar_is_full_and_the_share_keeps_counting(self):
        campaign = campaign_factory(goal_minor=500_000)
        record(campaign, 620_000, "a")
        progress = goal_progress(campaign=campaign)
        assert progress.reached
        assert progress.fill_percent == 100
        assert progress.label_share == "124%"
        assert progress.meter_value == 500_000
        assert progress.past_goal_label.replace("\u00a0", " ") == "+ 1,200 $"

    def test_refunds_beyond_the_gifts_never_draw_a_negative_bar(self):
        campaign = campaign_factory()
        record(campaign, 1000, "a")
        record(campaign, -3000, "b")
        progress = goal_progress(campaign=campaign)
        assert progress.fill_percent == 0 and progress.meter_value == 0

    def test_other_campaigns_money_is_not_counted(self):
        campaign, other = campaign_factory(), campaign_factory()
        record(other, 5000, "a")
        assert goal_progress(campaign=campaign).raised_minor == 0

    @override_settings(SITE_LOCALE="fr_FR")
    def test_site_locale_formats_the_labels(self):
        campaign = campaign_factory(goal_minor=500_000, currency="EUR", amount_format="")
        record(campaign, 304_800, "a")
        progress = goal_progress(campaign=campaign)
        assert progress.label_raised.replace("\u202f", " ").replace("\u00a0", " ") == "3 048 €"


class TestMeterOnThePage:
    def test_meter_past_the_goal_says_so_and_stays_a_valid_meter(self, client):
        campaign = campaign_factory(goal_minor=100_000)
        record(campaign, 150_000, "a")
        html = client.get(campaign.get_absolute_url()).content.decode()
        assert 'aria-valuenow="100000"' in html and 'aria-valuemax="100000"' in html
        assert "1,500\u00a0$ raised of 1,000\u00a0$ (150%)" in html
        assert "goal reached, 150%" in html
        assert re.search(r'class="goal__fill[^"]*" width="100(\.0)?%"', html)
