from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from tribune.core.ids import id_parse

from .exports import ledger_csv_response
from .forms import DonationForm
from .models import Campaign, Donation
from .money import money_format
from .payments import PaymentProviderError, TestCheckout, checkout_provider
from .payments.testing import testpay_checkout_read, testpay_complete
from .selectors import campaign_get_active, donation_for_thanks, goal_progress, supporter_mark_exists
from .services import (
    CampaignClosedError,
    DonationFrequencyInvalidError,
    donation_start,
    supporter_mark_withdraw,
)
from .tokens import supporter_email_from_token


@require_http_methods(["GET", "POST"])
def campaign_detail(request, slug):
    """The donation page: what the money is for, how far it has come, and the form to give."""
    campaign = campaign_get_active(slug=slug)
    provider = checkout_provider()
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = DonationForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and campaign.is_open and form.is_valid():
        data = form.cleaned_data
        base = request.build_absolute_uri(campaign.get_absolute_url())
        try:
            _donation, url = donation_start(
                campaign=campaign, amount_minor=data["amount_minor"], currency=data["currency"],
                frequency=data["frequency"], email=data["email"], donor_name=data["donor_name"],
                show_supporter=data["show_supporter"], user=request.user, provider=provider,
                success_url=base + "thanks/{token}/", cancel_url=base,
            )
        except (PaymentProviderError, CampaignClosedError, DonationFrequencyInvalidError) as exc:
            form.add_error(None, exc.message)
        else:
            return HttpResponseRedirect(url)
    refused = request.method == "POST"  # reaching here after a POST means it was not accepted
    return render(request, "donations/campaign.html", {
        "campaign": campaign, "progress": goal_progress(campaign=campaign), "form": form,
        "test_mode": provider.is_test,
    }, status=400 if refused else 200)


def donation_thanks(request, slug, token):
    """Where the provider sends the donor back: thanks, and the gift once it is recorded."""
    donation, gift = donation_for_thanks(token=token)
    if donation.campaign.slug != slug:
        raise Http404("unknown donation")
    return render(request, "donations/thanks.html", {
        "campaign": donation.campaign, "donation": donation, "gift": gift,
        "amount": money_format(gift.amount_minor if gift else donation.amount_minor,
                               currency=donation.currency, pattern=donation.campaign.amount_format),
        "progress": goal_progress(campaign=donation.campaign),
        "test_mode": donation.provider == Donation.Provider.TEST,
    })


@require_http_methods(["GET", "POST"])
def test_checkout(request, token):
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


@require_http_methods(["GET", "POST"])
def supporter_withdraw(request, token):
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


@staff_member_required
def ledger_export(request):
    """The ledger as CSV for staff, all campaigns or ?campaign=<id>."""
    if not request.user.has_perm("donations.view_ledgerentry"):
        raise PermissionDenied
    campaign = None
    if request.GET.get("campaign"):
        campaign_id = id_parse(request.GET["campaign"])
        if campaign_id is None:
            raise Http404("unknown campaign")
        campaign = get_object_or_404(Campaign, pk=campaign_id)
    return ledger_csv_response(campaign=campaign)

