"""Web origins ("https://blog.example.org"): the scheme, host and port a browser names in `Origin`.

Written the way browsers write them, so that a configured origin and a request's header compare
as plain strings: lower case, no default port, no path.
"""

from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_normalize(value: str) -> str:
    """Return `value` as a browser writes the origin. Raises ValueError unless it is an http(s)
    origin: a scheme and a host, an optional port, nothing after (a final "/" is forgiven)."""
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(f"not an origin: {value!r}") from None
    if (parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or parts.username is not None
            or parts.password is not None or parts.path not in ("", "/") or parts.query or parts.fragment
            or text.endswith(("?", "#"))):
        raise ValueError(f"not an origin: {value!r}")
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"
