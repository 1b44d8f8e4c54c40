"""Input and output shapes of the discussion API."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

Sort = Literal["newest", "oldest", "voted"]


class AuthorOut(Schema):
    name: str = Field(description="Empty for an anonymous guest.")
    kind: Literal["registered", "guest", "anonymous", "deleted"]
    marks: list[str] = Field(description='Marks beside the name, such as "supporter".')


class CommentOut(Schema):
    id: int
    thread_id: int
    parent_id: int | None
    depth: int = Field(description="Nesting level, 0 for a top-level comment.")
    reply_to_name: str = Field(description="Set when the page stops indenting: the name replied to.")
    author: AuthorOut
    body_html: str = Field(description="Sanitized HTML, safe to insert.")
    status: Literal["visible", "deleted", "pending"]
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int


class ThreadOut(Schema):
    id: int
    url: str | None
    article_url: str | None
    title: str
    is_open: bool
    comment_count: int


class CommentPageOut(Schema):
    thread: ThreadOut
    sort: Sort
    page: int | None
    page_size: int | None
    top_level_total: int
    comments: list[CommentOut]


class CommentCreateIn(Schema):
    body: str = Field(min_length=1, max_length=20000)
    name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    parent_id: int | None = Field(None, ge=1)


class CommentCreateByUrlIn(CommentCreateIn):
    url: str = Field(max_length=1000, description="The address of the page the thread belongs to.")
    title: str = Field("", max_length=300)


class CommentCreatedOut(Schema):
    comment: CommentOut
    held: bool = Field(description="True when the comment awaits review before others see it.")
    guest_key: str | None = Field(
        None, description="A new guest's key: send it back as X-Guest-Key to edit, delete and vote."
    )


class CommentEditIn(Schema):
    body: str = Field(min_length=1, max_length=20000)


class VoteIn(Schema):
    value: Literal[1, -1, 0] = Field(description="1 up, -1 down, 0 withdraws the vote.")


class VoteOut(Schema):
    comment_id: int
    my_vote: int
    upvotes: int
    downvotes: int
    score: int


class ThreadCountOut(Schema):
    thread_id: int | None
    url: str | None
    article: str | None
    count: int


class CountsOut(Schema):
    counts: list[ThreadCountOut]


class MineOut(Schema):
    comment_ids: list[int] = Field(description="Comments in this thread the reader may manage.")
    editable_ids: list[int] = Field(description="Of those, the ones still inside the edit window.")
    votes: dict[int, int] = Field(description="The reader's votes by comment id.")
