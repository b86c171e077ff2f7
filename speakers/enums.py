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


class LogAction(models.TextChoices):
    """Audit log actions of the speakers' participation (congress.audit)."""

    INVITATION_CREATED = "invitation.created", _("Einladung erstellt")
    INVITATION_RESENT = "invitation.resent", _("Einladung erneut gesendet")
    INVITATION_INVITED = "invitation.invited", _("Einladung erneuert")
    INVITATION_ACCEPTED = "invitation.accepted", _("Einladung zugesagt")
    INVITATION_DECLINED = "invitation.declined", _("Einladung abgesagt")
    INVITATION_CONFIRMED = "invitation.confirmed", _("Teilnahme bestätigt")
    INVITATION_WITHDRAWN = "invitation.withdrawn", _("Einladung zurückgezogen")
    TICKET_ISSUED = "invitation.ticket_issued", _("Ticket für Referent/in ausgestellt")
    TICKET_REFUSED = "invitation.ticket_refused", _("Ticket für Referent/in nicht ausgestellt")
    PROFILE_BOUND = "profile.bound", _("Profil mit Konto verbunden")
    PROFILE_UPDATED = "profile.updated", _("Profil geändert")
    CONSENT_GIVEN = "consent.given", _("Einwilligung erteilt")
    CONSENT_REVOKED = "consent.revoked", _("Einwilligung widerrufen")
    SLIDES_UPLOADED = "slides.uploaded", _("Folien hochgeladen")
    CHANGE_REQUEST_CREATED = "change_request.created", _("Änderungswunsch gestellt")
    CHANGE_REQUEST_DECIDED = "change_request.decided", _("Änderungswunsch beantwortet")
    REMINDER_SENT = "reminder.sent", _("Erinnerung gesendet")
