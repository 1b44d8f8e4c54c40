"""Giving: the donation page, the thank-you page and the test provider's checkout."""

from csp.decorators import csp_update
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from tribune.core.privacy import address_hash
from tribune.core.ratelimit import RateLimitedError, rate_limit_hit

from .. import conf
from ..forms import DonationForm
from ..models import Donation
from ..money import money_format
from ..payments import PaymentProviderError, TestCheckout, checkout_provider
from ..payments.testing import testpay_checkout_read, testpay_complete
from ..selectors import (
    campaign_get_active,
    campaign_thanked_names,
    donation_for_thanks,
    goal_progress,
    receipt_address,
)
from ..services import CampaignClosedError, DonationFrequencyInvalidError, donation_start
from ..tokens import manage_token


@require_http_methods(["GET", "POST"])
def campaign_view(request, slug):
    """The donation page: what the money is for, how far it has come, and the form to give.

    Without a payment provider (no Stripe keys, test payments off) it shows the campaign and says
    gifts are not taken; a POST is refused and keeps nothing. Every POST counts against
    DONATIONS_FORM_RATE per address, mistakes included; past it the page answers 429.
    """
    campaign = campaign_get_active(slug=slug)
    provider = checkout_provider()
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = DonationForm(request.POST or None, campaign=campaign, initial=initial)
    status = 200
    if request.method == "POST":
        if provider is None:
            # The page says gifts are not taken and shows no form; a script posting anyway keeps
            # nothing.
            return _campaign_page(request, campaign, form, provider, status=403)
        status = 400  # reaching the end after a POST means it was not accepted
        address = address_hash(request)
        try:
            limit, window = conf.get("DONATIONS_FORM_RATE")
            rate_limit_hit(scope="donation_form", key=address, limit=limit, window=window)
            if campaign.is_open and form.is_valid():
                return HttpResponseRedirect(_donation_start(request, campaign, provider, form, address))
        except RateLimitedError as exc:
            form.add_error(None, exc.message)
            response = _campaign_page(request, campaign, form, provider, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        except (PaymentProviderError, CampaignClosedError, DonationFrequencyInvalidError) as exc:
            form.add_error(None, exc.message)
    return _campaign_page(request, campaign, form, provider, status=status)


def donation_thanks_view(request, slug, token):
    """Where the provider sends the donor back: thanks, and the gift once it is recorded."""
    donation, gift = donation_for_thanks(token=token)
    if donation.campaign.slug != slug:
        raise Http404("unknown donation")
    is_test = gift.is_test if gift else donation.provider == Donation.Provider.TEST
    return render(request, "donations/thanks.html", {
        "campaign": donation.campaign, "donation": donation, "gift": gift,
        "amount": money_format(gift.amount_minor if gift else donation.amount_minor,
                               currency=donation.currency, pattern=donation.campaign.amount_format),
        "progress": goal_progress(campaign=donation.campaign),
        "test_mode": is_test,
        # Where the receipt went: only an address something vouches for, never the form's alone.
        "receipt_to": receipt_address(donation=donation, is_test=is_test) if gift else "",
        "signed_in_donor": donation.user_id is not None,
        "manage_url": _manage_url_for_thanks(donation, gift),
    })


@require_http_methods(["GET", "POST"])
def test_checkout_view(request, token):
    """The test provider's checkout page: pay without money, or go back."""
    if not isinstance(checkout_provider(), TestCheckout):
        raise Http404("the test payment provider is off on this site")
    try:
        donation, success_url, cancel_url = testpay_checkout_read(token=token)
    except (signing.BadSignature, Donation.DoesNotExist):
        raise Http404("unknown checkout") from None
    if not all(url_has_allowed_host_and_scheme(u, allowed_hosts={request.get_host()})
               for u in (success_url, cancel_url)):
        raise Http404("unknown checkout")
    failed = False
    if request.method == "POST":
        if testpay_complete(donation=donation) is not None:
            return HttpResponseRedirect(success_url)
        failed = True
    return render(request, "donations/test_checkout.html", {
        "donation": donation, "campaign": donation.campaign, "cancel_url": cancel_url, "failed": failed,
        "amount": money_format(donation.amount_minor, currency=donation.currency,
                               pattern=donation.campaign.amount_format),
    }, status=409 if failed else 200)


def _donation_start(request, campaign, provider, form, address) -> str:
    """Start the checkout of a valid form; return where to send the donor."""
    data = form.cleaned_data
    base = request.build_absolute_uri(campaign.get_absolute_url())
    _donation, url = donation_start(
        campaign=campaign, amount_minor=data["amount_minor"], currency=data["currency"],
        frequency=data["frequency"], email=data["email"], donor_name=data["donor_name"],
        show_supporter=data["show_supporter"], list_publicly=data["list_publicly"], user=request.user,
        provider=provider,
        success_url=base + "thanks/{token}/", cancel_url=base, address_hash=address,
    )
    return url


def _campaign_page(request, campaign, form, provider, *, status):
    names, more_names = campaign_thanked_names(campaign=campaign)
    response = render(request, "donations/campaign.html", {
        "campaign": campaign, "progress": goal_progress(campaign=campaign), "form": form,
        "taking_gifts": provider is not None, "test_mode": provider is not None and provider.is_test,
        "thanked_names": names, "more_names": more_names,
    }, status=status)
    return _checkout_allowed(response, provider)


def _manage_url_for_thanks(donation, gift) -> str:
    """Return the link to manage a monthly gift just paid, on its thank-you page.

    The thank-you address does not expire, so it offers the link only while a receipt's would
    still work: later, the receipts carry it.
    """
    if gift is None or not donation.is_manageable:
        return ""
    if donation.created_at < timezone.now() - conf.get("DONATIONS_MANAGE_LINK_MAX_AGE"):
        return ""
    return reverse("donations:manage", kwargs={"token": manage_token(donation=donation)})


def _checkout_allowed(response, provider):
    """Let the page's form lead to the provider's checkout, on this page only."""
    if provider is None or not provider.checkout_origins:
        return response
    return csp_update({"form-action": list(provider.checkout_origins)})(lambda: response)()
