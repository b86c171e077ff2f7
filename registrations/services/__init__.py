"""Business rules of registrations, by concern:

- states: the allowed transitions, ``set_registration_state``, the edition's row lock, free seats
- registrations: registering, cancelling, switching attendance, offers, speakers' tickets
- waitlist: offering free seats in order, expiring stale reservations and offers
- payments: Stripe Checkout, its webhook events, refunds
- invoices: numbers, issuing with the seller data, marking paid
- forums: the forum choice and the rooms' capacity
- mode_switch: switching an edition between in person, hybrid and online

The audit log is ``registrations.log.log_registration_action``; the domain exception is
``registrations.exceptions.RegistrationError``. Both are re-exported here with the public names
of the modules above, so ``from registrations.services import register_attendee`` and
``services.register_attendee`` work as before.
"""

from ..exceptions import RegistrationError
from ..log import log_registration_action
from .forums import choose_forums, taken_forum_places
from .invoices import mark_invoice_paid, next_invoice_number
from .mode_switch import (
    MODE_SWITCH_EFFECT_KEYS,
    MODE_SWITCH_TRANSITIONS,
    preview_mode_switch,
    switch_edition_mode,
)
from .payments import (
    complete_payment,
    expire_payment,
    handle_stripe_event,
    record_refund,
    start_checkout,
)
from .registrations import (
    LEITWEG_ID,
    accept_offer,
    cancel_registration,
    issue_speaker_ticket,
    register_attendee,
    resend_ticket,
    switch_attendance,
)
from .states import (
    ACTIVE_STATES,
    TRANSITIONS,
    free_onsite_seats,
    payments_configured,
    set_registration_state,
)
from .waitlist import expire_stale_registrations, promote_waiting_list

__all__ = [
    "ACTIVE_STATES",
    "LEITWEG_ID",
    "MODE_SWITCH_EFFECT_KEYS",
    "MODE_SWITCH_TRANSITIONS",
    "TRANSITIONS",
    "RegistrationError",
    "accept_offer",
    "cancel_registration",
    "choose_forums",
    "complete_payment",
    "expire_payment",
    "expire_stale_registrations",
    "free_onsite_seats",
    "handle_stripe_event",
    "issue_speaker_ticket",
    "log_registration_action",
    "mark_invoice_paid",
    "next_invoice_number",
    "payments_configured",
    "preview_mode_switch",
    "promote_waiting_list",
    "record_refund",
    "register_attendee",
    "resend_ticket",
    "set_registration_state",
    "start_checkout",
    "switch_attendance",
    "switch_edition_mode",
    "taken_forum_places",
]
