"""Following threads by email: subscribe, confirm, change, unsubscribe, mention preferences."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError, NotFoundError
from tribune.core.ratelimit import rate_limit_hit
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.models import Thread

from .. import conf, tokens
from ..models import ReaderPreference, Subscriber, Subscription
from .deliveries import confirmation_request
from .subscribers import (
    SubscriptionEmailRequiredError,
    email_normalize,
    subscriber_for_email,
    subscriber_language_set,
)


class SubscriptionChoiceInvalidError(DomainError):
    code = "subscription_choice_invalid"


class SubscriptionNotFoundError(NotFoundError):
    code = "subscription_not_found"


def subscription_create(
    *, thread: Thread, reader: Reader, kinds: list[str], email: str = "",
    cadence: str = Subscription.Cadence.EACH,
) -> tuple[Subscriber, bool]:
    """Let `reader` follow `thread` for each of `kinds`; return (the address, whether it must
    still be confirmed).

    A registered reader uses their account's address and is subscribed at once. A guest gives
    `email`; their new subscriptions wait until they follow the link a confirmation email sends
    (at most one per address per DISCUSSION_CONFIRM_INTERVAL). Raises
    SubscriptionChoiceInvalidError, SubscriptionEmailRequiredError, SubscriptionEmailInvalidError or
    RateLimitedError.
    """
    valid_kinds = set(Subscription.Kind.values)
    if not kinds or not set(kinds) <= valid_kinds:
        raise SubscriptionChoiceInvalidError(_("Choose what you want to be notified of."))
    if cadence not in Subscription.Cadence.values:
        raise SubscriptionChoiceInvalidError(_("Choose one email per comment or a daily digest."))
    registered = reader.user is not None
    if registered:
        email = reader.user.email or ""
        if not email:
            raise SubscriptionEmailRequiredError(
                _("Add an email address to your account to get notifications."))
    email = email_normalize(email)
    if not registered and reader.address_hash:
        # Each guest subscription may mail a stranger a confirmation request: keep that rare.
        limit, window = conf.get("DISCUSSION_SUBSCRIBE_RATE")
        rate_limit_hit(scope="subscription_create", key=reader.address_hash, limit=limit, window=window)
    now = timezone.now()
    # The emails go out in the language of the page the reader subscribed from. A guest may
    # type anyone's address, so only a new address takes it; its owner's confirmation (from
    # their own browser) or an account holder's own request changes an existing one.
    language = translation.get_language() or ""
    with transaction.atomic():
        subscriber = subscriber_for_email(email=email, user=reader.user, language=language)
        if registered:
            subscriber_language_set(subscriber=subscriber, language=language)
        if registered and subscriber.suppressed_at is not None:
            # The account holder asks for email themself: that lifts their earlier "stop all".
            subscriber.suppressed_at = None
            subscriber.save(update_fields=["suppressed_at", "updated_at"])
        pending = False
        for kind in sorted(set(kinds)):
            subscription, created = _subscription_get_or_create(subscriber, thread, kind, cadence)
            if registered:
                changes = {"cadence": cadence}
                if subscription.confirmed_at is None:
                    changes["confirmed_at"] = now
                Subscription.objects.filter(pk=subscription.pk).update(**changes, updated_at=now)
            elif subscription.confirmed_at is None:
                pending = True
        if pending:
            confirmation_request(subscriber=subscriber)
    return subscriber, pending



def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm every waiting subscription of the address a confirmation link was sent to.

    Raises tokens.TokenInvalidError (with `expired` set for an old link).
    """
    subscriber_id, email = tokens.confirm_token_read(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id, email=email).first()
    if subscriber is None:
        raise tokens.TokenInvalidError()
    subscriber_language_set(subscriber=subscriber, language=translation.get_language() or "")
    subscription_confirm_pending(subscriber=subscriber)
    return subscriber


def subscription_change(*, subscriber: Subscriber, subscription_id: int, cadence: str) -> Subscription:
    """Switch one of the address's subscriptions between one email per comment and the digest.

    Raises SubscriptionNotFoundError or SubscriptionChoiceInvalidError."""
    if cadence not in Subscription.Cadence.values:
        raise SubscriptionChoiceInvalidError(_("Choose one email per comment or a daily digest."))
    subscription = subscriber.subscriptions.filter(pk=subscription_id).first()
    if subscription is None:
        raise SubscriptionNotFoundError(_("This subscription no longer exists."))
    subscription.cadence = cadence
    subscription.save(update_fields=["cadence", "updated_at"])
    return subscription


def subscription_confirm_pending(*, subscriber: Subscriber) -> int:
    """Confirm the address's waiting subscriptions (its owner acts from a link sent to it, so an
    earlier "stop all email" is lifted too); return how many were confirmed."""
    now = timezone.now()
    with transaction.atomic():
        if subscriber.suppressed_at is not None:
            subscriber.suppressed_at = None
            subscriber.save(update_fields=["suppressed_at", "updated_at"])
        return subscriber.subscriptions.filter(confirmed_at__isnull=True).update(
            confirmed_at=now, updated_at=now)


def unsubscribe(*, subscriber: Subscriber, scope: str) -> str:
    """Stop what an unsubscribe link names and return a sentence saying what stopped.

    `scope` is "s<subscription id>", tokens.SCOPE_MENTIONS, SCOPE_DAILY or SCOPE_ALL (which also
    stops confirmation requests to the address). Stopping twice is not an error.
    """
    if scope == tokens.SCOPE_ALL:
        with transaction.atomic():
            subscriber.subscriptions.all().delete()
            if subscriber.user_id:
                preference_set(user=subscriber.user, notify_mentions=False)
            subscriber.suppressed_at = timezone.now()
            subscriber.save(update_fields=["suppressed_at", "updated_at"])
        return _("You will get no more email from us at %(email)s.") % {"email": subscriber.email}
    if scope == tokens.SCOPE_DAILY:
        subscriber.subscriptions.filter(cadence=Subscription.Cadence.DAILY).delete()
        return _("You will get no more daily digests.")
    if scope == tokens.SCOPE_MENTIONS:
        if subscriber.user_id:
            preference_set(user=subscriber.user, notify_mentions=False)
        return _("You will get no more email when someone mentions you.")
    if scope.startswith("s") and scope[1:].isdigit():
        subscriber.subscriptions.filter(pk=int(scope[1:])).delete()
        return _("You will get no more email about this discussion.")
    raise SubscriptionNotFoundError(_("This unsubscribe link is not valid."))


def preference_set(*, user, notify_mentions: bool) -> ReaderPreference:
    """Record whether `user` wants an email when someone mentions them."""
    preference, _created = ReaderPreference.objects.update_or_create(
        user=user, defaults={"notify_mentions": notify_mentions})
    return preference


def _subscription_get_or_create(subscriber, thread, kind, cadence) -> tuple[Subscription, bool]:
    existing = Subscription.objects.filter(subscriber=subscriber, thread=thread, kind=kind).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                subscriber=subscriber, thread=thread, kind=kind, cadence=cadence), True
    except IntegrityError:
        return Subscription.objects.get(subscriber=subscriber, thread=thread, kind=kind), False
