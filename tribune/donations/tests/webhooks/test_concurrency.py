"""Deliveries at the same moment on several workers still record each payment exactly once.

Each thread is a worker with its own database connection, released together by a barrier; on
SQLite the IMMEDIATE transactions queue them, on PostgreSQL the unique keys and row locks do.
"""

import threading

import pytest
from django.db import connections
from django.test import Client, override_settings

from tribune.donations.models import LedgerEntry, PaymentEvent
from tribune.donations.selectors import raised_minor

from ..factories import STRIPE_SETTINGS, charge_refunded, checkout_completed, donation_factory, stripe_post

pytestmark = [pytest.mark.django_db(transaction=True)]
WORKERS = 6


def deliver_at_once(payloads: list[dict]) -> list:
    """POST each payload from its own thread, all released at the same moment; return responses."""
    barrier = threading.Barrier(len(payloads))
    responses: list = [None] * len(payloads)
    errors: list = []

    def worker(index, payload):
        try:
            client = Client()
            barrier.wait()
            responses[index] = stripe_post(client, payload)
        except Exception as exc:  # reported below: any failure in a worker fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


@override_settings(**STRIPE_SETTINGS)
def test_one_event_delivered_by_six_workers_at_once_counts_once():
    donation = donation_factory(amount_minor=2500)
    payload = checkout_completed(donation, event_id="evt_concurrent", payment_intent="pi_C")
    responses = deliver_at_once([payload] * WORKERS)
    assert [r.status_code for r in responses] == [200] * WORKERS
    assert sorted(r.json()["duplicate"] for r in responses) == [False] + [True] * (WORKERS - 1)
    assert PaymentEvent.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert raised_minor(campaign=donation.campaign) == 2500


@override_settings(**STRIPE_SETTINGS)
def test_different_events_about_one_payment_at_once_count_once():
    donation = donation_factory(amount_minor=2500)
    payloads = []
    for number in range(WORKERS):
        payload = checkout_completed(donation, event_id=f"evt_same_payment_{number}", payment_intent="pi_S")
        if number % 2:
            payload["type"] = "checkout.session.async_payment_succeeded"
        payloads.append(payload)
    responses = deliver_at_once(payloads)
    assert {r.status_code for r in responses} == {200}
    assert PaymentEvent.objects.count() == WORKERS
    assert LedgerEntry.objects.count() == 1
    assert raised_minor(campaign=donation.campaign) == 2500


@override_settings(**STRIPE_SETTINGS)
def test_partial_refunds_of_one_charge_at_once_add_up_to_the_amount_refunded():
    donation = donation_factory(amount_minor=6000)
    stripe_post(Client(), checkout_completed(donation, payment_intent="pi_PR"))
    payloads = [
        charge_refunded(payment_intent="pi_PR", amount_refunded=1000 * n, amount=6000)
        for n in range(1, WORKERS + 1)
    ]
    responses = deliver_at_once(payloads)
    assert {r.status_code for r in responses} == {200}
    assert raised_minor(campaign=donation.campaign) == 0
    refunds = LedgerEntry.objects.filter(kind="refund")
    assert sum(refunds.values_list("amount_minor", flat=True)) == -6000
