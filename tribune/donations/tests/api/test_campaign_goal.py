"""The goal meter's JSON answer: live figures from the ledger, cacheable, readable by allowed hosts only."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tribune.donations.models import LedgerEntry
from tribune.donations.services import ledger_entry_record, manual_entry_record

from ..factories import campaign_factory

pytestmark = pytest.mark.django_db

HOST = "https://blog.example.org"


def goal(client, slug, **headers):
    return client.get(f"/api/v1/campaigns/{slug}/goal", **headers)


class TestFigures:
    def test_answer_shows_the_ledger_figures_with_labels_ready_to_show(self, client):
        campaign = campaign_factory(goal_minor=500_000, cta_label="Give now")
        manual_entry_record(campaign=campaign, amount_minor=304_800)
        response = goal(client, campaign.slug)
        assert response.status_code == 200
        body = response.json()
        assert (body["raised_minor"], body["goal_minor"], body["target_minor"]) == (304_800, 500_000, 500_000)
        assert body["labels"]["raised"] == "3,048\u00a0$" and body["labels"]["goal"] == "5,000\u00a0$"
        assert body["labels"]["status"] == "raised · 61% of the goal"
        assert body["state"] == "open" and body["cta_label"] == "Give now"
        assert body["url"] == f"http://testserver/support/{campaign.slug}/"
        assert body["fill_percent"] == 61.0

    def test_the_figures_are_live_a_new_gift_shows_at_once(self, client):
        campaign = campaign_factory(goal_minor=10_000)
        assert goal(client, campaign.slug).json()["raised_minor"] == 0
        manual_entry_record(campaign=campaign, amount_minor=2_500)
        assert goal(client, campaign.slug).json()["labels"]["share"] == "25%"

    def test_test_payments_never_count(self, client):
        campaign = campaign_factory()
        ledger_entry_record(campaign=campaign, kind=LedgerEntry.Kind.GIFT, amount_minor=900_000, currency="USD",
                            reference="test:payment:1", is_test=True)
        assert goal(client, campaign.slug).json()["raised_minor"] == 0

    def test_past_the_goal_the_meter_measures_the_stretch_goal(self, client):
        campaign = campaign_factory(goal_minor=100_000, stretch_goal_minor=150_000)
        manual_entry_record(campaign=campaign, amount_minor=120_000)
        body = goal(client, campaign.slug).json()
        assert (body["reached"], body["on_stretch"], body["target_minor"]) == (True, True, 150_000)
        assert body["labels"]["status"] == "raised · goal of 1,000\u00a0$ reached! Stretch goal 1,500\u00a0$: 80%"
        assert body["fill_percent"] == 80.0

    def test_an_ended_campaign_answers_with_its_result(self, client):
        now = timezone.now()
        campaign = campaign_factory(starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=1),
                                    goal_minor=100_000)
        manual_entry_record(campaign=campaign, amount_minor=50_000, occurred_at=now - timedelta(days=3))
        body = goal(client, campaign.slug).json()
        assert body["state"] == "ended"
        assert body["labels"]["result"] == ("This campaign has ended. Together, readers gave 500\u00a0$ of the "
                                            "1,000\u00a0$ goal (50%).")

    def test_an_unknown_or_inactive_campaign_is_a_404_with_its_code(self, client):
        inactive = campaign_factory(is_active=False)
        for slug in ("nothing-here", inactive.slug):
            response = goal(client, slug)
            assert response.status_code == 404
            assert response.json()["code"] == "campaign_not_found" and response.json()["number"] == 301

    @pytest.mark.parametrize("slug", ["a%00b", "..%2F..%2Fadmin", "x" * 101, "<script>"])
    def test_a_slug_that_names_no_campaign_is_refused_without_a_500(self, client, slug):
        response = goal(client, slug)
        assert response.status_code in (404, 422)
        assert "code" in response.json()


class TestCachingAndOrigins:
    def test_answer_may_be_kept_a_minute_by_browsers_and_proxies(self, client):
        campaign = campaign_factory()
        response = goal(client, campaign.slug)
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
        assert "Origin" in response["Vary"]
        assert "Set-Cookie" not in response

    def test_a_reader_with_a_session_gets_a_private_answer(self, client, django_user_model):
        campaign = campaign_factory()
        client.force_login(django_user_model.objects.create_user("ana", "ana@example.org", "pw"))
        response = goal(client, campaign.slug)
        assert response.status_code == 200 and response.json()["slug"] == campaign.slug
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]

    @override_settings(DISCUSSION_EMBED_HOSTS=[HOST])
    def test_an_allowed_host_may_read_the_answer(self, client):
        campaign = campaign_factory()
        response = goal(client, campaign.slug, HTTP_ORIGIN=HOST)
        assert response.status_code == 200 and response.json()["slug"] == campaign.slug
        assert response["Access-Control-Allow-Origin"] == HOST
        assert "Access-Control-Allow-Credentials" not in response

    @override_settings(DISCUSSION_EMBED_HOSTS=[HOST])
    @pytest.mark.parametrize("origin", ["https://evil.example", "https://blog.example.org.evil.example",
                                        "http://blog.example.org", "null"])
    def test_another_site_cannot_read_the_answer(self, client, origin):
        campaign = campaign_factory()
        response = goal(client, campaign.slug, HTTP_ORIGIN=origin)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response
