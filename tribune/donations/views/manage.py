"""The donor's own page for a gift, reached from the signed link in every receipt: no account.

Opening it changes nothing; every change is a POST carrying the CSRF token, since mail scanners
open the links in an email but never send its forms. A forged link gets a 404 page and an expired
one a 410 page, each saying so plainly and offering to email a fresh link to the address the
donor gave with (the answer is the same whether or not that address gave).
"""

from csp.decorators import csp_update
from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tribune.core.errors import DomainError
from tribune.core.privacy import address_hash

from ..forms import ManageLinkForm, MonthlyAmountForm, StatementForm
from ..models import Donation
from ..money import money_format
from ..payments import StripeMonthly, TestMonthly, monthly_provider, payments_test_mode
from ..payments.testing import testpay_card_read, testpay_card_update, testpay_renewal, testpay_renewal_fail
from ..selectors import (
    donation_for_manage,
    monthly_history,
    monthly_open_failure,
    receipt_address,
)
from ..services import (
    donation_thanks_choose,
    manage_links_request,
    monthly_amount_change,
    monthly_cancel,
    monthly_card_url,
    monthly_skip,
    statement_request,
)
from ..tokens import ManageLinkExpiredError, manage_read

# Where Stripe's customer portal lives; the manage page's card form leads there.
STRIPE_PORTAL_ORIGIN = "https://billing.stripe.com"


def manage_view(request, token):
    """Show a gift: its state, what can be changed, and its history."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    return _page(request, donation, token)


@require_POST
def manage_amount_view(request, token):
    """Change the amount of a monthly gift, from the next payment on."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    form = MonthlyAmountForm(request.POST, donation=donation)
    if not form.is_valid():
        return _page(request, donation, token, amount_form=form, status=400)
    try:
        donation = monthly_amount_change(donation=donation, amount_minor=form.cleaned_data["amount"],
                                         provider=monthly_provider(donation))
    except DomainError as exc:
        return _page(request, donation, token, amount_form=form, error=exc)
    messages.success(request, _("Done: your monthly gift is now %(amount)s, from the next payment on.")
                     % {"amount": _money(donation, donation.amount_minor)})
    return _back(token)


@require_POST
def manage_skip_view(request, token):
    """Skip the next payment of a monthly gift."""
    return _monthly_change(request, token, monthly_skip, _("Done: your next monthly payment is skipped. "
                                                           "The one after is taken as usual."))


@require_POST
def manage_cancel_view(request, token):
    """End a monthly gift: no further payment."""
    return _monthly_change(request, token, monthly_cancel,
                           _("Done: your monthly gift is cancelled. Nothing more will be taken. "
                             "Thank you for your support."))


def _monthly_change(request, token, change, done: str):
    """Apply `change` (a monthly service taking the donation and its provider) and say `done`."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    try:
        change(donation=donation, provider=monthly_provider(donation))
    except DomainError as exc:
        return _page(request, donation, token, error=exc)
    messages.success(request, done)
    return _back(token)


@require_POST
def manage_card_view(request, token):
    """Send the donor to the payment service's page for their card (Stripe's customer portal)."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    back = request.build_absolute_uri(reverse("donations:manage", kwargs={"token": token}))
    try:
        url = monthly_card_url(donation=donation, provider=monthly_provider(donation), return_url=back)
    except DomainError as exc:
        return _page(request, donation, token, error=exc)
    return HttpResponseRedirect(url)


@require_POST
def manage_name_view(request, token):
    """Thank the donor by name on the campaign page, or stop."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    listed = request.POST.get("listed") == "yes"
    try:
        donation_thanks_choose(donation=donation, listed=listed)
    except DomainError as exc:
        return _page(request, donation, token, error=exc)
    messages.success(request, _("Done: your name is on the campaign page's thanks.") if listed
                     else _("Done: your name is no longer on the campaign page."))
    return _back(token)


@require_POST
def manage_statement_view(request, token):
    """Email the donor their statement for the chosen year."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _page(request, donation, token, statement_form=form, status=400)
    try:
        to = statement_request(donation=donation, year=form.cleaned_data["year"])
    except DomainError as exc:
        return _page(request, donation, token, statement_form=form, error=exc)
    messages.success(request, _("Your statement for %(year)s is on its way to %(email)s.")
                     % {"year": form.cleaned_data["year"], "email": to})
    return _back(token)


