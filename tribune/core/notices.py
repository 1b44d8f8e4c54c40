"""Notices said beside the control a reader used, on the page a form without JavaScript comes
back to.

A view that answers a form with a redirect adds its notice with `notice_add(place=...)`: the
place is the id of the element the redirect's fragment points at ("comment-12", "follow"), and
an optional `state` tells the page what the control shows now ("reported", "following"), there
and at the places named in `state_also` (a control elsewhere that the action changed too). The
page's context asks `notices_take(request, places)` for the notices of the places it shows and
draws each beside its control, announced (role=status). Notices for places the page does not
show stay where every other message is, at the top of the page (base.html's `unplaced`).

Notices are Django messages: they live in the messages cookie (or the session), which is an
identity (core.personal), so a page that shows one is rendered for its reader alone and never
stored in or served from the shared page cache.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.messages.storage.base import Message

# extra_tags of a placed message: "at:<place>" and, optionally, "state:<state>" and one
# "also:<place>" for each other place that takes the state (without the words).
_AT = "at:"
_STATE = "state:"
_ALSO = "also:"


@dataclass
class Notices:
    """The notices of one place: what is said there, and the states they give its control."""

    said: list[Message] = field(default_factory=list)
    states: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.said)

    def __getattr__(self, name):
        # In templates: `{% if notices.reported %}`.
        if name.startswith("_"):
            raise AttributeError(name)
        return name in self.states


def notice_add(request, level: int, message: str, *, place: str, state: str = "",
               state_also: tuple[str, ...] = ()) -> None:
    """Say `message` beside the element with id `place` on the page the reader goes back to;
    `state` is what that control (and those of `state_also`) shows now."""
    tags = [f"{_AT}{place}"]
    if state:
        tags += [f"{_STATE}{state}", *(f"{_ALSO}{other}" for other in state_also)]
    messages.add_message(request, level, message, extra_tags=" ".join(tags))


def notices_take(request, places) -> dict[str, Notices]:
    """Return the notices for each of `places` the page shows, by place; they no longer show
    among the page's other messages."""
    wanted = set(places)
    found: dict[str, Notices] = {}
    for message in messages.get_messages(request):
        place, state, others = _placement(message)
        if place not in wanted:
            continue
        notices = found.setdefault(place, Notices())
        notices.said.append(message)
        if state:
            for each in [place, *(other for other in others if other in wanted)]:
                found.setdefault(each, Notices()).states.add(state)
        # Read by base.html's `unplaced` filter, which renders after the page's context is built.
        message.placed = True
    return found


def message_unplaced(message) -> bool:
    """Return whether `message` is not shown beside a control of the page."""
    return not getattr(message, "placed", False)


def _placement(message) -> tuple[str, str, list[str]]:
    place = state = ""
    others = []
    for tag in (message.extra_tags or "").split():
        if tag.startswith(_AT):
            place = tag[len(_AT):]
        elif tag.startswith(_STATE):
            state = tag[len(_STATE):]
        elif tag.startswith(_ALSO):
            others.append(tag[len(_ALSO):])
    return place, state, others
