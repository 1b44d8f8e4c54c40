"""Input and output shapes of moderation's API operations."""

from typing import Literal

from ninja import Field, Schema

from tribune.discussion.comments.api.schemas import NO_NUL, InputSchema

from ..models import Report

Reason = Literal[tuple(Report.Reason.values)]


class ReportCreateIn(InputSchema):
    reason: Reason = Field(description="What is wrong with the comment.")
    note: str = Field("", max_length=500, pattern=NO_NUL, description="Anything the moderators should know.")


class ReportCreatedOut(Schema):
    comment_id: int
    hidden: bool = Field(description="True when reports hid the comment until a moderator decides.")
