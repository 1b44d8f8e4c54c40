"""Starting a gift: the donor's choices checked and kept, then the provider's checkout."""

from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.ratelimit import rate_limit_hit

from .. import conf
from ..models import Campaign, Donation
from ..money import money_format
from ..tokens import donation_token

if TYPE_CHECKING:
    from ..payments import CheckoutProvider


class DonationAmountInvalidError(DomainError):
    code = "donation_amount_invalid"


class DonationCurrencyInvalidError(DomainError):
    code = "donation_currency_invalid"


class DonationFrequencyInvalidError(DomainError):
    code = "donation_frequency_invalid"


class CampaignClosedError(DomainError):
    code = "campaign_closed"
    status = 409


class PaymentsOffError(DomainError):
    """The site takes no gifts: no Stripe keys and test payments not turned on."""

    code = "payments_off"
    status = 403


def donation_amount_check(*, campaign: Campaign, amount_minor: int, currency: str) -> None:
    """Raise DonationCurrencyInvalidError or DonationAmountInvalidError unless the gift is acceptable."""
    if currency.upper() != campaign.currency:
        raise DonationCurrencyInvalidError(
            _("This campaign takes gifts in %(currency)s.") % {"currency": campaign.currency}
        )
    low, high = conf.get("DONATIONS_AMOUNT_MIN"), conf.get("DONATIONS_AMOUNT_MAX")

    def fmt(amount):
        return money_format(amount, currency=campaign.currency, pattern=campaign.amount_format)

    if amount_minor < low:
        raise DonationAmountInvalidError(_("The smallest gift is %(amount)s.") % {"amount": fmt(low)})
    if amount_minor > high:
        raise DonationAmountInvalidError(
            _("The largest gift online is %(amount)s; please write to us for a bigger one.")
            % {"amount": fmt(high)}
        )


def donation_start(
    *,
    campaign: Campaign,
    amount_minor: int,
    currency: str,
    frequency: str,
    email: str,
    donor_name: str = "",
    show_supporter: bool = False,
    list_publicly: bool = False,
    user=None,
    provider: "CheckoutProvider | None",
    success_url: str,
    cancel_url: str,
    address_hash: str = "",
) -> tuple[Donation, str]:
    """Keep the donor's gift and start its checkout; return the donation and where to send the donor.

    `provider` None means the site takes no gifts. `list_publicly` is the donor's yes to being
    thanked by name on the campaign page (it needs a name). `address_hash` (the donor's hashed address)
    counts against DONATIONS_CHECKOUT_RATE: every checkout is a row and a call to the payment
    service. `success_url` may contain "{token}", replaced by the donation's signed token. Raises
    PaymentsOffError, CampaignClosedError, DonationAmountInvalidError, DonationCurrencyInvalidError,
    DonationFrequencyInvalidError, RateLimitedError, PaymentProviderError (then nothing is kept).
    """
    if provider is None:
        raise PaymentsOffError(_("This site is not taking gifts at the moment."))
    if not campaign.is_open:
        raise CampaignClosedError(_("This campaign no longer takes gifts. Thank you for thinking of it."))
    donation_amount_check(campaign=campaign, amount_minor=amount_minor, currency=currency)
    if frequency not in Donation.Frequency.values or (
        frequency == Donation.Frequency.MONTHLY and not campaign.allow_monthly
    ):
        raise DonationFrequencyInvalidError(_("Choose a one-time or a monthly gift."))
    if address_hash:
        # Counted once the gift is valid, so mistakes fixed on the form cost no checkout.
        limit, window = conf.get("DONATIONS_CHECKOUT_RATE")
        rate_limit_hit(scope="donation_checkout", key=address_hash, limit=limit, window=window)
    donation = Donation.objects.create(
        campaign=campaign,
        amount_minor=amount_minor,
        currency=campaign.currency,
        frequency=frequency,
        email=email.strip(),
        donor_name=donor_name.strip(),
        show_supporter=show_supporter,
        list_publicly=list_publicly and bool(donor_name.strip()),
        user=user if user is not None and user.is_authenticated else None,
        provider=provider.name,
        language=translation.get_language() or "",
    )
    # The provider is called outside any transaction: a slow answer must not hold the database's
    # write lock. A donation whose checkout never started is removed again.
    try:
        checkout_id, url = provider.checkout_start(
            donation=donation,
            success_url=success_url.replace("{token}", donation_token(donation=donation)),
            cancel_url=cancel_url,
        )
    except Exception:
        donation.delete()
        raise
    donation.checkout_id = checkout_id
    donation.save(update_fields=["checkout_id", "updated_at"])
    return donation, url


class DonationNameMissingError(DomainError):
    code = "donation_name_missing"


def donation_thanks_choose(*, donation: Donation, listed: bool) -> Donation:
    """Thank the donor by name on the campaign page, or stop; only their own choice does either.

    Raises DonationNameMissingError when they gave without a name.
    """
    if listed and not donation.donor_name.strip():
        raise DonationNameMissingError(_("You gave without a name, so there is no name to thank."))
    if donation.list_publicly != listed:
        donation.list_publicly = listed
        donation.save(update_fields=["list_publicly", "updated_at"])
    return donation
