"""``/health/`` for load balancers and monitoring: JSON about the database, the cache, the
worker's heartbeat and the outbox backlog. 200 while the app can serve (the database answers),
503 when the database is down. A cache that fails, a silent worker or an old backlog make the
status "degraded" but keep 200: pages still render (uncached) and emails wait in the outbox.
No personal data, no session, never cached."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from .outbox import outbox_backlog
from .scheduler import latest_heartbeat_age

logger = logging.getLogger(__name__)
# An outbox whose oldest due email waits longer than this is "degraded" (seconds).
BACKLOG_DEGRADED_SECONDS = 300


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure of the database means down
        logger.warning("Health: database down: %s", error)
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def check_cache() -> dict:
    started = time.monotonic()
    try:
        cache.set("health:probe", 1, 30)
        cache.get("health:probe")
    except Exception as error:  # the site serves uncached without it
        return {"status": "degraded", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def check_worker(now) -> dict:
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return {
            "status": "ok",
            "mode": "embedded",
            "heartbeat_age_seconds": latest_heartbeat_age(now),
        }
    age = latest_heartbeat_age(now)
    fresh = age is not None and age <= settings.WORKER_HEARTBEAT_TIMEOUT
    return {"status": "ok" if fresh else "degraded", "heartbeat_age_seconds": age}


def check_outbox(now) -> dict:
    backlog = outbox_backlog(now)
    late = backlog["oldest_due_age_seconds"] > BACKLOG_DEGRADED_SECONDS
    return {"status": "degraded" if late else "ok", **backlog}


@never_cache
def health(request):
    now = timezone.now()
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"]["status"] == "ok":
        try:
            checks["worker"] = check_worker(now)
            checks["outbox"] = check_outbox(now)
        except Exception as error:  # the tables may be missing (a migration under way)
            checks["background"] = {"status": "degraded", "error": type(error).__name__}
        statuses = {check["status"] for check in checks.values()}
        status = "ok" if statuses == {"ok"} else "degraded"
    else:
        status = "down"
    return JsonResponse(
        {"status": status, "time": now.isoformat(), "checks": checks},
        status=503 if status == "down" else 200,
    )
