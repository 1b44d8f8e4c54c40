"""Input and output shapes of the discussion API."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from tribune.core.api import AnswerSchema
from tribune.core.ids import ID_MAX

Sort = Literal["newest", "oldest", "voted"]
# A row id: what a 64-bit column holds (a longer number would reach the database and fail there).
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# Text that is stored or looked up: PostgreSQL refuses the NUL character in text.
NO_NUL = r"^[^\x00]*$"
# A guest's key as the API hands it out (43 URL-safe characters); anything else is nobody's.
GUEST_KEY = r"^[A-Za-z0-9_-]{20,100}$"
PageUrl = Annotated[str, Field(max_length=1000, pattern=NO_NUL)]
Slug = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


class InputSchema(Schema):
    """A request body, taken as its schema says: "5" is not 5, true is not 1, 1.0 is not an id."""

    model_config = ConfigDict(strict=True)


class AuthorOut(AnswerSchema):
    name: str = Field(description="Empty for an anonymous guest.")
    kind: Literal["registered", "guest", "anonymous", "deleted"] = Field(
        description='"deleted" for a comment whose text is not shown (deleted, held or taken down). '
                    'A guest\'s comment shows the "Guest" badge.')
    marks: list[str] = Field(description='Marks beside the name, such as "staff" or "supporter" (the '
                                        'page\'s words name them: "Staff", "Supporter").')


class AnchorRefOut(AnswerSchema):
    id: int
    exact: str
    state: Literal["anchored", "moved", "orphaned"]
    question: str


class ViewerOut(AnswerSchema):
    """What the reader who sent the request may do with the comment."""

    mine: bool = Field(description="They wrote it: they may delete it, and neither vote on it nor "
                                   "report it. False once it is deleted.")
    can_edit: bool = Field(description="Theirs, and the edit window is still open.")
    my_vote: int = Field(description="Their vote: 1, -1, or 0 for none.")


class CommentOut(AnswerSchema):
    id: int
    thread_id: int
    parent_id: int | None
    depth: int = Field(description="Nesting level, 0 for a top-level comment.")
    reply_to_name: str = Field(description="Set when the page stops indenting: the name replied to.")
    author: AuthorOut
    body_html: str = Field(description="Sanitized HTML, safe to insert; empty unless the comment "
                                       "is visible.")
    status: Literal["visible", "deleted", "pending", "rejected", "spam"] = Field(
        description="Anything but visible is a place kept for the replies under it.")
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    anchor: AnchorRefOut | None = Field(None, description="The passage the comment is about.")
    moderator_note: str = Field("", description="Why a moderator changed the text, shown under it.")
    viewer: ViewerOut | None = Field(
        None, description="Set in answers made for one reader (posting, editing, deleting); lists, "
                          "which every reader shares, leave it out: ask /threads/{id}/mine.")


class ThreadOut(AnswerSchema):
    id: int
    url: str | None
    article_url: str | None
    title: str
    is_open: bool
    comment_count: int
    version: int = Field(description="Moves with every change the thread shows: what the live "
                                     "stream (/live/threads/{id}?since=) sends after it.")


class CommentPageOut(AnswerSchema):
    thread: ThreadOut
    sort: Sort
    page: int | None
    page_size: int | None
    top_level_total: int
    comments: list[CommentOut]


class AnchorIn(InputSchema):
    """A passage of the article (W3C Web Annotation text quote and text position, in Unicode
    code points of the article's text)."""

    exact: str = Field(min_length=1, max_length=1000, pattern=NO_NUL)
    prefix: str = Field("", max_length=64, pattern=NO_NUL)
    suffix: str = Field("", max_length=64, pattern=NO_NUL)
    start: int = Field(0, ge=0, le=10_000_000)
    end: int = Field(0, ge=0, le=10_000_000)


class CommentCreateIn(InputSchema):
    body: str = Field(min_length=1, max_length=20000, pattern=NO_NUL)
    name: str = Field("", max_length=200, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    parent_id: Id | None = None
    anchor_id: Id | None = Field(None, description="Answer an editor's question on a passage.")
    anchor: AnchorIn | None = Field(None, description="Comment on a passage the reader selected.")


class CommentCreateByUrlIn(CommentCreateIn):
    url: str = Field(max_length=1000, pattern=NO_NUL,
                     description="The address of the page the thread belongs to.")
    title: str = Field("", max_length=300, pattern=NO_NUL)


class CommentCreatedOut(AnswerSchema):
    comment: CommentOut
    held: bool = Field(description="True when the comment awaits review before others see it.")
    held_reason: str = Field("", description="Why it awaits review, for the writer.")
    guest_key: str | None = Field(
        None, description="A new guest's key: send it back as X-Guest-Key to edit, delete and vote. "
                          "From the site's own pages the key goes into the browser's HttpOnly guest "
                          "cookie instead, and this is null."
    )
    comment_count: int = Field(description="The thread's published comments now, replies included.")


class CommentEditedOut(CommentOut):
    held: bool = Field(description="True when the new text sent the comment back to review: others "
                                   "do not see it until a moderator approves it.")
    held_reason: str = Field("", description="Why it awaits review, for the writer.")


class CommentEditIn(InputSchema):
    body: str = Field(min_length=1, max_length=20000, pattern=NO_NUL)


class VoteIn(InputSchema):
    value: int = Field(ge=-1, le=1, description="1 up, -1 down, 0 withdraws the vote.")


class VoteOut(AnswerSchema):
    comment_id: int
    my_vote: int
    upvotes: int
    downvotes: int
    score: int


class ThreadCountOut(AnswerSchema):
    thread_id: int | None
    url: str | None
    article: str | None
    count: int


class CountsOut(AnswerSchema):
    counts: list[ThreadCountOut]


class ListFilter(Schema):
    """Which top-level comments a list holds (their replies always follow them)."""

    inline: bool = Field(False, description="Only comments on passages of the article.")
    anchor: Id | None = Field(None, description="Only comments on this passage (an anchor's id).")


class MineOut(AnswerSchema):
    comment_ids: list[int] = Field(description="Comments in this thread the reader may manage.")
    editable_ids: list[int] = Field(description="Of those, the ones still inside the edit window.")
    votes: dict[int, int] = Field(description="The reader's votes by comment id.")


class AnchorOut(AnswerSchema):
    id: int
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    state: Literal["anchored", "moved", "orphaned"]
    question: str
    count: int = Field(description="Published comments on this passage.")


class EmbedMineOut(MineOut):
    sources: dict[int, str] = Field(description="The text (Markdown) of the editable comments, to edit.")


class EmbedPageOut(AnswerSchema):
    """The widget's first answer: a page's thread, its comments and the reader's own state."""

    thread: ThreadOut | None = Field(description="Null before the page's first comment.")
    sort: Sort
    page: int | None
    page_size: int | None
    top_level_total: int
    comments: list[CommentOut]
    mine: EmbedMineOut
