"""Output shapes of the donations API."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

# A campaign's slug, as its page's address has it.
CampaignSlug = Annotated[str, Field(max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")]


class GoalLabelsOut(Schema):
    """Every figure as text in the site's language and money format, ready to show."""

    raised: str
    goal: str = Field(description="The target: the goal, or the stretch goal once the goal is reached.")
    first_goal: str
    zero: str
    half: str
    share: str = Field(description="The share of the (first) goal raised, like 61%.")
    status: str = Field(description='What follows the raised amount: "raised · 61% of the goal".')
    summary: str = Field(description="One sentence for screen readers: raised, goal and share.")
    result: str = Field(description="An ended campaign's result, otherwise empty.")
    dates: str = Field(description="When it opens or closes, when it has such a date, otherwise empty.")


class GoalOut(Schema):
    slug: str
    name: str
    url: str = Field(description="The campaign's page on this site, where the gift is made.")
    cta_label: str
    cta_text: str
    state: Literal["upcoming", "open", "ended"]
    starts_at: datetime | None
    ends_at: datetime | None
    currency: str
    raised_minor: int = Field(description="Money raised, in minor units (cents); test payments never count.")
    goal_minor: int
    stretch_goal_minor: int | None
    target_minor: int = Field(description="What the meter measures against: the goal, then the stretch goal.")
    reached: bool
    on_stretch: bool
    fill_percent: float = Field(description="The bar's width against the target, 0 to 100.")
    labels: GoalLabelsOut
