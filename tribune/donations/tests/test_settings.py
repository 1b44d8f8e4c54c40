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
