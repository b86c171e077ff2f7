"""Business rules of registrations, by concern:

- states: the allowed transitions, ``set_registration_state``, the edition's row lock, free seats
- registrations: registering, cancelling, switching attendance, offers, speakers' tickets
- waitlist: offering free seats in order, expiring stale reservations and offers
- payments: Stripe Checkout, what paid, failed and refunded payments do, refunds
- stripe_events: Stripe's webhook events, matched to payments and applied in any order
- invoices: numbers, issuing with the seller data, marking paid, credit notes
- forums: the forum choice and the rooms' capacity
- organiser: what organisers change in the admin (category, resending the ticket)
- mode_switch: switching an edition between in person, hybrid and online
- admission: confirming addresses, the approval queue, the answer to a known address

The audit log is ``registrations.log.log_registration_action``; the domain exception is
``registrations.exceptions.RegistrationError``. Both are re-exported here with the public names
of the modules above, so ``from registrations.services import register_attendee`` and
``services.register_attendee`` work as before.
"""

from ..exceptions import AlreadyRegistered, RegistrationError
from ..log import log_registration_action
from .admission import (
    PRIVATE_LINK_EMAIL,
    approve_registration,
    confirm_address,
    register_or_send_link,
    reject_registration,
    send_private_link,
)
from .forums import choose_forums, taken_forum_places
from .invoices import credited, issue_credit_note, mark_invoice_paid, next_invoice_number
from .mode_switch import (
    MODE_SWITCH_EFFECT_KEYS,
    MODE_SWITCH_TRANSITIONS,
    preview_mode_switch,
    switch_edition_mode,
)
from .organiser import change_category, correct_registration_details, resend_ticket
from .payments import refund_registration, request_refund, start_checkout
from .registrations import (
    LEITWEG_ID,
    accept_offer,
    cancel_registration,
    check_edition_open,
    issue_speaker_ticket,
    register_attendee,
    registration_closed_message,
    switch_attendance,
)
from .states import (
    ACTIVE_STATES,
    ENDED_STATES,
    TRANSITIONS,
    free_onsite_seats,
    payments_configured,
    seats_for_newcomers,
    set_registration_state,
)
from .stripe_events import handle_stripe_event
from .waitlist import (
    expire_stale_registrations,
    offer_free_seats,
    offer_free_seats_everywhere,
    promote_waiting_list,
)

__all__ = [
    "ACTIVE_STATES",
    "ENDED_STATES",
    "PRIVATE_LINK_EMAIL",
    "AlreadyRegistered",
    "approve_registration",
    "check_edition_open",
    "confirm_address",
    "offer_free_seats",
    "offer_free_seats_everywhere",
    "register_or_send_link",
    "registration_closed_message",
    "reject_registration",
    "seats_for_newcomers",
    "send_private_link",
    "LEITWEG_ID",
    "MODE_SWITCH_EFFECT_KEYS",
    "MODE_SWITCH_TRANSITIONS",
    "TRANSITIONS",
    "RegistrationError",
    "accept_offer",
    "cancel_registration",
    "change_category",
    "choose_forums",
    "correct_registration_details",
    "credited",
    "expire_stale_registrations",
    "free_onsite_seats",
    "handle_stripe_event",
    "issue_credit_note",
    "issue_speaker_ticket",
    "log_registration_action",
    "mark_invoice_paid",
    "next_invoice_number",
    "payments_configured",
    "preview_mode_switch",
    "promote_waiting_list",
    "refund_registration",
    "request_refund",
    "resend_ticket",
    "register_attendee",
    "set_registration_state",
    "start_checkout",
    "switch_attendance",
    "switch_edition_mode",
    "taken_forum_places",
]
