"""Expire unpaid reservations and unanswered waiting-list offers; run it every few minutes
(cron or a systemd timer). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from registrations.services import expire_stale_registrations


class Command(BaseCommand):
    help = "Expire unpaid reservations and unanswered offers and pass the seats on."

    def handle(self, *args, **options):
        count = expire_stale_registrations()
        self.stdout.write(f"{count} expired")
