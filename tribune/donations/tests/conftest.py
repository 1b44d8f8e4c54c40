import pytest
from django.test import override_settings

from .factories import STRIPE_SETTINGS, STRIPE_TEST_SETTINGS


@pytest.fixture(autouse=True)
def payments_test_mode():
    """Run the donations tests on a site in test mode, as `tribune demo` runs (tests of a site
    taking no gifts, or only real ones, turn it off)."""
    with override_settings(PAYMENTS_TEST_MODE=True):
        yield


@pytest.fixture
def stripe_keys():
    """A live site: gifts go to (a mocked) Stripe with a live key, the webhook verifies."""
    with override_settings(**STRIPE_SETTINGS):
        yield


@pytest.fixture
def stripe_test_keys():
    """A site in Stripe's test mode: a test key and PAYMENTS_TEST_MODE on."""
    with override_settings(**STRIPE_TEST_SETTINGS):
        yield


@pytest.fixture
def payments_off():
    """A site as `tribune serve` starts it without keys: no Stripe, test payments off."""
    with override_settings(PAYMENTS_TEST_MODE=False, STRIPE_SECRET_KEY="", STRIPE_WEBHOOK_SECRET=""):
        yield


@pytest.fixture
def recorded_stripe():
    """Give the site's Stripe client recorded answers: `recorded_stripe({(method, path): [...]})`
    returns the HTTP layer, whose `requests` say what the site asked Stripe."""
    from unittest import mock

    import stripe

    from .stripe_http import RecordedStripe

    patches = []

    def install(answers):
        layer = RecordedStripe(answers)
        client = stripe.StripeClient("sk_live_tribune", http_client=layer, max_network_retries=0)
        patcher = mock.patch("tribune.donations.payments.stripe.stripe_client", return_value=client)
        patcher.start()
        patches.append(patcher)
        return layer

    yield install
    for patcher in patches:
        patcher.stop()
