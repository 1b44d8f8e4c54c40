"""Payments, from `STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET` and `PAYMENTS_TEST_MODE`.

Money is honest by default: a site takes only real gifts, or none, unless an operator says
otherwise.

- Live Stripe keys: gifts go through Stripe Checkout and Stripe's signed webhooks feed the ledger.
- No keys: the site takes no gifts at all; the donation page says so. With
  `PAYMENTS_TEST_MODE=true` (what `tribune demo` sets) the test payment provider completes gifts
  on the site itself instead, and every page says no money moves.
- Stripe test keys (`sk_test_`, `rk_test_`) need `PAYMENTS_TEST_MODE=true`: they move no money, so
  the site must say it is in test mode. The reverse, live keys with test mode on, is refused: a
  live payment labelled as a test would never show on the meter.

Test gifts (the test provider's, Stripe events with `livemode: false`) are recorded in the ledger
marked as tests; they never count on a goal meter, earn no Supporter mark and email no stranger.
One key without the other is a mistake: gifts would be taken but never recorded, or the reverse.
"""

from .env import EnvError, env_bool, env_str

_TEST_KEYS = ("sk_test_", "rk_test_")


def payments_from_env() -> dict:
    """Return the STRIPE_* and PAYMENTS_TEST_MODE settings; raise EnvError naming the wrong variable."""
    secret_key = env_str("STRIPE_SECRET_KEY") or ""
    webhook_secret = env_str("STRIPE_WEBHOOK_SECRET") or ""
    test_mode = env_bool("PAYMENTS_TEST_MODE", False)
    if secret_key and not secret_key.startswith(("sk_live_", "rk_live_", *_TEST_KEYS)):
        raise EnvError("STRIPE_SECRET_KEY", "expected a Stripe secret key starting with sk_live_ or sk_test_")
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        raise EnvError("STRIPE_WEBHOOK_SECRET", "expected a webhook signing secret starting with whsec_")
    if secret_key and not webhook_secret:
        raise EnvError(
            "STRIPE_WEBHOOK_SECRET", "must be set with STRIPE_SECRET_KEY, or gifts are never recorded"
        )
    if webhook_secret and not secret_key:
        raise EnvError("STRIPE_SECRET_KEY", "must be set with STRIPE_WEBHOOK_SECRET")
    if secret_key:
        test_key = secret_key.startswith(_TEST_KEYS)
        if test_key and not test_mode:
            raise EnvError("PAYMENTS_TEST_MODE", "must be true with a Stripe test key (no money moves "
                           "and the pages must say so); use a live key to take real gifts")
        if test_mode and not test_key:
            raise EnvError("PAYMENTS_TEST_MODE", "must not be true with a live Stripe key; "
                           "use a test key (sk_test_...) to try payments")
    return {
        "STRIPE_SECRET_KEY": secret_key,
        "STRIPE_WEBHOOK_SECRET": webhook_secret,
        "PAYMENTS_TEST_MODE": test_mode,
    }
