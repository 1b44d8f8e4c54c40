"""The Supporter mark: a donor's choice to be known as one beside their comments.

Who shows it: a registered donor's comments, by account; a guest's comments only from a browser
where the donor opened the link emailed to them (`supporter_mark_prove`), and only when signed
with that email. The email alone proves nothing, since any guest may type any address.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tribune.core.errors import NotFoundError

from ..models import Donation, SupporterBrowser, SupporterMark
from ..signals import supporter_mark_changed


class SupporterMarkGoneError(NotFoundError):
    """The mark a link was made for was withdrawn since (a new gift makes a new link)."""

    code = "supporter_mark_gone"


def supporter_mark_grant(*, email: str, user=None) -> SupporterMark:
    """Keep the Supporter mark for `user` (when registered) and for `email`.

    `email` must be an address the donor is known to read (see selectors.receipt_address); guest
    comments signed with it still show the mark only from a proven browser.
    """
    email = email.strip().lower()
    existing = _existing(email=email, user=user)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            mark = SupporterMark.objects.create(email=email, user=user)
        _announce(user_id=mark.user_id, email=email)
        return mark
    except IntegrityError:
        # The same donor's mark was granted at the same moment by another request.
        return _existing(email=email, user=user)


def supporter_mark_prove(*, mark_id: int, email: str, user=None, guest_key_hash: str = "") -> SupporterMark:
    """Show mark `mark_id` of `email` beside the comments of whoever opened its emailed link.

    Call it only for a reader who followed a link sent to `email`. A signed-in reader's account
    gets the mark when neither holds one yet; a guest browser (`guest_key_hash`) is remembered, so
    its guest comments signed with `email` show the mark. Raises SupporterMarkGoneError when the
    mark was withdrawn since the link was made.
    """
    email = email.strip().lower()
    with transaction.atomic():
        mark = SupporterMark.objects.select_for_update().filter(pk=mark_id, email=email).first()
        if mark is None:
            raise SupporterMarkGoneError(_("This link no longer works: the Supporter mark it was "
                                           "sent for has been withdrawn."))
        if user is not None and user.pk is not None and mark.user_id is None \
                and not SupporterMark.objects.filter(user=user).exists():
            mark.user = user
            mark.save(update_fields=["user"])
        if guest_key_hash:
            try:
                with transaction.atomic():
                    SupporterBrowser.objects.get_or_create(mark=mark, guest_key_hash=guest_key_hash)
            except IntegrityError:
                pass  # the same browser proved it at the same moment in another request
        _announce(user_id=mark.user_id, email=email)
    return mark


def supporter_mark_withdraw(*, email: str = "", user=None) -> int:
    """Stop showing the Supporter mark for `email` and for `user`; return how many marks went.

    The browsers proven for a mark go with it.
    """
    email = email.strip().lower()
    marks = SupporterMark.objects.none()
    if email:
        # Whoever controls the email also withdraws the mark of the account that gave with it.
        givers = Donation.objects.filter(email__iexact=email, user__isnull=False).values("user_id")
        marks |= SupporterMark.objects.filter(email=email) | SupporterMark.objects.filter(user_id__in=givers)
    if user is not None and user.pk is not None:
        marks |= SupporterMark.objects.filter(user=user)
    gone = list(marks.values_list("pk", "user_id", "email"))
    pks = [pk for pk, _user_id, _email in gone]
    # Browsers first, so the count returned is of marks alone.
    SupporterBrowser.objects.filter(mark_id__in=pks).delete()
    deleted, _by_model = SupporterMark.objects.filter(pk__in=pks).delete()
    for _pk, user_id, mark_email in gone:
        _announce(user_id=user_id, email=mark_email)
    return deleted


def _announce(*, user_id, email):
    transaction.on_commit(lambda: supporter_mark_changed.send(sender=SupporterMark, user_id=user_id,
                                                              email=email))


def _existing(*, email: str, user) -> SupporterMark | None:
    if user is not None and user.pk is not None:
        mark = SupporterMark.objects.filter(user=user).first()
        if mark is not None:
            return mark
    return SupporterMark.objects.filter(email=email).first() if email else None
