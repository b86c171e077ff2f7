"""The content version: one value in the shared cache that every cached public page and export
is stored under (cms/caching.py). Setting a new version makes all of them stale at once.

It lives in the bottom layer so that every app can invalidate the public pages after a change
that no model signal reports (registrations' mode switch updates rows in bulk); cms connects it
to the publishing and model signals (cms/apps.py).
"""

from __future__ import annotations

import time

from django.core.cache import cache

CONTENT_VERSION_KEY = "cms:content-version"


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY) or "0"
    return version


def bump_content_version(**_signal_kwargs) -> None:
    """Make every cached page and export stale (a signal receiver, hence ``**kwargs``)."""
    cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None)


def _new_version() -> str:
    return f"{time.time_ns()}"
