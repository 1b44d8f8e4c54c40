"""Donations reads: which campaign shows where, and how far it has come."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import Campaign, LedgerEntry
from .money import money_format, percent_format


@dataclass(frozen=True)
class GoalProgress:
    """A campaign's meter: the money raised against the goal, with labels ready to show."""

    campaign: Campaign
    raised_minor: int
    goal_minor: int
    share: Decimal  # raised / goal; above 1 once the goal is passed
    fill_percent: Decimal  # the bar's width, 0 to 100
    label_zero: str
    label_half: str
    label_goal: str
    label_raised: str
    label_share: str

    @property
    def reached(self) -> bool:
        return self.raised_minor >= self.goal_minor


def campaign_for_article(*, article) -> Campaign | None:
    """Return the running campaign shown on articles, the most recently started first."""
    return Campaign.objects.running().first()


def raised_minor(*, campaign: Campaign) -> int:
    """Return the money received for `campaign`, in minor units, summed from its ledger."""
    total = LedgerEntry.objects.filter(campaign=campaign).aggregate(total=Sum("amount_minor"))
    return total["total"] or 0


def goal_progress(*, campaign: Campaign) -> GoalProgress:
    """Return the meter for `campaign`, computed from its ledger."""
    raised = raised_minor(campaign=campaign)
    goal = campaign.goal_minor
    share = Decimal(raised) / Decimal(goal)

    def fmt(amount: int) -> str:
        return money_format(amount, currency=campaign.currency, pattern=campaign.amount_format)

    return GoalProgress(
        campaign=campaign,
        raised_minor=raised,
        goal_minor=goal,
        share=share,
        fill_percent=max(Decimal(0), min(Decimal(100), (share * 100).quantize(Decimal("0.1")))),
        label_zero=fmt(0),
        label_half=fmt(goal // 2),
        label_goal=fmt(goal),
        label_raised=fmt(raised),
        label_share=percent_format(share.quantize(Decimal("0.01"))),
    )
