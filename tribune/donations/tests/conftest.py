import pytest
from django.test import override_settings

from .factories import STRIPE_SETTINGS


@pytest.fixture
def stripe_keys():
    """Stripe configured with test keys: gifts go to (a mocked) Stripe, the webhook verifies."""
    with override_settings(**STRIPE_SETTINGS):
        yield
