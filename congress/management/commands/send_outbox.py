"""Send the due emails of the outbox once (congress.outbox); `manage.py run_worker` does it every
OUTBOX_POLL_SECONDS, cron may run this instead. Safe to run in parallel and again."""

from django.core.management.base import BaseCommand

from congress.outbox import send_due_messages


class Command(BaseCommand):
    help = "Send the due emails of the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many emails.")

    def handle(self, *args, limit=None, **options):
        done = send_due_messages(limit=limit)
        self.stdout.write(f"{done['sent']} sent, {done['failed']} failed attempts")
