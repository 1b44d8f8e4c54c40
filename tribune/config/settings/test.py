"""Settings for the test suite: the base settings with fast hashing and plain static files."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR
from .security import content_security_policy

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run where they are enqueued, so a test sees their effect without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Links in emails point where the test client's requests go.
SITE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that tests which start a server in another thread share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

MEDIA_ROOT = VAR_DIR / "test-media"
# Serve static files from the apps' folders: the suite never runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
# Pages connect to no live server unless a test starts one (the live_stream fixture), so that a
# page's requests stay on the test server.
DISCUSSION_LIVE_URL = ""
CONTENT_SECURITY_POLICY = content_security_policy()
