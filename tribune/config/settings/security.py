"""HTTPS and the browser's own defences: HSTS, the HTTPS redirect and the Content-Security-Policy.

HSTS and the redirect come from the environment, off by default so that the demo and a site being
set up on plain HTTP keep working. The Content-Security-Policy is the same everywhere and not
configurable: every page's scripts and styles are files under /static/, no page has inline script
or style, and nothing is loaded from another site (the promise in the footer).
"""

from .env import EnvError, env_bool, env_int

# What browsers' HSTS preload list asks for (hstspreload.org): a year at least, and subdomains.
PRELOAD_MINIMUM_SECONDS = 31_536_000

def content_security_policy(*, connect: list[str] = ()) -> dict:
    """Return django-csp's CONTENT_SECURITY_POLICY: what every response allows its page to load.

    No nonces and no hashes: article and list pages are cached whole (newsroom.cache), so a page
    cannot carry a per-request value, and nothing needs one. JSON-LD and json_script blocks are
    data, not script, and need no permission. frame-ancestors stops other sites from framing our
    pages (X-Frame-Options: DENY says the same to older browsers). Responses that are not pages
    (the JSON API, a script other sites embed) carry the header harmlessly. A view whose page
    needs more says so with django-csp's csp_update, as the donation page does for Stripe.
    `connect` adds origins pages may connect to: the live endpoint's, when it has a port or host
    of its own (config/settings/server.py).
    """
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'", *(origin for origin in connect if origin)],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        },
    }


def security_from_env() -> dict:
    """Return the SECURE_* settings for HSTS and the HTTPS redirect; raise EnvError when they
    contradict each other or would make the site unreachable."""
    behind_proxy = env_bool("BEHIND_PROXY", False)
    ssl_redirect = env_bool("SECURE_SSL_REDIRECT", False)
    hsts_seconds = env_int("SECURE_HSTS_SECONDS", 0)
    subdomains = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    preload = env_bool("SECURE_HSTS_PRELOAD", False)
    if ssl_redirect and not behind_proxy:
        # `tribune serve` speaks plain HTTP: without the proxy's X-Forwarded-Proto every request,
        # the HTTPS ones included, would look like HTTP and be redirected again, for ever.
        raise EnvError("SECURE_SSL_REDIRECT", "needs BEHIND_PROXY=true: Tribune's server speaks plain "
                       "HTTP and learns of HTTPS from the proxy's X-Forwarded-Proto")
    if (subdomains or preload) and not hsts_seconds:
        name = "SECURE_HSTS_PRELOAD" if preload else "SECURE_HSTS_INCLUDE_SUBDOMAINS"
        raise EnvError(name, "has no effect without SECURE_HSTS_SECONDS; set that too (31536000 is a year)")
    if preload and (hsts_seconds < PRELOAD_MINIMUM_SECONDS or not subdomains):
        raise EnvError("SECURE_HSTS_PRELOAD", f"browsers' preload list needs SECURE_HSTS_SECONDS of at "
                       f"least {PRELOAD_MINIMUM_SECONDS} and SECURE_HSTS_INCLUDE_SUBDOMAINS=true")
    return {
        "SECURE_SSL_REDIRECT": ssl_redirect,
        "SECURE_HSTS_SECONDS": hsts_seconds,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": subdomains,
        "SECURE_HSTS_PRELOAD": preload,
    }
