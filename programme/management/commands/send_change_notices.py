"""Queue the digests of programme changes whose window has passed (programme.notice_digest);
`manage.py run_worker` does it every minute, cron may run this instead. Safe to run in parallel
and again: a change goes out once."""

from django.core.management.base import BaseCommand

from programme.notice_digest import send_change_notices


class Command(BaseCommand):
    help = "Queue the change notices of published sessions whose window has passed."

    def handle(self, *args, **options):
        done = send_change_notices()
        self.stdout.write(f"{done['changes']} changes, {done['emails']} emails queued")
