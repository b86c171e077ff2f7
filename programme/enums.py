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


class LogAction(models.TextChoices):
    """Audit log actions of the programme (congress.audit); Wagtail logs each session's edits."""

    PROGRAMME_IMPORTED = "programme.imported", _("Programm importiert")
