"""Where a campaign shows: every article, the chosen sections, or only its own page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tribune.donations.models import Campaign
from tribune.donations.selectors import campaign_for_article
from tribune.newsroom.models import Article, Section

from ..factories import campaign_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections():
    return Section.objects.create(name="News", slug="news"), Section.objects.create(
        name="Sport", slug="sport"
    )


def article_in(section):
    return Article(headline="A story", slug="a-story", body="Text", section=section)


class TestCampaignForArticle:
    def test_campaign_for_chosen_sections_shows_only_there(self, sections):
        news, sport = sections
        campaign = campaign_factory(placement=Campaign.Placement.SECTIONS, sections=[news])
        assert campaign_for_article(article=article_in(news)) == campaign
        assert campaign_for_article(article=article_in(sport)) is None
        assert campaign_for_article(article=article_in(None)) is None

    def test_campaign_on_its_own_page_only_shows_on_no_article(self, sections):
        campaign_factory(placement=Campaign.Placement.NOWHERE)
        assert campaign_for_article(article=article_in(sections[0])) is None

    def test_the_most_recently_started_running_campaign_wins(self, sections):
        now = timezone.now()
        campaign_factory(starts_at=now - timedelta(days=10))
        newer = campaign_factory(starts_at=now - timedelta(days=1))
        campaign_factory(starts_at=now + timedelta(days=1))
        campaign_factory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(hours=1))
        assert campaign_for_article(article=article_in(sections[0])) == newer

    def test_article_page_shows_the_calls_to_give_where_the_campaign_says(
        self, client, demo, django_capture_on_commit_callbacks
    ):
        from tribune.donations.services import campaign_save

        campaign = Campaign.objects.get()
        html = client.get(demo.get_absolute_url()).content.decode()
        assert html.count('class="give give--') == 2
        campaign.cta_above = False
        with django_capture_on_commit_callbacks(execute=True):
            campaign_save(campaign=campaign)
        html = client.get(demo.get_absolute_url()).content.decode()
        assert "give--above" not in html and "give--below" in html
        campaign.placement = Campaign.Placement.NOWHERE
        with django_capture_on_commit_callbacks(execute=True):
            campaign_save(campaign=campaign)
        html = client.get(demo.get_absolute_url()).content.decode()
        assert 'role="meter"' not in html and "give--" not in html
