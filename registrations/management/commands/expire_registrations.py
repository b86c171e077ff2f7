"""Expire unpaid reservations and unanswered waiting-list offers; run it every few minutes
(cron or a systemd timer). Safe to run any number of times.

The attendee-facing paths do not wait for it: opening one's page and registering for an edition
with limited seats expire the edition's stale reservations and offers first
(services.expire_stale_registrations). Cron is still what offers a freed seat to the next person
when nobody of that edition visits, so keep it scheduled."""

from django.core.management.base import BaseCommand

from registrations.services import expire_stale_registrations


class Command(BaseCommand):
    help = "Expire unpaid reservations and unanswered offers and pass the seats on."

    def handle(self, *args, **options):
        count = expire_stale_registrations()
        self.stdout.write(f"{count} expired")
