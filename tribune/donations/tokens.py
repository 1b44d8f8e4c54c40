"""Signed tokens in the donations app's links: a donor's thank-you page, the page that manages a
gift, showing or withdrawing the Supporter mark.

They carry an id or an email signed with SECRET_KEY, so a link cannot be guessed or altered. The
Supporter mark's links do not expire: a receipt's link must work whenever the donor reads it. The
manage link does (DONATIONS_MANAGE_LINK_MAX_AGE): it changes and cancels money, every receipt
brings a fresh one, and an old one leads to a page that mails a new one.
"""

from django.core import signing

from . import conf


class ManageLinkExpiredError(signing.BadSignature):
    """A genuine manage link, older than DONATIONS_MANAGE_LINK_MAX_AGE."""


def manage_token(*, donation) -> str:
    """Return the token of the page where the donor manages `donation` (see manage_read)."""
    return signing.dumps({"m": donation.pk}, salt=_salt("manage"))


def manage_read(*, token: str) -> int:
    """Return the donation id in a manage link's token.

    Raises ManageLinkExpiredError for a genuine link past DONATIONS_MANAGE_LINK_MAX_AGE, and
    signing.BadSignature for a forged, damaged or other kind of token.
    """
    try:
        value = signing.loads(token, salt=_salt("manage"),
                              max_age=conf.get("DONATIONS_MANAGE_LINK_MAX_AGE"))
    except signing.SignatureExpired:
        raise ManageLinkExpiredError("manage link expired") from None
    if not isinstance(value, dict) or set(value) != {"m"} or not isinstance(value["m"], int) \
            or isinstance(value["m"], bool):
        raise signing.BadSignature("not a manage link")
    return value["m"]


def donation_token(*, donation) -> str:
    """Return the token of the donor's thank-you page for `donation`."""
    return signing.dumps(donation.pk, salt=_salt("donation"))


def donation_id_from_token(*, token: str) -> int:
    """Return the donation id in `token`. Raises signing.BadSignature when forged or damaged."""
    value = signing.loads(token, salt=_salt("donation"))
    if not isinstance(value, int):
        raise signing.BadSignature("not a donation token")
    return value


def supporter_token(*, email: str) -> str:
    """Return the token of the link that withdraws the Supporter mark of `email`."""
    return signing.dumps(email.strip().lower(), salt=_salt("supporter"))


def supporter_email_from_token(*, token: str) -> str:
    """Return the email in `token`. Raises signing.BadSignature when forged or damaged."""
    value = signing.loads(token, salt=_salt("supporter"))
    if not isinstance(value, str) or "@" not in value:
        raise signing.BadSignature("not a supporter token")
    return value


def supporter_show_token(*, mark) -> str:
    """Return the token of the receipt's link that shows `mark` beside guest comments.

    It names the mark as well as its email, so withdrawing the mark kills every link made for it.
    """
    return signing.dumps([mark.pk, mark.email], salt=_salt("supporter-show"))


def supporter_show_read(*, token: str) -> tuple[int, str]:
    """Return the (mark id, email) in `token`. Raises signing.BadSignature when forged or damaged."""
    value = signing.loads(token, salt=_salt("supporter-show"))
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], int)
            or not isinstance(value[1], str) or "@" not in value[1]):
        raise signing.BadSignature("not a supporter link")
    return value[0], value[1]


def _salt(purpose: str) -> str:
    return f"{conf.get('DONATIONS_SIGNING_SALT')}.{purpose}"
