"""What a donor asks for by email: a fresh manage link, a yearly statement.

Both are sent only to an address something vouches for (selectors.receipt_address), never shown
or confirmed to whoever asks, and both are rate-limited: each request is an email.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError
from tribune.core.privacy import keyed_hash
from tribune.core.ratelimit import rate_limit_hit

from .. import conf
from ..models import Donation
from ..selectors import receipt_address
from ..tasks import manage_links_send_task, statement_send_task


class StatementAddressMissingError(DomainError):
    """No address is vouched for this gift's donor, so a statement could reach a stranger."""

    code = "statement_address_missing"
    status = 409


def manage_links_request(*, email: str, address_hash: str) -> None:
    """Have fresh manage links emailed to `email` if a donor known to read it gave; say nothing
    either way (the answer must not tell who gave).

    Counts against DONATIONS_LINK_RATE per address and per email. Raises RateLimitedError.
    """
    email = email.strip()
    limit, window = conf.get("DONATIONS_LINK_RATE")
    rate_limit_hit(scope="donation_link", key=address_hash, limit=limit, window=window)
    rate_limit_hit(scope="donation_link_email", key=keyed_hash("donation-link", email.lower()),
                   limit=limit, window=window)
    transaction.on_commit(lambda: manage_links_send_task.enqueue(email=email))


def statement_request(*, donation: Donation, year: int) -> str:
    """Have the yearly statement of `donation`'s donor for `year` emailed to them; return where.

    Raises StatementAddressMissingError, RateLimitedError (DONATIONS_STATEMENT_RATE per gift).
    """
    to = receipt_address(donation=donation, is_test=False)
    if not to:
        raise StatementAddressMissingError(
            _("We have no confirmed address for this gift, so we cannot email a statement. "
              "Please write to us."))
    limit, window = conf.get("DONATIONS_STATEMENT_RATE")
    rate_limit_hit(scope="donation_statement", key=str(donation.pk), limit=limit, window=window)
    donation_id = donation.pk
    transaction.on_commit(lambda: statement_send_task.enqueue(donation_id=donation_id, year=year))
    return to
