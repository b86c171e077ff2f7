"""Admission after registering: confirming the address by its signed link, the organisers'
approval or rejection, and the answer to an address registered already.

A category with ``requires_confirmation`` holds the seat (state "awaiting_confirmation", until
``reserved_until``, REGISTRATION_CONFIRMATION_HOURS) and mails a signed link; the ticket comes
only after the click. A category with ``requires_approval`` then waits in the organisers'
approval queue ("awaiting_approval", seat held) until they approve or reject it with a message.
Unconfirmed holds expire with ``expire_stale_registrations``; a rejection frees the seat for the
waiting list at once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import LogAction, PaymentMethod
from ..exceptions import AlreadyRegistered, RegistrationError
from ..log import log_registration_action
from ..models import Registration
from .invoices import _issue_invoice_if_due
from .registrations import admitted_state, register_attendee
from .states import ACTIVE_STATES, S, _enqueue_email, _locked, set_registration_state
from .waitlist import offer_free_seats

# The emails of this module that are no state of their own (registrations.emails.SUBJECTS).
PRIVATE_LINK_EMAIL = "private_link"


def _needs_online_payment(registration: Registration) -> bool:
    return not registration.category.is_free and registration.payment_method == PaymentMethod.ONLINE


def _admit(registration: Registration, *, state: str, by_user=None, now=None, **data) -> None:
    """Move a registration that holds its seat on to ``state`` and send what belongs to it."""
    set_registration_state(registration=registration, state=state, by_user=by_user, now=now, **data)
    if state == S.CONFIRMED:
        _issue_invoice_if_due(registration, now=now or timezone.now())
    _enqueue_email(registration, state)


def confirm_address(*, registration: Registration, now=None) -> Registration:
    """The attendee clicked the signed link: the address is theirs. The seat stays held; the
    registration goes on to the approval queue, to payment or to its ticket. Clicking again
    changes nothing; a hold that ran out is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state != S.AWAITING_CONFIRMATION:
            if registration.state in ACTIVE_STATES:
                return registration  # confirmed before (a second click)
            raise RegistrationError(_("Diese Anmeldung ist nicht mehr gültig."))
        if registration.reserved_until is not None and registration.reserved_until <= now:
            raise RegistrationError(
                _("Der Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.")
            )
        log_registration_action(registration=registration, action=LogAction.ADDRESS_CONFIRMED)
        state = admitted_state(
            registration.category,
            needs_payment=_needs_online_payment(registration),
            confirmed=True,
        )
        _admit(registration, state=state, now=now)
    return registration


def approve_registration(*, registration: Registration, by_user, message: str = "") -> Registration:
    """An organiser approves a registration of the approval queue: its ticket (or the payment)
    follows, with the message in the email. Permission: checked by the view."""
    with transaction.atomic():
        registration = _checked_in_queue(registration)
        registration.decision_note = message.strip()
        registration.save(update_fields=["decision_note", "updated_at"])
        state = S.PENDING_PAYMENT if _needs_online_payment(registration) else S.CONFIRMED
        _admit(registration, state=state, by_user=by_user, approved=True, message=message.strip())
    return registration


def reject_registration(*, registration: Registration, by_user, message: str) -> Registration:
    """An organiser rejects a registration of the approval queue with a message for the
    attendee; the seat goes to the waiting list."""
    if not message.strip():
        raise RegistrationError(
            _("Bitte begründen Sie die Ablehnung; die Nachricht geht an die Person."),
            field="message",
        )
    with transaction.atomic():
        registration = _checked_in_queue(registration)
        registration.decision_note = message.strip()
        registration.save(update_fields=["decision_note", "updated_at"])
        set_registration_state(
            registration=registration, state=S.REJECTED, by_user=by_user, message=message.strip()
        )
        _enqueue_email(registration, S.REJECTED)
        offer_free_seats(edition=registration.edition)
    return registration


def _checked_in_queue(registration: Registration) -> Registration:
    registration = _locked(registration)
    if registration.state != S.AWAITING_APPROVAL:
        raise RegistrationError(
            _("Über diese Anmeldung ist bereits entschieden (Status „%(state)s“).")
            % {"state": registration.get_state_display()}
        )
    return registration


def send_private_link(*, registration: Registration) -> None:
    """Mail the owner of a registration their private management link again."""
    with transaction.atomic():
        log_registration_action(registration=registration, action=LogAction.LINK_RESENT)
        _enqueue_email(registration, PRIVATE_LINK_EMAIL)


def register_or_send_link(**fields) -> Registration | None:
    """The public form's registration (``register_attendee``'s arguments). When the address
    has an active registration for the edition already, its owner gets their private link by
    email and ``None`` comes back: the form then answers exactly as for a new registration, so
    nobody learns from it whether someone registered."""
    try:
        return register_attendee(**fields)
    except AlreadyRegistered:
        existing = (
            Registration.objects.filter(
                edition=fields["category"].edition_id,
                email__iexact=fields["email"].strip(),
                state__in=ACTIVE_STATES,
            )
            .order_by("pk")
            .first()
        )
        if existing is not None:
            send_private_link(registration=existing)
        return None
