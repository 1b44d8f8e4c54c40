"""The Supporter mark's pages, reached from a receipt's links: show it from this browser, withdraw it."""

from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tribune.discussion.comments.identity import guest_key_remember, reader_from_request

from ..selectors import supporter_mark_exists, supporter_mark_for_link
from ..services import SupporterMarkGoneError, supporter_mark_prove, supporter_mark_withdraw
from ..tokens import supporter_email_from_token, supporter_show_read


@require_http_methods(["GET", "POST"])
def supporter_withdraw_view(request, token):
    """Withdraw the Supporter mark through the link in a receipt (a button, so scanners don't)."""
    try:
        email = supporter_email_from_token(token=token)
    except signing.BadSignature:
        raise Http404("unknown link") from None
    withdrawn = False
    if request.method == "POST":
        supporter_mark_withdraw(email=email)
        withdrawn = True
    return render(request, "donations/supporter_withdraw.html", {
        "email": email, "withdrawn": withdrawn, "showing": supporter_mark_exists(email=email),
    })


@require_http_methods(["GET", "POST"])
def supporter_show_view(request, token):
    """Show the Supporter mark beside comments from this browser, through the receipt's link.

    Opening the link proves the reader reads the mark's email; the button (a POST, so mail scanners
    that open links change nothing) remembers this browser's guest key with the mark, and links a
    signed-in reader's account. Only guest comments from a proven browser show the mark.
    """
    try:
        mark_id, email = supporter_show_read(token=token)
    except signing.BadSignature:
        raise Http404("unknown link") from None
    shown = False
    gone = supporter_mark_for_link(mark_id=mark_id, email=email) is None
    reader = reader_from_request(request, issue_guest_key=request.method == "POST" and not gone)
    if request.method == "POST" and not gone:
        try:
            supporter_mark_prove(mark_id=mark_id, email=email, user=reader.user,
                                 guest_key_hash=reader.guest_key_hash)
        except SupporterMarkGoneError:
            gone = True
        else:
            shown = True
    response = render(request, "donations/supporter_show.html", {
        "email": email, "shown": shown, "gone": gone, "signed_in": reader.user is not None,
    }, status=404 if gone else 200)
    guest_key_remember(response, reader)
    return response
