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
