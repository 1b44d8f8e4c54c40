"""Settings shared by every Tribune process, read from the environment.

See the README's "Configuration" table for each variable and its default.
"""

import secrets
from email.utils import formataddr
from pathlib import Path

from .email import email_from_env
from .env import EnvError, env_bool, env_int, env_list, env_origins, env_str, var_dir
from .languages import locale_paths, reader_languages, site_locale
from .operations import logging_config, operations_from_env
from .payments import payments_from_env
from .scaling import cache_from_env, database_settings_from_env, http_cache_from_env
from .security import content_security_policy, security_from_env
from .server import live_origin, live_url

PACKAGE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = var_dir()


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, or the key kept under var/ for local use.

    `tribune serve` refuses to start unless SECRET_KEY is set, so the kept key only ever serves
    the demo and commands run by hand.
    """
    key = env_str("SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise EnvError("SECRET_KEY", "must be at least 32 characters; make one with "
                           "python -c 'import secrets; print(secrets.token_urlsafe(50))'")
        return key
    kept = VAR_DIR / "secret_key"
    if kept.exists():
        return kept.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    kept.write_text(key + "\n")
    kept.chmod(0o600)
    return key


def _site_url() -> str:
    """Return SITE_URL, the public address that links in emails point to."""
    url = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url.split("/")) != 3:
        raise EnvError("SITE_URL", f"expected the site's address like https://news.example.org, got {url!r}")
    return url


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = env_str("SITE_NAME") or "Tribune"
SITE_URL = _site_url()
SITE_LOCALE = site_locale()
LANGUAGE_CODE = SITE_LOCALE.replace("_", "-").lower()
LANGUAGES = reader_languages(LANGUAGE_CODE)
LOCALE_PATHS = locale_paths(PACKAGE_DIR)
TIME_ZONE = env_str("TIME_ZONE") or "UTC"
USE_I18N = True
USE_TZ = True

INSTALLED_APPS = [
    # First, so that its admin/base_site.html (the site's name, the link to moderation) is found
    # before the admin's own.
    "tribune.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # ninja serves its API docs page from its own static files, not from a CDN.
    "ninja",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "tribune.newsroom",
    "tribune.discussion.comments",
    "tribune.discussion.moderation",
    "tribune.discussion.notifications",
    "tribune.discussion.portability",
    "tribune.donations",
    "tribune.operations",
]

MIDDLEWARE = [
    # Outermost: health checks and /metrics answer before host checks and HTTPS redirects (load
    # balancers probe over plain HTTP, by address), and every other request is timed whole.
    "tribune.operations.middleware.OperationsMiddleware",
    # First, so that its headers are on every API answer, errors and preflights included.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header, on every response (the policy is in security.py).
    "tribune.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Where the request reads (a replica, or the primary after the reader wrote); see core.replicas.
    "tribune.core.replicas.ReplicaMiddleware",
    # ETags and 304 answers to conditional requests, once the answer's headers are final.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above sessions, messages and authentication: it sees the cookies they set on the way out.
    "tribune.core.personal.PersonalResponseMiddleware",
    # Cache-Control of the answers that are the same for every reader (see core.httpcache).
    "tribune.core.httpcache.SharedCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the site's, or the reader's among READER_LANGUAGES.
    "tribune.core.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Other sites allowed to embed the discussion: their pages may have threads, write through the
# API, and read its answers. Origins, like https://blog.example.org (see discussion.embedding).
DISCUSSION_EMBED_HOSTS = env_origins("DISCUSSION_EMBED_HOSTS")
# CORS, for the API only. The allowed origins are DISCUSSION_EMBED_HOSTS alone, asked at each
# request (a receiver of corsheaders' check_request_enabled), so CORS_ALLOWED_ORIGINS stays empty.
CORS_URLS_REGEX = r"^/api/"
# Guests send their key in a header; no cookie crosses sites, so no credentials.
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "content-type", "x-guest-key"]
# A rate-limited widget reads how long to wait.
CORS_EXPOSE_HEADERS = ["Retry-After"]

ROOT_URLCONF = "tribune.config.urls"
WSGI_APPLICATION = "tribune.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tribune.core.context_processors.site",
            ],
        },
    },
]

# The primary, its read replicas and their router, and the shared cache (see scaling.py).
globals().update(database_settings_from_env())
globals().update(cache_from_env())
globals().update(http_cache_from_env())
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

globals().update(email_from_env())
# Readers see the site's name (the demo's, in the demo) as the sender unless told otherwise.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or globals().get(
    "DEFAULT_FROM_EMAIL", formataddr((SITE_NAME, "noreply@localhost"))
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

globals().update(payments_from_env())

TASKS = {
    "default": {
        "BACKEND": "tribune.core.tasks_backend.DatabaseBackend",
        "QUEUES": [],
    }
}

STATIC_URL = "/static/"
# Where `collectstatic` puts the static files WhiteNoise serves; a container image collects them
# at build, into a folder of the image (see Dockerfile).
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Tribune serves uploads itself so that one process runs a small site; a proxy in front may
# serve MEDIA_ROOT directly instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_behind_proxy = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_proxy else None
# How many reverse proxies of the site's own stand in front, each adding to X-Forwarded-For: the
# client's address is the entry the outermost wrote (core.privacy). BEHIND_PROXY alone means one.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if _behind_proxy else 0)
# Tribune's own cookies (the guest's key, the prompt's) follow SESSION_COOKIE_SECURE.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
globals().update(security_from_env())
# Where pages reach the live endpoint (new comments as they come; empty with LIVE_BIND=off); an
# address on another port or host is added to the policy's connect-src.
DISCUSSION_LIVE_URL = live_url(SITE_URL)
CONTENT_SECURITY_POLICY = content_security_policy(connect=[live_origin(DISCUSSION_LIVE_URL)])

# Metrics, Sentry and the log's format (see operations.py and docs/operating.md).
_operations = operations_from_env()
globals().update(_operations)
LOGGING = logging_config(log_format=_operations["LOG_FORMAT"], level=env_str("LOG_LEVEL") or "INFO")
