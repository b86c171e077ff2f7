"""A redis-server of a test's own, on a free port, to stop, hang and restart at will.

``RedisServer(tmp_path)`` starts one without persistence (``--save ""``); ``snapshot()`` writes
its data to ``dump.rdb`` in the directory, from which ``restart()`` loads it again, as a Redis
restarted after a crash would. ``kill()`` is SIGKILL, ``hang()``/``resume()`` SIGSTOP/SIGCONT.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory: Path):
        if not Path(REDIS_SERVER).exists():
            pytest.skip("redis-server is not installed")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def ping(self) -> bool:
        try:
            return self.client().ping()
        except Exception:
            return False

    def snapshot(self) -> None:
        self.client().save()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)

    def hang(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def restart(self) -> None:
        """Killed and started again on the same port, loading dump.rdb if there is one."""
        self.kill()
        self.start()


def redis_cache_settings(url: str, *, timeout: float = 0.3, down_seconds: float = 5.0) -> dict:
    """CACHES as congress/settings/base.py builds them with REDIS_URL, for ``url``."""
    return {
        "default": {
            "BACKEND": "congress.cache.DegradingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "congress",
            "DOWN_SECONDS": down_seconds,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }
