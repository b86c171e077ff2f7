from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionMode(models.TextChoices):
    IN_PERSON = "in_person", _("Präsenz")
    HYBRID = "hybrid", _("Hybrid")
    ONLINE = "online", _("Online")


class PartnerTier(models.TextChoices):
    MAIN = "main", _("Hauptpartner")
    PREMIUM = "premium", _("Premiumpartner")
    PARTNER = "partner", _("Partner")
    EXHIBITOR = "exhibitor", _("Aussteller")
    MEDIA = "media", _("Medienpartner")


class LogAction(models.TextChoices):
    """Audit log actions of the core (congress.audit)."""

    MODE_SWITCHED = "edition.mode_switched", _("Format der Ausgabe gewechselt")
    ROLE_ASSIGNED = "role.assigned", _("Rolle vergeben")
    EMAIL_RESENT = "email.resent", _("E-Mail erneut gesendet")


class Role(models.TextChoices):
    """What a user does for a congress, an edition or a forum (``RoleAssignment``); what each
    role may do is decided by the predicates in the apps' rules.py (docs/permissions.md)."""

    ORGANISER = "organiser", _("Organisation")
    FORUM_LEAD = "forum_lead", _("Forumsleitung")
    CHECKIN = "checkin", _("Einlass")
    SPEAKER_MANAGER = "speaker_manager", _("Referierendenbetreuung")


class OutboxState(models.TextChoices):
    """Where an email of the outbox stands (congress.outbox)."""

    WAITING = "waiting", _("Wartend")
    SENT = "sent", _("Versandt")
    FAILED = "failed", _("Fehlgeschlagen")


class EmailLanguage(models.TextChoices):
    """The language of the emails to a person (registrations, speakers, mailings)."""

    DE = "de", _("Deutsch")
    EN = "en", _("Englisch")

    @classmethod
    def of(cls, language: str | None) -> str:
        """From a request's language ("en-gb" -> "en"): German unless it is English."""
        return cls.EN if (language or "").lower().startswith("en") else cls.DE
