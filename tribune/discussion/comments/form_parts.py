"""Parts other rooms add to the comment form, so the comment section never imports them.

The notifications room adds the "Notify me of" choices this way. A part names the template
rendered inside the form (it receives the form's context, `form` holding what was posted),
a check run on the posted data before the comment is stored (it returns errors as
(field or None, message) pairs, which refuse the comment), and an action run once the comment
is stored (it may add messages for the reader). Parts register from their app's ready().
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FormPart:
    key: str
    template: str
    # check(data, reader) -> list of (field name or None, message)
    check: Callable
    # apply(request, comment, reader, data) -> None
    apply: Callable


_parts: dict[str, FormPart] = {}


def form_part_register(*, key: str, template: str, check: Callable, apply: Callable) -> None:
    """Add a part to the comment form (again under the same key replaces it)."""
    _parts[key] = FormPart(key=key, template=template, check=check, apply=apply)


def form_parts() -> list[FormPart]:
    """Return the parts of the comment form, in the order they registered."""
    return list(_parts.values())


def form_parts_check(*, data, reader) -> list[tuple[str | None, str]]:
    """Return every part's errors for the posted `data`."""
    return [error for part in _parts.values() for error in part.check(data, reader)]


def form_parts_apply(*, request, comment, reader, data) -> None:
    """Run every part's action for a stored `comment`."""
    for part in _parts.values():
        part.apply(request, comment, reader, data)
