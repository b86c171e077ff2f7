"""The degrading cache backends (congress/cache.py): a cache server that is away answers every
operation as a miss, is not asked again for a few seconds, and its failure is logged once a
minute per process, not per operation."""

import logging

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from congress.cache import DegradingFileBasedCache, cache_is_down
from tests.redis_server import redis_cache_settings

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self, monkeypatch):
        self.now = 1000.0
        monkeypatch.setattr("congress.cache.time.monotonic", lambda: self.now)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def asked(monkeypatch):
    """How often the Redis client was really asked (for a get)."""
    calls = []
    original = RedisCache.get

    def counting(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counting)
    return calls


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "congress.cache"]


def test_every_operation_of_a_cache_that_is_away_answers_a_miss(cache_down):
    assert cache.get("k") is None
    assert cache.get("k", "vorgabe") == "vorgabe"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.add("k", 1) is True  # not there; the value is lost like every write
    assert cache.set("k", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("k") is False
    assert cache.delete("k") is False
    assert cache.delete_many(["a"]) is None
    assert cache.get_or_set("k", "berechnet") == "berechnet"
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    cache.clear()
    assert cache_is_down()


def test_a_working_cache_is_not_down(settings, redis_server):
    settings.CACHES = redis_cache_settings(redis_server.url)
    cache.set("k", 41)
    assert cache.incr("k") == 42
    assert cache.add("k", 1) is False
    assert not cache_is_down()


def test_after_an_error_the_server_is_not_asked_for_a_few_seconds(cache_down, clock, asked):
    cache.get("k")
    for _ in range(50):
        cache.get("k")
    assert len(asked) == 1

    clock.now += 5
    cache.get("k")
    assert len(asked) == 2


def test_the_failure_is_logged_once_a_minute_not_per_operation(cache_down, clock, caplog):
    caplog.set_level(logging.INFO, logger="congress.cache")
    for _ in range(3):
        for _ in range(100):
            cache.get("k")
            cache.set("k", 1)
        clock.now += 10
    assert len(warnings_of(caplog)) == 1
    assert "First error" in warnings_of(caplog)[0]

    clock.now += 31  # a minute after the first message
    cache.get("k")
    messages = warnings_of(caplog)
    assert len(messages) == 2
    assert messages[1].endswith("600 operations without the cache in the last 60 s.")


def test_recovery_is_logged_once(settings, redis_server, clock, caplog):
    caplog.set_level(logging.INFO, logger="congress.cache")
    settings.CACHES = redis_cache_settings(redis_server.url)
    redis_server.kill()
    cache.get("k")
    redis_server.start()
    clock.now += 5

    cache.set("k", 1)
    assert cache.get("k") == 1

    assert warnings_of(caplog)[1:] == ["Cache available again after 5 s."]


def test_a_file_cache_that_cannot_be_written_answers_misses(tmp_path, caplog):
    blocker = tmp_path / "eine-datei"
    blocker.write_text("kein Verzeichnis")
    files = DegradingFileBasedCache(str(blocker / "cache"), {})

    files.set("k", 1)
    assert files.get("k", "vorgabe") == "vorgabe"
    assert files.add("k", 1) is True
    assert files.is_down
    assert len(warnings_of(caplog)) == 1


def test_sessions_are_kept_in_the_database(settings):
    """A session is never only in the cache: signed-in users stay signed in without Redis."""
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )
