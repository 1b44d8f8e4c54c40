"""Campaigns with dates, a stretch goal and several at once: an ended campaign shows its result
and takes no gift; a campaign not yet open takes none either; each running campaign placed on an
article (site-wide, its section's, its own) shows its own meter and call to give."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tribune.donations.models import Campaign, Donation, LedgerEntry
from tribune.donations.selectors import goal_progress
from tribune.donations.services import campaign_save, ledger_entry_record, manual_entry_record
from tribune.newsroom.tests.factories import article_factory, section_factory

from .factories import campaign_factory, donation_factory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.replace("&#x27;", "'").replace("\u00a0", " ").split())


def give(client, campaign):
    return client.post(campaign.get_absolute_url(), {"amount": "2500", "currency": "USD", "frequency": "once",
                                                     "email": "a@example.org"})


def meters(client, article) -> list[str]:
    """The names of the campaigns whose meters show on the article page, in page order."""
    page = client.get(article.get_absolute_url()).content.decode()
    return re.findall(r'class="goal__name" id="[^"]+"><a href="[^"]+">([^<]+)</a>', page)


class TestDates:
    def test_an_ended_campaign_shows_its_result_and_takes_no_more_gifts(self, client):
        now = timezone.now()
        campaign = campaign_factory(goal_minor=500_000, starts_at=now - timedelta(days=30),
                                    ends_at=now - timedelta(days=1))
        manual_entry_record(campaign=campaign, amount_minor=304_800, occurred_at=now - timedelta(days=2))
        page = text(client.get(campaign.get_absolute_url()))
        assert "This campaign ended on" in page
        assert "Together, readers gave 3,048 $ of the 5,000 $ goal (61%)." in page
        assert "no longer takes gifts" in page and "Continue to" not in page
        assert give(client, campaign).status_code == 400
        assert not Donation.objects.exists()

    def test_renewals_after_the_end_are_kept_but_do_not_change_the_result(self):
        now = timezone.now()
        campaign = campaign_factory(goal_minor=100_000, starts_at=now - timedelta(days=60),
                                    ends_at=now - timedelta(days=10))
        donation = donation_factory(campaign=campaign, frequency="monthly")
        for reference, kind, days_ago in [("first", "gift", 40), ("before", "renewal", 20), ("after", "renewal", 5)]:
            ledger_entry_record(campaign=campaign, kind=kind, amount_minor=1000, currency="USD",
                                reference=reference, donation=donation, occurred_at=now - timedelta(days=days_ago))
        # A refund after the end corrects a gift of the drive: it counts.
        ledger_entry_record(campaign=campaign, kind="refund", amount_minor=-500, currency="USD",
                            reference="refund", donation=donation, occurred_at=now - timedelta(days=3))
        assert goal_progress(campaign=campaign).raised_minor == 1500
        assert LedgerEntry.objects.filter(campaign=campaign).count() == 4

    def test_a_campaign_not_yet_open_says_when_and_takes_no_gift(self, client):
        campaign = campaign_factory(starts_at=timezone.now() + timedelta(days=3))
        page = text(client.get(campaign.get_absolute_url()))
        assert "This campaign opens on" in page and "Continue to" not in page
        assert give(client, campaign).status_code == 400
        assert not Donation.objects.exists()

    def test_a_campaign_without_a_start_or_an_end_is_open(self, client):
        campaign = campaign_factory(starts_at=None, ends_at=None)
        assert campaign.is_open
        assert give(client, campaign).status_code == 302

    def test_a_campaign_closing_later_says_when(self, client):
        campaign = campaign_factory(ends_at=timezone.now() + timedelta(days=5))
        assert "The campaign closes on" in text(client.get(campaign.get_absolute_url()))

    @pytest.mark.parametrize(("fields", "field"), [
        ({"stretch_goal_minor": 500_000}, "stretch_goal_minor"),
        ({"stretch_goal_minor": 100}, "stretch_goal_minor"),
        ({"starts_at": timezone.now(), "ends_at": timezone.now() - timedelta(days=1)}, "ends_at"),
        ({"slug": "manage"}, "slug"),
        ({"slug": "test-card"}, "slug"),
    ])
    def test_impossible_campaigns_are_refused_with_a_clear_message(self, fields, field):
        with pytest.raises(ValidationError) as error:
            campaign_factory(goal_minor=500_000, **fields)
        assert field in error.value.message_dict


class TestStretchGoal:
    def test_once_the_goal_is_reached_the_meter_shows_the_stretch_goal(self, client,
                                                                       django_capture_on_commit_callbacks):
        campaign = campaign_factory(goal_minor=100_000, stretch_goal_minor=150_000)
        article = article_factory()
        manual_entry_record(campaign=campaign, amount_minor=90_000)
        before = text(client.get(article.get_absolute_url()))
        assert "raised · 90% of the goal" in before and "Stretch goal" not in before
        # The gift's commit has the cached article pages drawn anew.
        with django_capture_on_commit_callbacks(execute=True):
            manual_entry_record(campaign=campaign, amount_minor=30_000)
        after = client.get(article.get_absolute_url())
        assert "raised · goal of 1,000 $ reached! Stretch goal 1,500 $: 80%" in text(after)
        assert 'aria-valuemax="150000"' in after.content.decode()
        assert 'width="80.0%"' in after.content.decode()


class TestSeveralAtOnce:
    def test_site_wide_section_and_article_campaigns_each_show_their_own_meter_most_specific_first(self, client):
        news, sport = section_factory("News"), section_factory("Sport")
        article = article_factory(section=news)
        other = article_factory(section=sport)
        campaign_factory(name="Keep the lights on")
        campaign_factory(name="Fund the newsdesk", placement=Campaign.Placement.SECTIONS, sections=[news])
        own = campaign_factory(name="Send a reporter to the trial", placement=Campaign.Placement.ARTICLES)
        own.articles.set([article])
        campaign_save(campaign=own)
        campaign_factory(name="Only on its page", placement=Campaign.Placement.NOWHERE)
        assert meters(client, article) == ["Send a reporter to the trial", "Fund the newsdesk", "Keep the lights on"]
        assert meters(client, other) == ["Keep the lights on"]
        page = client.get(article.get_absolute_url()).content.decode()
        # Each campaign's call to give leads to its own page, above and below the article.
        assert page.count(f'href="{own.get_absolute_url()}"') >= 3

    @override_settings(DONATIONS_CAMPAIGNS_PER_ARTICLE=2)
    def test_an_article_shows_a_few_campaigns_at_most(self, client):
        for number in range(4):
            campaign_factory(name=f"Drive {number}")
        assert len(meters(client, article_factory())) == 2

    def test_staff_choose_the_articles_in_the_admin(self, client):
        article = article_factory(headline="The trial opens")
        client.force_login(get_user_model().objects.create_superuser("staff", "s@example.org", "pw"))
        response = client.get(reverse("admin:donations_campaign_add"))
        assert response.status_code == 200 and 'name="articles"' in response.content.decode()
        found = client.get(reverse("admin:autocomplete") + "?app_label=donations&model_name=campaign"
                           "&field_name=articles&term=trial")
        assert found.status_code == 200 and "The trial opens" in found.content.decode()
        assert article.pk
