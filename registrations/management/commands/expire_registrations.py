"""Expire unpaid reservations, unconfirmed addresses and unanswered waiting-list offers, and
offer every free seat to the waiting lists; run it every few minutes (cron or a systemd timer).
Safe to run any number of times.

The attendee-facing paths do not wait for it: opening one's page and registering for an edition
with limited seats expire the edition's stale reservations and offers first
(services.expire_stale_registrations). Cron is still what offers a freed seat to the next person
when nobody of that edition visits, so keep it scheduled."""

from django.core.management.base import BaseCommand

from registrations.services import expire_stale_registrations, offer_free_seats_everywhere


class Command(BaseCommand):
    help = "Expire unpaid reservations, unconfirmed addresses and unanswered offers; offer seats."

    def handle(self, *args, **options):
        count = expire_stale_registrations()
        offered = offer_free_seats_everywhere()
        self.stdout.write(f"{count} expired, {offered} offered")
