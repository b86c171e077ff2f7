"""Taking part: forum choices, mode switches with their notifications, online access uses and
check-ins."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Edition

from ..enums import (
    CheckInSource,
)
from .registrations import Registration


class ForumChoice(models.Model):
    """A forum (track) an attendee chose; on site it takes a place in the forum's room."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="forum_choices"
    )
    track = models.ForeignKey(
        "programme.Track",
        verbose_name=_("Forum"),
        on_delete=models.CASCADE,
        related_name="attendee_choices",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Forumswahl")
        verbose_name_plural = _("Forumswahlen")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "track"], name="forum_choice_unique_per_registration"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} -> {self.track_id}"


class ModeSwitch(models.Model):
    """One switch of an edition's mode (in person, hybrid, online): its effects and the batch of
    its emails, whose progress the admin shows (services.switch_edition_mode). The audit entry
    of the switch is "edition.mode_switched" in the one audit log (congress.LogEntry)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.CASCADE, related_name="mode_switches"
    )
    old_mode = models.CharField(_("Bisheriges Format"), max_length=20)
    new_mode = models.CharField(_("Neues Format"), max_length=20)
    effects = models.JSONField(_("Auswirkungen"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("Formatwechsel")
        verbose_name_plural = _("Formatwechsel")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.edition}: {self.old_mode} -> {self.new_mode}"


class AccessUse(models.Model):
    """Where a personal online access link was used from (an address hash, not the address):
    a link used from many addresses at once is flagged to the organisers."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="access_uses"
    )
    address_hash = models.CharField(max_length=64)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    uses = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Nutzung des Online-Zugangs")
        verbose_name_plural = _("Nutzungen des Online-Zugangs")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "address_hash"], name="access_use_unique_address"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} {self.address_hash[:8]}"


class CheckIn(models.Model):
    """An admission: at the entrance (``room`` empty) or into a forum room. The constraints make
    the first scan win: a second scan of the same ticket at the same place is refused."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    room = models.ForeignKey(
        "congress.Room",
        verbose_name=_("Raum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    scanned_at = models.DateTimeField(_("Gescannt am"), default=timezone.now)
    created_at = models.DateTimeField(_("Erfasst am"), default=timezone.now)
    source = models.CharField(
        _("Quelle"), max_length=10, choices=CheckInSource.choices, default=CheckInSource.ONLINE
    )
    device = models.CharField(_("Gerät"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Check-in")
        verbose_name_plural = _("Check-ins")
        ordering = ["-scanned_at", "-pk"]
        permissions = [("check_in", _("Tickets am Einlass prüfen (Check-in)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(room__isnull=True),
                name="check_in_once_at_entrance",
            ),
            models.UniqueConstraint(fields=["registration", "room"], name="check_in_once_per_room"),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.room_id or '-'} {self.scanned_at:%H:%M}"
