"""Signed tokens in the donations app's links: a donor's thank-you page, showing or withdrawing
the Supporter mark.

They carry an id or an email signed with SECRET_KEY, so a link cannot be guessed or altered, and
they do not expire: a receipt's link must work whenever the donor reads it.
"""

from django.core import signing

from . import conf


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
