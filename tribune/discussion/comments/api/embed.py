"""The widget's one read (GET /threads/by-url/comments): a page's thread, a page of its comments
and what the reader may do with each, in one answer, so that the first view of an embedded
thread costs one request.

The list part is the shared answer every reader gets (render.comment_page_json, kept in memory
by thread version); the reader's part is added to its bytes, not parsed and built again.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

from ..identity import Reader
from ..models import Comment, Thread
from ..selectors import DEFAULT_SORT, SORTS, reader_states
from .render import comment_page_json


def mine_dict(*, reader: Reader, thread: Thread | None, sources: bool = False) -> dict:
    """Return what only `reader` sees of `thread` (the API's MineOut); with `sources`, also the
    text (Markdown) of the comments they may still edit, for the widget's edit form."""
    states = reader_states(reader=reader, thread=thread) if thread is not None else {}
    mine = {"comment_ids": sorted(pk for pk, state in states.items() if state.mine),
            "editable_ids": sorted(pk for pk, state in states.items() if state.can_edit),
            "votes": {pk: state.my_vote for pk, state in states.items() if state.my_vote}}
    if sources:
        editable = mine["editable_ids"]
        rows = Comment.objects.filter(pk__in=editable).values_list("pk", "body") if editable else []
        mine["sources"] = dict(rows)
    return mine


def embed_page_json(*, thread: Thread | None, reader: Reader, sort: str, page_size: int | None) -> bytes:
    """Return the widget's answer: the thread (None before its first comment), its first page of
    comments (every comment when `page_size` is None) and the reader's `mine`."""
    mine = json.dumps(mine_dict(reader=reader, thread=thread, sources=True), separators=(",", ":")).encode()
    if thread is None:
        empty = {"thread": None, "sort": sort if sort in SORTS else DEFAULT_SORT,
                 "page": None if page_size is None else 1, "page_size": page_size, "top_level_total": 0,
                 "comments": []}
        listed = json.dumps(empty, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    else:
        listed = comment_page_json(thread=thread, sort=sort, page=None if page_size is None else 1,
                                   page_size=page_size).body
    # `listed` is one JSON object: its closing brace gives way to the reader's part.
    return listed[:-1] + b',"mine":' + mine + b"}"
