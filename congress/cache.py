"""Cache backends that degrade instead of failing: an error of the cache server is a miss.

The site uses its cache for speed (the page cache, the registration form's set-up, the check-in's
device states) and for counting (rate limits); none of it may take the site down. With Redis
stopped, unreachable or hanging, every operation of these backends answers as if the key were
missing: ``get`` the default, ``get_many`` nothing, ``has_key``, ``delete`` and ``touch`` False,
``incr`` ``ValueError`` (Django's answer for a missing key), ``add`` True (the key was not
there; the value is lost like every write meanwhile), ``set_many`` every key as not stored.
Pages then render uncached and forms submit. ``add`` answering False would claim the key exists:
allauth, which takes a lock with ``add`` before each of its rate limits, would then wait a second
and refuse every sign-in. What each rate limit does without its counts is decided where it is
counted (congress/ratelimit.py, which asks ``cache_is_down``).

After an error the cache counts as down for ``DOWN_SECONDS`` (per process): operations answer
misses at once without waiting for the server, so a hanging Redis costs one socket timeout per
process every few seconds, not one per operation. The first error is logged as a warning, then
at most one summary a minute (``LOG_SECONDS``) per process and cache, and once that it is back.

django-redis has ``IGNORE_EXCEPTIONS``, which also turns errors into misses; it was not taken
because it asks the server again on every operation (a hanging Redis costs a socket timeout each
time) and logs every ignored error or none. These classes keep Django's own backends (its Redis
client, serializer and key format) and only add the error handling.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import threading
import time
import zlib
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0
LOG_SECONDS = 60.0


@dataclass
class Health:
    """The state of one cache in this process, shared by its per-thread backend instances."""

    down_until: float = 0.0
    failing_since: float | None = None
    logged_at: float | None = None
    errors: int = 0


_health: dict[str, Health] = {}
_health_lock = threading.Lock()


def cache_health(location: str) -> Health:
    with _health_lock:
        return _health.setdefault(location, Health())


def reset_cache_health() -> None:
    """Forget every failure seen in this process (tests)."""
    with _health_lock:
        _health.clear()


def cache_is_down(alias: str = "default") -> bool:
    """Whether the cache ``alias`` failed within the last few seconds (its answers are misses,
    its writes lost); False for backends that do not degrade."""
    from django.core.cache import caches

    return bool(getattr(caches[alias], "is_down", False))


class _Miss(Exception):
    """Raised inside ``_call`` when the cache is down; the public methods answer a miss."""


class DegradingCacheMixin:
    """Turns the errors of a cache backend (``cache_errors``) into misses; see the module."""

    cache_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, location, params):
        super().__init__(location, params)
        self._health = cache_health(f"{type(self).__name__}:{location}")
        self._down_seconds = float(params.get("DOWN_SECONDS", DOWN_SECONDS))
        self._log_seconds = float(params.get("LOG_SECONDS", LOG_SECONDS))

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._health.down_until

    def _call(self, method, *args, **kwargs):
        health = self._health
        if time.monotonic() < health.down_until:
            health.errors += 1
            raise _Miss
        try:
            result = method(*args, **kwargs)
        except self.cache_errors as error:
            self._failed(error)
            raise _Miss from error
        if health.failing_since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        health = self._health
        now = time.monotonic()
        with _health_lock:
            health.down_until = now + self._down_seconds
            health.errors += 1
            first = health.failing_since is None
            if first:
                health.failing_since = now
            due = first or health.logged_at is None or now - health.logged_at >= self._log_seconds
            if not due:
                return
            health.logged_at, errors, health.errors = now, health.errors, 0
        logger.warning(
            "Cache unavailable (%s: %s); serving without it. %s",
            type(error).__name__,
            error,
            "First error."
            if first
            else f"{errors} operations without the cache in the last {self._log_seconds:.0f} s.",
        )

    def _recovered(self) -> None:
        health = self._health
        with _health_lock:
            if health.failing_since is None:
                return
            seconds = time.monotonic() - health.failing_since
            health.failing_since = health.logged_at = None
            health.errors = 0
        logger.warning("Cache available again after %.0f s.", seconds)

    # The operations of django.core.cache.backends.base.BaseCache; decr, get_or_set and the
    # async variants go through these.

    def get(self, key, default=None, version=None):
        try:
            return self._call(super().get, key, default, version)
        except _Miss:
            return default

    def get_many(self, keys, version=None):
        try:
            return self._call(super().get_many, keys, version)
        except _Miss:
            return {}

    def has_key(self, key, version=None):
        try:
            return self._call(super().has_key, key, version)
        except _Miss:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().add, key, value, timeout, version)
        except _Miss:
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().set, key, value, timeout, version)
        except _Miss:
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().set_many, data, timeout, version)
        except _Miss:
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().touch, key, timeout, version)
        except _Miss:
            return False

    def delete(self, key, version=None):
        try:
            return self._call(super().delete, key, version)
        except _Miss:
            return False

    def delete_many(self, keys, version=None):
        try:
            return self._call(super().delete_many, keys, version)
        except _Miss:
            return None

    def incr(self, key, delta=1, version=None):
        try:
            return self._call(super().incr, key, delta, version)
        except _Miss:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from None

    def clear(self):
        try:
            return self._call(super().clear)
        except _Miss:
            return None


class DegradingRedisCache(DegradingCacheMixin, RedisCache):
    """Django's Redis cache; connection errors, timeouts and server errors become misses.

    Give it short socket timeouts (OPTIONS ``socket_connect_timeout`` and ``socket_timeout``,
    congress/settings/base.py) so that a hanging server is noticed quickly."""

    def __init__(self, server, params):
        from redis.exceptions import RedisError

        self.cache_errors = (RedisError, OSError)
        super().__init__(server, params)


class DegradingFileBasedCache(DegradingCacheMixin, FileBasedCache):
    """Django's file cache (shared by the processes of one machine); a full disk, a directory
    that cannot be written or a damaged file become misses."""

    cache_errors = (OSError, EOFError, pickle.UnpicklingError, zlib.error)

    def _createdir(self):
        # Called when the backend is set up, before any operation: a directory that cannot be
        # made must not fail the request; each operation then fails and answers a miss.
        with contextlib.suppress(OSError):
            super()._createdir()
