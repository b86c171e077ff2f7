"""The models of registrations, by concern (registrations, billing, participation)."""

from .billing import (
    INVOICE_PAYMENT_DAYS,
    CreditNote,
    Invoice,
    InvoiceSequence,
    IssuedDocumentError,
    Payment,
    WebhookEvent,
)
from .devices import CheckInDevice, end_of_edition
from .participation import AccessUse, CheckIn, ForumChoice, ModeSwitch
from .registrations import (
    Question,
    Registration,
    RegistrationQuerySet,
    TicketCategory,
    TicketCategoryQuerySet,
    Voucher,
    new_manage_token,
)

__all__ = [
    "INVOICE_PAYMENT_DAYS",
    "CreditNote",
    "IssuedDocumentError",
    "AccessUse",
    "CheckIn",
    "CheckInDevice",
    "ForumChoice",
    "Invoice",
    "InvoiceSequence",
    "ModeSwitch",
    "Payment",
    "Question",
    "Registration",
    "RegistrationQuerySet",
    "TicketCategory",
    "TicketCategoryQuerySet",
    "Voucher",
    "WebhookEvent",
    "end_of_edition",
    "new_manage_token",
]
