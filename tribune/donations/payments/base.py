from tribune.core.errors import DomainError

from ..models import Donation
from ..services.monthly import MonthlyState


class PaymentProviderError(DomainError):
    """The provider could not start the payment (unreachable, refused); the donor may try again."""

    code = "payment_provider_error"
    status = 502


class CheckoutProvider:
    """Start a payment for a donation and tell where to send the donor."""

    name: str = ""
    # Test providers move no money; pages say so.
    is_test: bool = False
    # Origins the donation form's answer redirects to. The page's Content-Security-Policy lists them
    # in form-action: Chromium applies form-action to the redirect, not only to the form's address.
    checkout_origins: tuple[str, ...] = ()

    def checkout_start(self, *, donation: Donation, success_url: str, cancel_url: str) -> tuple[str, str]:
        """Return the provider's checkout id and the URL to send the donor to.

        Raises PaymentProviderError.
        """
        raise NotImplementedError


class MonthlyProvider:
    """Change a monthly gift at the provider that takes it; answer with the state it now has.

    Each call is made outside any transaction; services.monthly applies the answer.
    """

    def monthly_amount_change(self, *, donation: Donation, amount_minor: int) -> MonthlyState:
        """Take `amount_minor` each month from the next payment on. Raises PaymentProviderError."""
        raise NotImplementedError

    def monthly_skip(self, *, donation: Donation) -> MonthlyState:
        """Take no payment next month, then go on. Raises PaymentProviderError."""
        raise NotImplementedError

    def monthly_cancel(self, *, donation: Donation) -> MonthlyState:
        """End the gift now: no further payment. Raises PaymentProviderError."""
        raise NotImplementedError

    def monthly_card_url(self, *, donation: Donation, return_url: str) -> str:
        """Return where the donor updates the card the gift is taken from. Raises PaymentProviderError."""
        raise NotImplementedError
