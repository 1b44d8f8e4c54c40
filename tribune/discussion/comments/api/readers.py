"""Who sends an API request, and how a guest's new key is handed back.

A registered reader is signed in by the session cookie: a write must then carry the CSRF token
(X-CSRFToken), or another site's page could act in their name. A guest proves who they are
with their key: in X-Guest-Key (the widget, on other sites' pages), or in the signed cookie
the site's own pages keep. The other rooms' API operations (notifications) use these too.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from tribune.core.api_writes import request_from_own_page
from tribune.core.errors import DomainError

from ..identity import Reader, guest_key_remember, reader_from_request


class CsrfFailedError(DomainError):
    code = "csrf_failed"
    status = 403


def api_reader(request, *, issue_guest_key: bool = False) -> Reader:
    """Return the reader of an API request, with a new guest key when `issue_guest_key` and
    they have none. Raises CsrfFailedError for a request signed in by session without the token."""
    reader = reader_from_request(request, issue_guest_key=issue_guest_key, guest_header=True)
    # Only a session can be abused by another site; a guest's key is theirs to send.
    if reader.user is not None and CsrfViewMiddleware(lambda r: None).process_view(
            request, None, (), {}) is not None:
        raise CsrfFailedError(_("Send the CSRF token (X-CSRFToken header) with this request."))
    return reader


def guest_key_keep(request, response, reader: Reader) -> str | None:
    """Hand a newly issued guest key back, and return what the answer's body says of it.

    On the site's own page the key goes into the signed HttpOnly cookie the pages read, as the
    page's forms do, and the body says nothing of it: the page's script never holds it. Anywhere
    else (the widget on an allowed site, a client outside a browser) the body carries it, for
    the client to send back in X-Guest-Key.
    """
    if not reader.new_guest_key:
        return None
    if request_from_own_page(request):
        guest_key_remember(response, reader)
        return None
    return reader.guest_key
