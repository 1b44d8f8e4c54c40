"""Payments, from `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET`.

Both set: gifts go through Stripe Checkout and Stripe's signed webhooks feed the ledger. Both
unset: the test payment provider completes gifts on the site itself (the demo, a site being set
up). One without the other is a mistake: gifts would be taken but never recorded, or the reverse.
"""

from .env import EnvError, env_str


def payments_from_env() -> dict:
    """Return the STRIPE_* settings; raise EnvError naming the variable that is wrong."""
    secret_key = env_str("STRIPE_SECRET_KEY") or ""
    webhook_secret = env_str("STRIPE_WEBHOOK_SECRET") or ""
    if secret_key and not secret_key.startswith(("sk_live_", "sk_test_", "rk_live_", "rk_test_")):
        raise EnvError("STRIPE_SECRET_KEY", "expected a Stripe secret key starting with sk_live_ or sk_test_")
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        raise EnvError("STRIPE_WEBHOOK_SECRET", "expected a webhook signing secret starting with whsec_")
    if secret_key and not webhook_secret:
        raise EnvError(
            "STRIPE_WEBHOOK_SECRET", "must be set with STRIPE_SECRET_KEY, or gifts are never recorded"
        )
    if webhook_secret and not secret_key:
        raise EnvError("STRIPE_SECRET_KEY", "must be set with STRIPE_WEBHOOK_SECRET")
    return {"STRIPE_SECRET_KEY": secret_key, "STRIPE_WEBHOOK_SECRET": webhook_secret}
