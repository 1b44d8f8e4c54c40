"""An address that receives emails: find or make its row. The lowest floor of the notification
services: subscriptions and deliveries both use it, and it uses neither."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError

from ..models import Subscriber


class SubscriptionEmailRequiredError(DomainError):
    code = "subscription_email_required"


class SubscriptionEmailInvalidError(DomainError):
    code = "subscription_email_invalid"


def subscriber_for_email(*, email: str, user=None, language: str = "") -> Subscriber:
    """Return the row of an address, creating it (in `language`, the one its emails are written
    in); link it to `user` when it has no account yet."""
    email = email_normalize(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, user=user, language=language)
        except IntegrityError:
            subscriber = Subscriber.objects.get(email=email)
    if user is not None and subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user", "updated_at"])
    return subscriber


def subscriber_language_set(*, subscriber: Subscriber, language: str) -> None:
    """Write the address's emails in `language` from now on (its owner is reading in it)."""
    if language and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language", "updated_at"])


def email_normalize(email: str) -> str:
    """Return `email` trimmed; raise SubscriptionEmailRequiredError or SubscriptionEmailInvalidError."""
    email = (email or "").strip()
    if not email:
        raise SubscriptionEmailRequiredError(_("Give your email address to get notifications."))
    try:
        validate_email(email)
    except ValidationError:
        raise SubscriptionEmailInvalidError(_("Enter a valid email address.")) from None
    if len(email) > 254:
        raise SubscriptionEmailInvalidError(_("Enter a valid email address."))
    return email.lower()
