from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryKind(models.TextChoices):
    PUBLIC_SECTOR = "public_sector", _("Öffentliche Verwaltung")
    BUSINESS = "business", _("Wirtschaft")
    PRESS = "press", _("Presse")
    PARTNER = "partner", _("Partner/Aussteller")
    SPEAKER = "speaker", _("Referent/in")


class Attendance(models.TextChoices):
    ONSITE = "onsite", _("Vor Ort")
    ONLINE = "online", _("Online")


class CategoryAttendance(models.TextChoices):
    ONSITE = "onsite", _("Nur vor Ort")
    ONLINE = "online", _("Nur online")
    BOTH = "both", _("Vor Ort oder online")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Auswahl")
    CHECKBOX = "checkbox", _("Ankreuzfeld")


class RegistrationState(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Zahlung ausstehend")
    CONFIRMED = "confirmed", _("Bestätigt")
    WAITLISTED = "waitlisted", _("Warteliste")
    OFFERED = "offered", _("Nachrücker-Platz angeboten")
    CANCELLED = "cancelled", _("Storniert")
    EXPIRED = "expired", _("Verfallen")


class PaymentState(models.TextChoices):
    OPEN = "open", _("Offen")
    PAID = "paid", _("Bezahlt")
    EXPIRED = "expired", _("Abgelaufen")
    REFUND_PENDING = "refund_pending", _("Erstattung veranlasst")
    REFUNDED = "refunded", _("Erstattet")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online (Karte, SEPA u. a. über Stripe)")
    INVOICE = "invoice", _("Zahlung auf Rechnung")


class InvoiceState(models.TextChoices):
    OPEN = "open", _("Offen")
    PAID = "paid", _("Bezahlt")
    CANCELLED = "cancelled", _("Storniert")


# States in which a registration holds a seat (on site) and counts against the category's quota.
HOLDING_STATES = (
    RegistrationState.PENDING_PAYMENT,
    RegistrationState.CONFIRMED,
    RegistrationState.OFFERED,
)


class RecipientKind(models.TextChoices):
    ATTENDEE = "attendee", _("Teilnehmende Person")
    SPEAKER = "speaker", _("Mitwirkende Person")


class CheckInSource(models.TextChoices):
    ONLINE = "online", _("Direkt gescannt")
    OFFLINE = "offline", _("Offline gescannt, später übertragen")
    MANUAL = "manual", _("Namenssuche")
