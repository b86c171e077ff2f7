from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackKind(models.TextChoices):
    MAIN_STAGE = "main_stage", _("Hauptbühne")
    FORUM = "forum", _("Fachforum")


class SessionStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Findet statt")
    CANCELLED = "cancelled", _("Abgesagt")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Referent/in")
    MODERATOR = "moderator", _("Moderation")
    PANELIST = "panelist", _("Podiumsgast")


class ChangeKind(models.TextChoices):
    """What a published change of a session changed for those who take part (ScheduleChange)."""

    CANCELLED = "cancelled", _("Abgesagt")
    REINSTATED = "reinstated", _("Findet wieder statt")
    MOVED = "moved", _("Zeit geändert")
    ROOM = "room", _("Raum geändert")
    LINK = "link", _("Link geändert")


class LogAction(models.TextChoices):
    """Audit log actions of the programme (congress.audit); Wagtail logs each session's edits."""

    NOTICES_HELD = "track.notices_held", _("Änderungsmitteilungen zurückgehalten")
    NOTICES_RELEASED = "track.notices_released", _("Änderungsmitteilungen freigegeben")
    PROGRAMME_IMPORTED = "programme.imported", _("Programm importiert")
