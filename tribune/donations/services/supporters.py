"""The Supporter mark: a donor's choice to be known as one beside their comments."""

from django.db import IntegrityError, transaction

from ..models import Donation, SupporterMark
from ..signals import supporter_mark_changed


def supporter_mark_grant(*, email: str, user=None) -> SupporterMark:
    """Show the Supporter mark for `user` (when registered) and for comments signed with `email`."""
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


def supporter_mark_withdraw(*, email: str = "", user=None) -> int:
    """Stop showing the Supporter mark for `email` and for `user`; return how many marks went."""
    email = email.strip().lower()
    marks = SupporterMark.objects.none()
    if email:
        # Whoever controls the email also withdraws the mark of the account that gave with it.
        givers = Donation.objects.filter(email__iexact=email, user__isnull=False).values("user_id")
        marks |= SupporterMark.objects.filter(email=email) | SupporterMark.objects.filter(user_id__in=givers)
    if user is not None and user.pk is not None:
        marks |= SupporterMark.objects.filter(user=user)
    gone = list(marks.values_list("user_id", "email"))
    deleted, _ = marks.delete()
    for user_id, mark_email in gone:
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
