"""Put the tasks of dead workers (RUNNING, worker silent) back in the queue
(congress.scheduler.recover_stalled_tasks); `manage.py run_worker` does it every 30 seconds."""

from django.core.management.base import BaseCommand

from congress.scheduler import recover_stalled_tasks


class Command(BaseCommand):
    help = "Queue again the tasks whose worker died."

    def handle(self, *args, **options):
        self.stdout.write(f"{recover_stalled_tasks()} tasks queued again")
