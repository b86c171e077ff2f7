"""Periodic jobs without cron, worker heartbeats and the recovery of tasks whose worker died.

``manage.py run_worker`` runs the django-tasks database worker and, in a thread next to it,
:class:`Scheduler`: every second it writes the process's heartbeat (``WorkerHeartbeat``) and runs
the jobs of ``settings.PERIODIC_JOBS`` that are due. An "exclusive" job takes a lease on its
``PeriodicJob`` row with one conditional UPDATE, so that of several schedulers one runs it per
interval; a scheduler that dies holding the lease loses it after the lease time. Every job is a
management command (``command``) or a function (``call``), so cron can still run each alone.

django-tasks-db 0.12 marks a claimed task RUNNING with the worker's id in ``worker_ids`` and
keeps no heartbeat: a worker killed by SIGKILL leaves its task RUNNING for ever.
:func:`recover_stalled_tasks` puts such tasks back to READY: those of a worker whose heartbeat is
older than WORKER_HEARTBEAT_TIMEOUT, and those of workers without a heartbeat (a plain
``db_worker``) running longer than TASK_MAX_RUNTIME. The tasks of this project are safe to run
again (the outbox is the durable state of every email).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, *, now: dt.datetime | None = None) -> None:
    """Write the heartbeat of this worker process."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:200],
            pid=os.getpid(),
            started_at=now,
            beat_at=now,
        )


def latest_heartbeat_age(now: dt.datetime | None = None) -> float | None:
    """Seconds since the freshest heartbeat of any worker, ``None`` when no worker ever beat."""
    now = now or timezone.now()
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return round((now - latest).total_seconds(), 1) if latest else None


def recover_stalled_tasks(*, now: dt.datetime | None = None) -> int:
    """Put RUNNING tasks whose worker is dead back to READY; returns how many."""
    now = now or timezone.now()
    silent_since = now - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT)
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "beat_at"))
    recovered = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    )
    for task in running:
        worker = task.worker_ids[-1] if task.worker_ids else None
        beat_at = beats.get(worker)
        if beat_at is not None:
            dead = beat_at < silent_since
        else:
            too_long = dt.timedelta(seconds=settings.TASK_MAX_RUNTIME)
            dead = task.started_at is None or task.started_at < now - too_long
        if not dead:
            continue
        # Only if nothing changed it meanwhile (the worker may have finished it just now).
        recovered += DBTaskResult.objects.filter(
            id=task.id, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("Task %s of dead worker %s is queued again", task.id, worker)
    # Heartbeats of workers gone for a day are forgotten.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    return recovered


def take_job_lease(name: str, *, every: float, holder: str, now=None) -> bool:
    """Whether ``holder`` may run job ``name`` now: its last start is ``every`` seconds ago and
    no live lease holds it. One conditional UPDATE decides between concurrent schedulers."""
    now = now or timezone.now()
    PeriodicJob.objects.bulk_create([PeriodicJob(name=name)], ignore_conflicts=True)
    lease = dt.timedelta(seconds=max(every * 10, 600))
    return bool(
        PeriodicJob.objects.filter(name=name)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(
            Q(last_started_at__isnull=True)
            | Q(last_started_at__lte=now - dt.timedelta(seconds=every))
        )
        .update(locked_until=now + lease, locked_by=holder, last_started_at=now)
    )


def release_job_lease(name: str, *, holder: str, error: str = "") -> None:
    PeriodicJob.objects.filter(name=name, locked_by=holder).update(
        locked_until=None, locked_by="", last_finished_at=timezone.now(), last_error=error
    )


def run_job(spec: dict) -> None:
    if "command" in spec:
        call_command(spec["command"], verbosity=0)
    else:
        import_string(spec["call"])()


class Scheduler:
    """Heartbeat and periodic jobs of one worker process (see the module doc)."""

    def __init__(self, worker_id: str, jobs: dict | None = None):
        self.worker_id = worker_id
        self.jobs = settings.PERIODIC_JOBS if jobs is None else jobs
        self.next_run: dict[str, float] = {}
        self.next_beat = 0.0
        self.stopped = threading.Event()

    def tick(self, clock: float) -> None:
        """Beat when due and run the due jobs; errors are logged, never raised."""
        if clock >= self.next_beat:
            self._guarded("heartbeat", lambda: beat(self.worker_id))
            self.next_beat = clock + settings.WORKER_HEARTBEAT_SECONDS
        for name, spec in self.jobs.items():
            if clock < self.next_run.get(name, 0.0):
                continue
            self.next_run[name] = clock + spec["every"]
            if spec.get("exclusive"):
                self._run_exclusive(name, spec)
            else:
                self._guarded(name, lambda spec=spec: run_job(spec))

    def _run_exclusive(self, name: str, spec: dict) -> None:
        if not self._guarded(
            name, lambda: take_job_lease(name, every=spec["every"], holder=self.worker_id)
        ):
            return
        error = ""
        try:
            run_job(spec)
        except Exception as exc:  # recorded on the job's row, the next run tries again
            logger.exception("Periodic job %s failed", name)
            error = f"{type(exc).__name__}: {exc}"[:1000]
        self._guarded(name, lambda: release_job_lease(name, holder=self.worker_id, error=error))

    @staticmethod
    def _guarded(name: str, func):
        """``func()``, or ``None`` after logging its error: a failing job must not stop the
        scheduler."""
        try:
            return func()
        except Exception:
            logger.exception("Periodic job %s failed", name)
            return None

    def run_forever(self, *, interval: float = 1.0) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()  # as after a request: drop broken connections
                self.tick(time.monotonic())
                self.stopped.wait(interval)
        finally:
            connection.close()
