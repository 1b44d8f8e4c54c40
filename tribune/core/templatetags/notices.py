"""Template helpers for notices said beside a control (see core.notices)."""

from django import template

from ..notices import Notices, message_unplaced

register = template.Library()


@register.filter
def unplaced(messages) -> list:
    """Return the messages no control of the page shows beside it."""
    return [message for message in messages if message_unplaced(message)]


@register.simple_tag(takes_context=True)
def notices_at(context, place, pk=None) -> Notices:
    """Return the notices the page shows at `place` (with `pk`: at "<place>-<pk>")."""
    key = f"{place}-{pk}" if pk is not None else str(place)
    found = (context.get("notices") or {}).get(key)
    # Not `or`: notices that only set a state say nothing, and are false.
    return found if found is not None else Notices()
