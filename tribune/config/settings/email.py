"""Outgoing email, from `EMAIL_URL` (default: print messages to the console)."""

import dj_email_url

from .env import EnvError, env_str


def email_from_env() -> dict:
    """Return Django's EMAIL_* settings for `EMAIL_URL`, e.g. smtp://user:pass@host:587/?tls=True."""
    url = env_str("EMAIL_URL") or "console://"
    try:
        parsed = dj_email_url.parse(url)
    except (ValueError, KeyError) as exc:
        raise EnvError(
            "EMAIL_URL",
            f"cannot use {url!r} ({exc}); write smtp://user:password@host:587/?tls=True or console://",
        ) from None
    if not parsed.get("EMAIL_BACKEND"):
        raise EnvError("EMAIL_URL", f"unknown scheme in {url!r}; use smtp://, smtps:// or console://")
    settings = {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": parsed["EMAIL_PORT"] or 25,
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": bool(parsed["EMAIL_USE_TLS"]),
        "EMAIL_USE_SSL": bool(parsed["EMAIL_USE_SSL"]),
        "EMAIL_TIMEOUT": parsed.get("EMAIL_TIMEOUT") or 20,
    }
    if parsed.get("DEFAULT_FROM_EMAIL"):
        settings["DEFAULT_FROM_EMAIL"] = parsed["DEFAULT_FROM_EMAIL"]
    return settings
