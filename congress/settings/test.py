"""Test settings: the same apps as production, fast password hashing, in-memory email."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The fault tests run workers with TEST_EMAIL_BACKEND=...smtp.EmailBackend against a local sink.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
# Sender threads cannot see a test's uncommitted rows; the fault tests' workers set their own.
OUTBOX_SENDER_THREADS = int(os.environ.get("OUTBOX_SENDER_THREADS", "1"))
WAGTAILADMIN_BASE_URL = "http://testserver"
if not os.environ.get("REDIS_URL"):
    # Per process: tests that need a cache shared between processes set one up themselves
    # (tests/test_cache_sharing.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"
# Compare the page cache's content version with the database only when the cache has none
# (congress/content_version.py), so that query counts do not depend on the clock; the tests of
# that comparison set it themselves.
CONTENT_VERSION_CHECK_SECONDS = 3600
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Test data need not survive a crash of the server: commits without waiting for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# Tests register many people from one address; tests/test_registration_views.py switches the
# limit on where it is the subject.
REGISTRATION_RATE_LIMIT = ""
# Tests that need the second factor for /admin/ switch it on (tests/test_signin_limits.py).
REQUIRE_ADMIN_MFA = False
