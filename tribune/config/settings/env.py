"""Read and check environment variables.

Every helper raises `ImproperlyConfigured` with a message that starts with the variable's name,
so the `tribune` command can print it as one line instead of a traceback.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tribune.core.origins import origin_normalize

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A configuration variable is missing or malformed."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable's value stripped of surrounding spaces, or `default` when unset."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    """Return a yes/no variable; accept 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(name, f"expected true or false, got {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Return a whole-number variable no smaller than `minimum`."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise EnvError(name, f"expected a whole number, got {value!r}") from None
    if number < minimum:
        raise EnvError(name, f"must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list, dropping empty items."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise EnvError(name, "must list at least one value, separated by commas")
    return items


def env_origins(name: str) -> list[str]:
    """Return a comma-separated list of web origins (https://blog.example.org) as browsers write
    them; empty when the variable is unset or empty."""
    origins = []
    for item in (os.environ.get(name) or "").split(","):
        if not item.strip():
            continue
        try:
            origins.append(origin_normalize(item))
        except ValueError:
            raise EnvError(name, f"expected origins like https://blog.example.org (scheme and host, "
                                 f"no path), separated by commas; got {item.strip()!r}") from None
    return origins


# The source checkout Tribune runs from, when it runs from one (an editable install, make demo).
_CHECKOUT = Path(__file__).resolve().parents[3]


def var_dir() -> Path:
    """Return the folder for the embedded database, uploads and the kept secret key.

    Never the current folder: a command run from another folder must find the same site, not
    make a new empty one there. TRIBUNE_VAR_DIR (an absolute path) when set; else var/ in the
    source checkout Tribune runs from; else the user's data folder ($XDG_DATA_HOME/tribune,
    by default ~/.local/share/tribune).
    """
    explicit = env_str("TRIBUNE_VAR_DIR")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute():
            raise EnvError("TRIBUNE_VAR_DIR", f"must be an absolute path (a relative one depends on the "
                                              f"folder a command runs in), got {explicit!r}")
        return path.resolve()
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "tribune" / "cli.py").is_file():
        return _CHECKOUT / "var"
    data = env_str("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return (Path(data).expanduser() / "tribune").resolve()
