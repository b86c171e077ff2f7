"""Production: PostgreSQL through DATABASE_URL, Redis through REDIS_URL, a separate task worker.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Optional: REDIS_URL, EMAIL_URL-style
settings below, SECURE_SSL_REDIRECT (default on), BASE_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 or more characters.")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The workers (manage.py run_worker) send the outbox; requests never talk to the mail server.
OUTBOX_SEND_ON_COMMIT = env_bool("OUTBOX_SEND_ON_COMMIT", False)
# Whoever opens /admin/ needs a second factor (cms/admin_mfa.py); REQUIRE_ADMIN_MFA=0 turns it off.
REQUIRE_ADMIN_MFA = env_bool("REQUIRE_ADMIN_MFA", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
