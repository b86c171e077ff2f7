from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryKind(models.TextChoices):
    PUBLIC_SECTOR = "public_sector", _("Öffentliche Verwaltung")
    BUSINESS = "business", _("Wirtschaft")
    PRESS = "press", _("Presse")
    PARTNER = "partner", _("Partner/Aussteller")
    SPEAKER = "speaker", _("Referent/in")


class AuthorityLevel(models.TextChoices):
    """The level of a public-sector attendee's authority (asked for categories that require an
    authority)."""

    FEDERAL = "federal", _("Bund")
    STATE = "state", _("Land")
    MUNICIPAL = "municipal", _("Kommune")
    OTHER_PUBLIC = "other_public", _("Sonstige öffentliche Stelle")


class OrganisationKind(models.TextChoices):
    """The kind of organisation the dashboard and the exports group registrations by: the
    authority's level, business (categories outside the public sector that businesses book) or
    other (press, partners, speakers, a public-sector ticket without a level)."""

    FEDERAL = "federal", _("Bund")
    STATE = "state", _("Land")
    MUNICIPAL = "municipal", _("Kommune")
    OTHER_PUBLIC = "other_public", _("Sonstige öffentliche Stelle")
    BUSINESS = "business", _("Wirtschaft")
    OTHER = "other", _("Sonstige")


# Ticket categories whose registrations count as business ("Wirtschaft"): companies and the
# partners and exhibitors; press and speakers count as other.
BUSINESS_CATEGORY_KINDS = (CategoryKind.BUSINESS, CategoryKind.PARTNER)


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
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("E-Mail-Bestätigung ausstehend")
    AWAITING_APPROVAL = "awaiting_approval", _("Freigabe ausstehend")
    REJECTED = "rejected", _("Abgelehnt")
    # Cancelled because the payment was refunded in full (or a chargeback was lost): the ticket
    # is void, and the check-in says why.
    REFUNDED = "refunded", _("Erstattet")


class PaymentState(models.TextChoices):
    OPEN = "open", _("Offen")
    PAID = "paid", _("Bezahlt")
    EXPIRED = "expired", _("Abgelaufen")
    FAILED = "failed", _("Fehlgeschlagen")
    REFUND_PENDING = "refund_pending", _("Erstattung veranlasst")
    REFUNDED = "refunded", _("Erstattet")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online (Karte, SEPA u. a. über Stripe)")
    INVOICE = "invoice", _("Zahlung auf Rechnung")


class WebhookStatus(models.TextChoices):
    APPLIED = "applied", _("Verarbeitet")
    # Its payment is not known yet (e.g. a refund before the completion): applied later.
    PENDING = "pending", _("Zurückgestellt")
    IGNORED = "ignored", _("Ignoriert")


class CreditNoteKind(models.TextChoices):
    """Both are credit notes (UNTDID 1001 code 381) referring to the invoice they correct."""

    CANCELLATION = "cancellation", _("Stornorechnung")
    CORRECTION = "correction", _("Rechnungskorrektur")


class InvoiceState(models.TextChoices):
    OPEN = "open", _("Offen")
    PAID = "paid", _("Bezahlt")
    CANCELLED = "cancelled", _("Storniert")


# States in which a registration holds a seat (on site) and counts against the category's quota.
HOLDING_STATES = (
    RegistrationState.PENDING_PAYMENT,
    RegistrationState.CONFIRMED,
    RegistrationState.OFFERED,
    RegistrationState.AWAITING_CONFIRMATION,
    RegistrationState.AWAITING_APPROVAL,
)


class RecipientKind(models.TextChoices):
    ATTENDEE = "attendee", _("Teilnehmende Person")
    SPEAKER = "speaker", _("Mitwirkende Person")


class CheckInSource(models.TextChoices):
    ONLINE = "online", _("Direkt gescannt")
    OFFLINE = "offline", _("Offline gescannt, später übertragen")
    MANUAL = "manual", _("Namenssuche")


class LogAction(models.TextChoices):
    """Audit log actions of registrations, payments and invoices (congress.audit)."""

    CREATED = "registration.created", _("Anmeldung eingegangen")
    PENDING_PAYMENT = "registration.pending_payment", _("Anmeldung wartet auf Zahlung")
    CONFIRMED = "registration.confirmed", _("Anmeldung bestätigt")
    WAITLISTED = "registration.waitlisted", _("Anmeldung auf die Warteliste gesetzt")
    OFFERED = "registration.offered", _("Nachrücker-Platz angeboten")
    CANCELLED = "registration.cancelled", _("Anmeldung storniert")
    REGISTRATION_REFUNDED = "registration.refunded", _("Anmeldung wegen Erstattung storniert")
    CATEGORY_CHANGED = "registration.category_changed", _("Ticketkategorie geändert")
    DETAILS_CORRECTED = "registration.details_corrected", _("Angaben zur Person korrigiert")
    EXPIRED = "registration.expired", _("Anmeldung verfallen")
    AWAITING_CONFIRMATION = (
        "registration.awaiting_confirmation",
        _("Anmeldung wartet auf die Bestätigung der Adresse"),
    )
    AWAITING_APPROVAL = "registration.awaiting_approval", _("Anmeldung wartet auf Freigabe")
    REJECTED = "registration.rejected", _("Anmeldung abgelehnt")
    ADDRESS_CONFIRMED = "registration.address_confirmed", _("E-Mail-Adresse bestätigt")
    LINK_RESENT = "registration.link_resent", _("Persönlicher Link erneut gesendet")
    ATTENDANCE_CHANGED = "registration.attendance_changed", _("Teilnahmeform geändert")
    FORUMS_CHOSEN = "registration.forums_chosen", _("Foren gewählt")
    TICKET_RESENT = "registration.ticket_resent", _("Ticket erneut gesendet")
    CHECKED_IN = "registration.checked_in", _("Eingelassen")
    DEVICE_ISSUED = "checkin_device.issued", _("Einlass-Gerät zugelassen")
    DEVICE_REVOKED = "checkin_device.revoked", _("Einlass-Gerät gesperrt")
    MODE_SWITCHED = "registration.mode_switched", _("Vom Formatwechsel betroffen")
    ONLINE_ACCESS_SHARED = (
        "registration.online_access_shared",
        _("Online-Zugang auffällig oft geteilt"),
    )
    ONLINE_ACCESS_REVOKED = "registration.online_access_revoked", _("Online-Zugang gesperrt")
    CHECKOUT_STARTED = "payment.checkout_started", _("Online-Zahlung begonnen")
    PAID = "payment.paid", _("Zahlung eingegangen")
    REFUND_REQUESTED = "payment.refund_requested", _("Erstattung veranlasst")
    REFUNDED = "payment.refunded", _("Zahlung erstattet")
    PARTIALLY_REFUNDED = "payment.partially_refunded", _("Zahlung teilweise erstattet")
    PAYMENT_FAILED = "payment.failed", _("Zahlung fehlgeschlagen")
    DISPUTE_OPENED = "payment.dispute_opened", _("Zahlung angefochten (Chargeback)")
    DISPUTE_CLOSED = "payment.dispute_closed", _("Anfechtung der Zahlung abgeschlossen")
    INVOICE_ISSUED = "invoice.issued", _("Rechnung ausgestellt")
    INVOICE_PAID = "invoice.paid", _("Rechnung als bezahlt markiert")
    INVOICE_CANCELLED = "invoice.cancelled", _("Rechnung storniert")
    CREDIT_NOTE_ISSUED = (
        "invoice.credit_note_issued",
        _("Stornorechnung oder Rechnungskorrektur ausgestellt"),
    )
