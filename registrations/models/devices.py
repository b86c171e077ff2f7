"""Check-in devices: each scanner app's bearer token is a row, named, listed and revocable."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Edition

# The congresses take place in Germany: an edition's last day ends at midnight in Berlin.
CONGRESS_TIMEZONE = ZoneInfo("Europe/Berlin")


def end_of_edition(edition: Edition) -> dt.datetime:
    """The end of the edition's last day (midnight after it, Europe/Berlin)."""
    next_day = edition.end_date + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=CONGRESS_TIMEZONE)


class CheckInDeviceQuerySet(models.QuerySet):
    def active(self, now: dt.datetime | None = None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class CheckInDevice(models.Model):
    """A scanner app of one staff member for one edition. Its token (registrations/devices.py)
    carries the row's id; it works until ``expires_at`` (the end of the edition's last day) or
    until the device is revoked."""

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="checkin_devices",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="checkin_devices",
    )
    name = models.CharField(_("Gerätename"), max_length=100)
    created_at = models.DateTimeField(_("Ausgestellt am"), default=timezone.now)
    last_used_at = models.DateTimeField(_("Zuletzt benutzt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Gültig bis"))
    revoked_at = models.DateTimeField(_("Gesperrt am"), null=True, blank=True)

    objects = CheckInDeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einlass-Gerät")
        verbose_name_plural = _("Einlass-Geräte")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def is_active(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at
