"""Stripe's keys come from the environment; a mistake names the variable."""

import pytest

from tribune.config.settings.env import EnvError
from tribune.config.settings.payments import payments_from_env

VARIABLES = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PAYMENTS_TEST_MODE")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"STRIPE_SECRET_KEY": "pk_live_nope", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_SECRET_KEY"),
        ({"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "secret"}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_SECRET_KEY": "sk_test_x"}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_WEBHOOK_SECRET": "whsec_x"}, "STRIPE_SECRET_KEY"),
        ({"PAYMENTS_TEST_MODE": "maybe"}, "PAYMENTS_TEST_MODE"),
        # A test key moves no money: the site must say it is in test mode.
        ({"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "PAYMENTS_TEST_MODE"),
        ({"STRIPE_SECRET_KEY": "rk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
          "PAYMENTS_TEST_MODE": "false"}, "PAYMENTS_TEST_MODE"),
        # Real money must never be labelled a test (it would never show on the meter).
        ({"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
          "PAYMENTS_TEST_MODE": "true"}, "PAYMENTS_TEST_MODE"),
    ],
)
def test_malformed_or_half_configuration_names_the_variable(monkeypatch, env, variable):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(EnvError) as error:
        payments_from_env()
    assert str(error.value).startswith(f"{variable}: ")


def test_no_keys_and_nothing_said_means_no_gifts_are_taken():
    assert payments_from_env() == {"STRIPE_SECRET_KEY": "", "STRIPE_WEBHOOK_SECRET": "",
                                   "PAYMENTS_TEST_MODE": False}


def test_test_payments_only_when_the_operator_says_so(monkeypatch):
    monkeypatch.setenv("PAYMENTS_TEST_MODE", "true")
    assert payments_from_env()["PAYMENTS_TEST_MODE"] is True


def test_both_keys_are_read(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", " sk_live_abc ")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_abc")
    assert payments_from_env() == {"STRIPE_SECRET_KEY": "sk_live_abc", "STRIPE_WEBHOOK_SECRET": "whsec_abc",
                                   "PAYMENTS_TEST_MODE": False}


def test_stripe_test_keys_with_test_mode_said_out_loud(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_abc")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_abc")
    monkeypatch.setenv("PAYMENTS_TEST_MODE", "yes")
    assert payments_from_env()["PAYMENTS_TEST_MODE"] is True


def test_tribune_command_stops_with_one_line_naming_the_variable(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update({"TRIBUNE_VAR_DIR": str(tmp_path), "STRIPE_SECRET_KEY": "sk_test_abc"})
    env.pop("STRIPE_WEBHOOK_SECRET", None)
    result = subprocess.run([sys.executable, "-m", "tribune.cli", "check"], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tribune: STRIPE_WEBHOOK_SECRET: must be set with STRIPE_SECRET_KEY, or gifts are never recorded"
    ]
