from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Eingeladen")
    ACCEPTED = "accepted", _("Zugesagt")
    DECLINED = "declined", _("Abgesagt")
    CONFIRMED = "confirmed", _("Bestätigt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


class InvitationRole(models.TextChoices):
    SPEAKER = "speaker", _("Referent/in")
    MODERATOR = "moderator", _("Moderation")


class ParticipationMode(models.TextChoices):
    ON_SITE = "on_site", _("Vor Ort")
    LIVE_REMOTE = "live_remote", _("Live zugeschaltet")
    RECORDED = "recorded", _("Aufgezeichnete Videobotschaft")


class ConsentKind(models.TextChoices):
    RECORDING = "recording", _("Aufzeichnung meines Beitrags")
    STREAMING = "streaming", _("Live-Übertragung meines Beitrags")
    PUBLISH_SLIDES = "publish_slides", _("Veröffentlichung meiner Folien")
    PUBLISH_PHOTO = "publish_photo", _("Veröffentlichung meines Fotos")
    PUBLISH_BIO = "publish_bio", _("Veröffentlichung meiner Kurzbiografie")


class SlideLicence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA_4 = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_ND_4 = "cc-by-nd-4.0", _("CC BY-ND 4.0")
    CC0 = "cc0-1.0", _("CC0 1.0 (gemeinfrei)")
    ALL_RIGHTS = "all-rights-reserved", _("Alle Rechte vorbehalten")


class ChangeRequestState(models.TextChoices):
    OPEN = "open", _("Offen")
    ACCEPTED = "accepted", _("Angenommen")
    REJECTED = "rejected", _("Abgelehnt")


class ReminderKind(models.TextChoices):
    CONFIRM = "confirm", _("Zusage fehlt")
    SLIDES = "slides", _("Folien fehlen")
