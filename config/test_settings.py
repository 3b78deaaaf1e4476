"""Settings for the test suite: the production settings with a test-only secret and a
fast password hasher. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")

from config.settings import *  # noqa: E402,F403

# The test client speaks plain HTTP; production keeps the redirect to HTTPS.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the source folders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# One process: memory is shared enough, and keeps SQL query counts about the app itself.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
            "KEY_FUNCTION": "config.cache.make_key",
        }
    }
# The page caches are on, as in production: tests take the path every request takes.
# Writes invalidate cached pages when they commit, so a test that reads a page again after
# a write commits it (django_capture_on_commit_callbacks(execute=True)); the few tests
# that read a view's context turn the caches off, since a cached page has none.
PAGE_CACHE_SECONDS = 300
RELEASE = "test"