@require_POST
def manage_test_view(request, token, what):
    """Simulate the next monthly payment of a test gift, or its failure (test payments only)."""
    donation, refused = _donation(request, token)
    if refused is not None:
        return refused
    if what not in ("renewal", "failure") or not isinstance(monthly_provider(donation), TestMonthly) \
            or not donation.is_manageable:
        return _refused(request, "invalid", status=404)
    if what == "renewal":
        testpay_renewal(donation=donation)
        messages.info(request, _("Test: the next monthly payment was simulated."))
    else:
        testpay_renewal_fail(donation=donation)
        messages.info(request, _("Test: a failed monthly payment was simulated."))
    return _back(token)


@require_http_methods(["GET", "POST"])
def test_card_view(request, token):
    """The test provider's card page: take a new (test) card, which pays a failed payment."""
    if not payments_test_mode():
        return _refused(request, "invalid", status=404)
    try:
        donation, back = testpay_card_read(token=token)
    except (signing.BadSignature, Donation.DoesNotExist):
        return _refused(request, "invalid", status=404)
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return _refused(request, "invalid", status=404)
    if request.method == "POST":
        testpay_card_update(donation=donation)
        messages.success(request, _("Test: your new card is saved, and a failed payment was taken with it."))
        return HttpResponseRedirect(back)
    return _private(render(request, "donations/test_card.html", {
        "donation": donation, "campaign": donation.campaign, "back": back,
        "amount": _money(donation, donation.amount_minor),
    }))


@require_http_methods(["GET", "POST"])
def manage_link_view(request):
    """Ask for a fresh manage link by email: the same answer whether or not the address gave."""
    form = ManageLinkForm(request.POST or None)
    sent, status = False, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                manage_links_request(email=form.cleaned_data["email"], address_hash=address_hash(request))
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                sent, status = True, 200
    response = render(request, "donations/manage_link.html", {"form": form, "sent": sent}, status=status)
    return _private(response)


def _donation(request, token):
    """Return (donation, None) for a good link, or (None, the page that refuses it)."""
    try:
        donation_id = manage_read(token=token)
    except ManageLinkExpiredError:
        return None, _refused(request, "expired", status=410)
    except signing.BadSignature:
        return None, _refused(request, "invalid", status=404)
    donation = donation_for_manage(donation_id=donation_id)
    if donation is None:
        return None, _refused(request, "invalid", status=404)
    return donation, None


def _page(request, donation, token, *, amount_form=None, statement_form=None, error=None, status=200):
    provider = monthly_provider(donation)
    is_test = donation.provider == Donation.Provider.TEST
    context = {
        "donation": donation,
        "campaign": donation.campaign,
        "token": token,
        "amount": _money(donation, donation.amount_minor),
        "history": monthly_history(donation=donation),
        "failure": monthly_open_failure(donation=donation) if donation.is_manageable else None,
        "amount_form": amount_form or MonthlyAmountForm(donation=donation),
        "statement_form": statement_form or StatementForm(),
        "statement_to": receipt_address(donation=donation, is_test=False),
        "can_change": donation.is_manageable and provider is not None,
        "test_mode": is_test,
        "test_controls": isinstance(provider, TestMonthly) and donation.is_manageable,
        "error": error.message if error is not None else "",
    }
    response = render(request, "donations/manage.html", context,
                      status=error.status if error is not None and status == 200 else status)
    if error is not None and getattr(error, "retry_after", None):
        response["Retry-After"] = str(error.retry_after)
    if isinstance(provider, StripeMonthly):
        # Chromium applies form-action to the redirect after the card form, not only to its address.
        response = csp_update({"form-action": [STRIPE_PORTAL_ORIGIN]})(lambda: response)()
    return _private(response)


def _refused(request, reason: str, *, status: int):
    return _private(render(request, "donations/manage_refused.html", {
        "reason": reason, "form": ManageLinkForm(),
    }, status=status))


def _back(token) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("donations:manage", kwargs={"token": token}))


def _private(response):
    # The page is one donor's: no shared cache, no browser cache to reopen from history.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def _money(donation, amount_minor) -> str:
    return money_format(amount_minor, currency=donation.currency, pattern=donation.campaign.amount_format)
