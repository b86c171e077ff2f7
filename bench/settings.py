"""Settings of the benchmark server: production settings plus the bare comparison views."""

from congress.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
