"""What published changes of sessions are waiting to be told (programme.notices): imported at
the end of programme.models, so Django registers the model."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ChangeKind


class ScheduleChange(models.Model):
    """A published change of a session that those who take part are told about: its time, room
    or online link, or its cancellation. Recorded in the transaction of the publication
    (programme.notices); ``digest_sent_at`` is set when the change went out in a digest
    (programme.notice_digest). ``old`` and ``new`` hold ``notices.notice_state`` of the session."""

    session = models.ForeignKey(
        "programme.Session",
        verbose_name=_("Programmpunkt"),
        on_delete=models.CASCADE,
        related_name="schedule_changes",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ChangeKind.choices)
    old = models.JSONField(_("Vorher"))
    new = models.JSONField(_("Nachher"))
    detected_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now)
    digest_sent_at = models.DateTimeField(_("Mitgeteilt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Programmänderung")
        verbose_name_plural = _("Programmänderungen")
        ordering = ["detected_at", "pk"]
        indexes = [
            models.Index(
                fields=["detected_at"],
                condition=models.Q(digest_sent_at__isnull=True),
                name="schedule_change_pending",
            )
        ]

    def __str__(self):
        return f"{self.session_id}: {self.get_kind_display()}"
