from tribune.core.errors import DomainError

from ..models import Donation


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
