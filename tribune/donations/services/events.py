"""Payment events: store each provider event once, then let the provider's handler record it.

Exactly once rests on two unique keys: (provider, event_id) for the event, so a replayed or
concurrent delivery finds the first one and stops; and the ledger's `reference`, so two different
events about the same money (Stripe may send several) still add one row.
"""

import json
import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tribune.core.errors import DomainError

from .. import conf
from ..models import PaymentEvent

logger = logging.getLogger("tribune.donations")


class PaymentEventWaitingError(DomainError):
    """The event is about a payment not known yet (it arrived before its gift); keep it for later."""

    code = "payment_event_waiting"


class PaymentEventIgnored(Exception):  # noqa: N818 - an outcome, not a failure
    """The event is genuine but moves no money (another type, a payment not settled)."""


# A handler gets the event's decoded payload and records it; it returns a short detail for staff.
Handler = Callable[[dict], str]


def payment_event_receive(*, provider: str, event_id: str, type: str, payload: str,
                          handler: Handler) -> tuple[PaymentEvent, bool]:
    """Store the event once and process it; return it and whether this delivery was the first.

    A repeated delivery of an event still waiting for its gift is processed again; any other
    repeated delivery changes nothing. Failures are kept on the event (outcome "failed") for
    staff, never raised: the provider must not retry a genuine event forever.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                event = PaymentEvent.objects.create(
                    provider=provider, event_id=event_id, type=type[:100], payload=payload,
                )
            first = True
        except IntegrityError:
            # Delivered before, or at this moment by another worker (whose commit we waited for).
            event = _locked(PaymentEvent.objects.filter(provider=provider, event_id=event_id)).get()
            first = False
        if first or event.outcome == PaymentEvent.Outcome.WAITING:
            _process(event, handler)
    if event.outcome == PaymentEvent.Outcome.RECORDED:
        payment_events_retry_waiting(provider=provider, handler=handler)
    return event, first


def payment_events_retry_waiting(*, provider: str, handler: Handler) -> int:
    """Process again the events still waiting for their gift; return how many got recorded."""
    recorded = 0
    waiting = PaymentEvent.objects.filter(provider=provider, outcome=PaymentEvent.Outcome.WAITING)
    # Events about payments this site never saw (another shop on the same Stripe account) would
    # otherwise wait forever and crowd out the rest.
    expired = waiting.filter(received_at__lt=timezone.now() - conf.get("DONATIONS_EVENT_WAIT"))
    expired.update(outcome=PaymentEvent.Outcome.FAILED, processed_at=timezone.now(),
                   detail=_("Its gift never became known; record it by hand if it belongs to this site."))
    for event_pk in waiting.order_by("received_at", "id").values_list("pk", flat=True)[
        : conf.get("DONATIONS_EVENT_RETRY_BATCH")
    ]:
        with transaction.atomic():
            event = _locked(PaymentEvent.objects.filter(pk=event_pk)).first()
            if event is None or event.outcome != PaymentEvent.Outcome.WAITING:
                continue
            _process(event, handler)
            recorded += event.outcome == PaymentEvent.Outcome.RECORDED
    return recorded


def payment_event_retry(*, event: PaymentEvent, handler: Handler) -> PaymentEvent:
    """Process a failed or waiting event again (staff, after fixing the cause)."""
    with transaction.atomic():
        event = _locked(PaymentEvent.objects.filter(pk=event.pk)).get()
        if event.outcome in (PaymentEvent.Outcome.FAILED, PaymentEvent.Outcome.WAITING):
            _process(event, handler)
    return event


def _process(event: PaymentEvent, handler: Handler) -> None:
    """Run the handler in a savepoint and keep its outcome on the event."""
    try:
        with transaction.atomic():
            detail = handler(json.loads(event.payload))
        outcome = PaymentEvent.Outcome.RECORDED
    except PaymentEventIgnored as exc:
        outcome, detail = PaymentEvent.Outcome.IGNORED, str(exc)
    except PaymentEventWaitingError as exc:
        outcome, detail = PaymentEvent.Outcome.WAITING, exc.message
    except DomainError as exc:
        outcome, detail = PaymentEvent.Outcome.FAILED, f"{exc.code}: {exc.message}"
        logger.warning("payment event %s (%s) not recorded: %s", event.pk, event.event_id, detail)
    except (KeyError, TypeError, ValueError, AttributeError, DataError) as exc:
        # A genuine event with a shape we do not know; keep it for staff rather than answer 500.
        outcome, detail = PaymentEvent.Outcome.FAILED, f"unreadable: {exc!r}"
        logger.exception("payment event %s (%s) unreadable", event.pk, event.event_id)
    event.outcome = outcome
    event.detail = detail[:2000]
    event.processed_at = timezone.now()
    event.save(update_fields=["outcome", "detail", "processed_at"])


def _locked(queryset):
    # PostgreSQL locks the row; SQLite ignores the lock, its IMMEDIATE transactions already
    # serialize writers.
    return queryset.select_for_update()
