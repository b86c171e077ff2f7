"""The background process: the django-tasks database worker and, in a thread next to it, the
scheduler (heartbeat and the periodic jobs of settings.PERIODIC_JOBS: the outbox, task
recovery, publish_scheduled, expire_registrations). Run one or more per deployment; with the
immediate task backend (no task queue) it runs the scheduler alone.

    manage.py run_worker [--interval 1] [--scheduler-only] [--once]
"""

import threading

from django.core.management.base import BaseCommand
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.utils import get_random_id
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from congress.scheduler import Scheduler


class Command(BaseCommand):
    help = "Run the task worker and the periodic jobs (outbox, recovery, publishing, expiry)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--scheduler-only", action="store_true")
        parser.add_argument("--once", action="store_true", help="Run the due jobs once, exit.")
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args, interval, scheduler_only, once, worker_id, **options):
        worker_id = worker_id or get_random_id()
        scheduler = Scheduler(worker_id)
        if once:
            scheduler.tick(float("inf"))
            return
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if scheduler_only or not isinstance(backend, DatabaseBackend):
            self.stdout.write(f"Scheduler {worker_id} started")
            scheduler.run_forever(interval=interval)
            return
        thread = threading.Thread(
            target=scheduler.run_forever, kwargs={"interval": interval}, daemon=True
        )
        thread.start()
        self.stdout.write(f"Worker {worker_id} started")
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id,
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            scheduler.stopped.set()
