"""The content version: every cached public page and export is stored under it (cms/caching.py),
and a new version makes all of them stale at once.

The authoritative version is a row in the database (``congress.ContentVersion``), given a new
value in the same transaction as the change (``bump_content_version``, called from the model and
publishing signals connected in cms/apps.py and by services that change rows in bulk, such as
registrations' mode switch). The cache holds a copy, written only after the commit: a request
rendered while the change's transaction is still open reads the old rows and the old version, so
its page is stored under the old version and never served as the new one.

``content_version`` answers from the cache's copy and compares it with the database at most
every ``CONTENT_VERSION_CHECK_SECONDS`` per process (and whenever the cache has none). So a cache
that lost a write, or a Redis restarted from a snapshot holding an old version with its old
pages, serves them for a few seconds at most.

Transactions that change published content wait for each other on that row (editors' changes,
the mode switch), never for readers. It lives in the bottom layer so that every app can
invalidate the public pages.
"""

from __future__ import annotations

import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

CONTENT_VERSION_KEY = "cms:content-version"
ROW = 1  # the primary key of the one row

logger = logging.getLogger(__name__)


# When this process last compared the cache's copy with the database and last logged that it
# could not (time.monotonic()).
_checked = {"at": float("-inf"), "logged": float("-inf")}
LOG_SECONDS = 60


def content_version(cached: str | None = None, *, read_cache: bool = True) -> str:
    """The current version, given the value ``cached`` just read from the cache (read here when
    ``read_cache`` and not given). Inside a transaction that changed content, its own new
    version: that transaction sees its rows already."""
    pending = _pending_publication()
    if pending is not None:
        return pending.value
    if cached is None and read_cache:
        cached = cache.get(CONTENT_VERSION_KEY)
    now = time.monotonic()
    if cached is not None and now - _checked["at"] < settings.CONTENT_VERSION_CHECK_SECONDS:
        return cached
    try:
        stored = stored_content_version()
    except DatabaseError:
        if cached is None:
            raise
        if now - _checked["logged"] >= LOG_SECONDS:
            _checked["logged"] = now
            logger.warning("Content version: database unavailable, using the cache's copy")
        return cached
    _checked["at"] = now
    if stored != cached:
        cache.set(CONTENT_VERSION_KEY, stored, timeout=None)
    return stored


def forget_content_version_check() -> None:
    """Compare with the database at the next request (tests)."""
    _checked["at"] = float("-inf")


def stored_content_version() -> str:
    """The version in the database; "0" before the first change."""
    from .models import ContentVersion  # imported by apps.py modules before the models are ready

    value = ContentVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()
    return value or "0"


def bump_content_version(**_signal_kwargs) -> None:
    """Record a change of published content (a signal receiver, hence ``**kwargs``): a new
    version in the current transaction, copied to the cache after the commit; outside a
    transaction both at once. However many rows a transaction changes, the copy is made once."""
    from .models import ContentVersion

    value = f"{time.time_ns()}-{secrets.token_hex(4)}"
    if not ContentVersion.objects.filter(pk=ROW).update(value=value):
        ContentVersion.objects.update_or_create(pk=ROW, defaults={"value": value})
    pending = _pending_publication()
    if pending is not None:
        pending.value = value
    else:
        transaction.on_commit(_Publication(value))


class _Publication:
    """The copy of a transaction's new version to the cache, run after its commit. The copy is
    read from the database again, so that of two transactions committing at once the later
    one's version ends in the cache."""

    def __init__(self, value: str):
        self.value = value

    def __call__(self) -> None:
        try:
            cache.set(CONTENT_VERSION_KEY, stored_content_version(), timeout=None)
        except DatabaseError:
            # The next request reads the database itself (``content_version``) once it is back.
            cache.delete(CONTENT_VERSION_KEY)


def _pending_publication() -> _Publication | None:
    """The copy the current transaction has queued, if it changed content (a rolled back
    savepoint drops it with the version it set). Django keeps the queue on the connection."""
    if not connection.in_atomic_block:
        return None
    for _savepoints, func, _robust in connection.run_on_commit:
        if isinstance(func, _Publication):
            return func
    return None
