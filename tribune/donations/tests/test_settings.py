"""Stripe's keys come from the environment; a mistake names the variable."""

import pytest

from tribune.config.settings.env import EnvError
from tribune.config.settings.payments import payments_from_env


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"STRIPE_SECRET_KEY": "pk_live_nope", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_SECRET_KEY"),
        ({"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "secret"}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_SECRET_KEY": "sk_test_x"}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_SECRET_KEY"),
    ],
)
def test_malformed_or_half_configuration_names_the_variable(monkeypatch, env, variable):
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.delenv("STRIPE_WEBHOOK_SECRET", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(EnvError) as error:
        payments_from_env()
    assert str(error.value).startswith(f"{variable}: ")


def test_no_keys_means_the_test_provider(monkeypatch):
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.delenv("STRIPE_WEBHOOK_SECRET", raising=False)
    assert payments_from_env() == {"STRIPE_SECRET_KEY": "", "STRIPE_WEBHOOK_SECRET": ""}


def test_both_keys_are_read(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", " sk_live_abc ")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_abc")
    assert payments_from_env() == {"STRIPE_SECRET_KEY": "sk_live_abc", "STRIPE_WEBHOOK_SECRET": "whsec_abc"}
