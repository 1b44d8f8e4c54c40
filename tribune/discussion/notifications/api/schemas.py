"""Input and output shapes of the notifications' API operations."""

from typing import Literal

from ninja import Field, Schema

from tribune.discussion.comments.api.schemas import NO_NUL, InputSchema

Kind = Literal["thread", "replies"]
Cadence = Literal["each", "daily"]


class SubscriptionCreateIn(InputSchema):
    kinds: list[Kind] = Field(min_length=1, max_length=2, description='"thread": every new comment; '
                              '"replies": replies to the reader\'s own comments.')
    cadence: Cadence = Field("each", description="One email per comment, or a daily digest.")
    email: str = Field("", max_length=254, pattern=NO_NUL,
                       description="A guest's address; a signed-in reader's account address is used.")


class SubscriptionCreatedOut(Schema):
    thread_id: int
    kinds: list[Kind]
    cadence: Cadence
    pending: bool = Field(description="True when the address must still be confirmed: an email with "
                                      "a link was sent, and nothing else is sent to it before.")
