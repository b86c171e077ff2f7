"""Who may do what with registrations, invoices, the mode switch, check-in and badges.

Organisers of a congress may do everything for its editions; check-in staff (Einlass) of an
edition may check in and print badges for that edition only. See congress/rules.py for the roles
and docs/permissions.md for the whole picture.
"""

import rules
from django.db.models import Q

from congress.enums import Role
from congress.rules import (
    edition_scope,
    is_checkin_staff,
    is_organiser,
    is_superuser,
    register_scope,
    roles_of,
)

from .models import (
    CheckInDevice,
    CreditNote,
    Invoice,
    ModeSwitch,
    Payment,
    Question,
    Registration,
    TicketCategory,
    Voucher,
)

for model in (TicketCategory, Question, Voucher, ModeSwitch):
    register_scope(model, lambda obj: edition_scope(obj.edition_id))
# A registration being created in the admin has only its category yet.
register_scope(
    Registration,
    lambda registration: edition_scope(
        registration.edition_id
        or (registration.category.edition_id if registration.category_id else None)
    ),
)
register_scope(Invoice, lambda invoice: edition_scope(invoice.registration.edition_id))
register_scope(Payment, lambda payment: edition_scope(payment.registration.edition_id))
register_scope(CreditNote, lambda note: edition_scope(note.invoice.registration.edition_id))
register_scope(CheckInDevice, lambda device: edition_scope(device.edition_id))

is_organiser_or_checkin = is_superuser | is_organiser | is_checkin_staff

# Registrations, invoices, categories, questions, vouchers: the organisers of the congress
# (Wagtail's listings and edit views ask these through registrations.wagtail_hooks' policies).
for model_name in ("registration", "invoice", "ticketcategory", "question", "voucher"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"registrations.{action}_{model_name}", is_superuser | is_organiser)

# The approval queue: approve or reject registrations of categories with "Freigabe erforderlich".
rules.add_perm("registrations.approve_registration", is_superuser | is_organiser)
# Payments and credit notes are only ever viewed in the admin: the services write them.
rules.add_perm("registrations.view_payment", is_superuser | is_organiser)
rules.add_perm("registrations.view_creditnote", is_superuser | is_organiser)
# Refunding money (in full or in part) with its credit note.
rules.add_perm("registrations.refund_registration", is_superuser | is_organiser)

# The mode switch of an edition (in person, hybrid, online) and its emails.
rules.add_perm("registrations.switch_mode", is_superuser | is_organiser)
# Check-in at the door: page, API (scan, status, offline, sync, search), device tokens.
rules.add_perm("registrations.check_in", is_organiser_or_checkin)


@rules.predicate
def is_device_user(user, device=None):
    """The device's own user (without a device: whoever has the role Einlass somewhere)."""
    if device is None:
        return roles_of(user).has(Role.CHECKIN)
    return bool(user is not None and user.is_active and device.user_id == user.pk)


# Check-in devices (scanner apps' tokens): listed, renamed and revoked by the organisers of the
# congress and by the device's own user; created only on the check-in page, never deleted.
for action in ("view", "change"):
    rules.add_perm(
        f"registrations.{action}_checkindevice", is_superuser | is_organiser | is_device_user
    )
# Name badges of an edition.
rules.add_perm("registrations.print_badges", is_organiser_or_checkin)


def edition_filter(lookup: str):
    """The scope filter of a model reached from the edition by ``lookup``: organisers' editions."""

    def scope_filter(roles, action):
        return Q(**{f"{lookup}__in": roles.edition_ids(Role.ORGANISER)})

    return scope_filter
