"""Find what identifies a reader in a text or an address, and replace it with "[Filtered]".

Used on error reports (sentry.py) and log lines (logs.py): email addresses, IP addresses, the
tokens of signed links in the site's paths (subscription confirmations, data requests, previews,
receipts: a URL parameter named like a token or a key), and values the caller knows are secret.
"""

import ipaddress
import re

from django.urls import Resolver404, resolve

FILTERED = "[Filtered]"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Candidates only: each is replaced when ipaddress reads it as an address (so "12:30:45" stays).
_IPV4_CANDIDATE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# A path of the site inside a text (a log message's "Not Found: /path/").
_PATH = re.compile(r"(?<![\w/.])/[\w\-./~%:@+]+/")
# URL parameters of signed links.
_SECRET_URL_PARAMETERS = ("token", "key", "signature")


def text_scrub(text: str, *, secrets=(), addresses: bool = True) -> str:
    """Return `text` with `secrets`, signed-link tokens and (with `addresses`) email and IP
    addresses replaced. Give `secrets` longest first, so that none is left half replaced."""
    for secret in secrets:
        text = text.replace(secret, FILTERED)
    text = _PATH.sub(lambda match: path_scrub(match.group(0)), text)
    if addresses:
        text = _EMAIL.sub(FILTERED, text)
        text = _IPV4_CANDIDATE.sub(_ip_replace, text)
        text = _IPV6_CANDIDATE.sub(_ip_replace, text)
    return text


def url_scrub(url: str) -> str:
    """Replace the signed-link tokens in `url`'s path; drop a query string and fragment."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/") if sep else ("", "/", url.lstrip("/"))
    path = path_scrub("/" + path if slash else "/")
    return f"{scheme}{sep}{host}{path}" if sep else path


def path_scrub(path: str) -> str:
    """Replace the signed-link tokens in a path of the site ("/…/confirm/<token>/")."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    for name, value in match.kwargs.items():
        if any(word in name for word in _SECRET_URL_PARAMETERS) and isinstance(value, str) and value:
            path = path.replace(value, FILTERED)
    return path


def _ip_replace(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return FILTERED
