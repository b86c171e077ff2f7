"""The registration state machine and what every registration service shares: the allowed
transitions, the one function that changes a state, the edition's row lock, free seats, and the
emails queued with a change."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Edition

from ..emails import queue_registration_email
from ..enums import HOLDING_STATES, RegistrationState
from ..exceptions import RegistrationError
from ..log import log_registration_action, state_action
from ..models import Registration

S = RegistrationState

# Which state may follow which; everything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    S.AWAITING_CONFIRMATION: {
        S.AWAITING_APPROVAL,
        S.PENDING_PAYMENT,
        S.CONFIRMED,
        S.CANCELLED,
        S.EXPIRED,
    },
    S.AWAITING_APPROVAL: {S.CONFIRMED, S.PENDING_PAYMENT, S.REJECTED, S.CANCELLED},
    S.PENDING_PAYMENT: {S.CONFIRMED, S.CANCELLED, S.EXPIRED, S.REFUNDED},
    S.CONFIRMED: {S.CANCELLED, S.REFUNDED},
    S.WAITLISTED: {S.OFFERED, S.CANCELLED},
    S.OFFERED: {S.CONFIRMED, S.PENDING_PAYMENT, S.AWAITING_APPROVAL, S.CANCELLED, S.EXPIRED},
    S.CANCELLED: set(),
    S.EXPIRED: set(),
    S.REJECTED: set(),
    S.REFUNDED: set(),
}
# States whose seat is held only until ``reserved_until``: then they expire.
RESERVED_STATES = (S.PENDING_PAYMENT, S.AWAITING_CONFIRMATION)
# States after which a registration is over: no seat, no ticket, nothing left to cancel.
ENDED_STATES = (S.CANCELLED, S.EXPIRED, S.REJECTED, S.REFUNDED)
ACTIVE_STATES = (*HOLDING_STATES, S.WAITLISTED)


def payments_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _enqueue_email(registration: Registration, kind: str) -> None:
    """Queue the email in the outbox inside the current transaction: it commits with the change
    or not at all (congress.outbox)."""
    queue_registration_email(registration, kind)


def _lock_edition(edition_id: int) -> Edition:
    # NO KEY UPDATE: serialises the writers that lock the edition, while inserts that only
    # reference it (registrations, log entries: FOR KEY SHARE) go on; FOR UPDATE would block
    # them and deadlock with the invoice sequence (tests/test_invoice_numbers_concurrency.py).
    return Edition.objects.select_for_update(no_key=True).get(pk=edition_id)


def free_onsite_seats(edition: Edition) -> int | None:
    """Free seats on site, ``None`` when unlimited. Call with the edition locked to rely on it."""
    if edition.onsite_capacity is None:
        return None
    taken = Registration.objects.for_edition(edition).holding_seat().count()
    return max(edition.onsite_capacity - taken, 0)


def seats_for_newcomers(edition: Edition) -> int | None:
    """The seats on site a newcomer may take: none while anyone waits (the waiting list comes
    first, and free seats go to it through ``offer_free_seats``), else the free seats; ``None``
    when unlimited. One query (two with a waiting list)."""
    free = free_onsite_seats(edition)
    if free == 0 or free is None:
        return free
    if Registration.objects.for_edition(edition).waiting().exists():
        return 0
    return free


def reserved_until(state: str, now: dt.datetime) -> dt.datetime | None:
    """Until when a registration entering ``state`` holds its seat without more action: an
    unpaid reservation for REGISTRATION_RESERVATION_MINUTES, an unconfirmed address for
    REGISTRATION_CONFIRMATION_HOURS; other states have no deadline here."""
    if state == S.PENDING_PAYMENT:
        return now + dt.timedelta(minutes=settings.REGISTRATION_RESERVATION_MINUTES)
    if state == S.AWAITING_CONFIRMATION:
        return now + dt.timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
    return None


def set_registration_state(
    *, registration: Registration, state: str, by_user=None, now=None, **data
) -> Registration:
    """The one place that changes a registration's state; call it inside a transaction with the
    edition locked when seats are concerned."""
    now = now or timezone.now()
    if state not in TRANSITIONS[registration.state]:
        raise RegistrationError(
            _("Eine Anmeldung im Status „%(old)s“ kann nicht „%(new)s“ werden.")
            % {"old": registration.get_state_display(), "new": S(state).label}
        )
    old = registration.state
    registration.state = state
    registration.offer_expires_at = (
        now + dt.timedelta(hours=settings.REGISTRATION_OFFER_HOURS) if state == S.OFFERED else None
    )
    registration.reserved_until = reserved_until(state, now)
    registration.save(update_fields=["state", "offer_expires_at", "reserved_until", "updated_at"])
    log_registration_action(
        registration=registration,
        action=state_action(state),
        user=by_user,
        old=old,
        new=state,
        **data,
    )
    return registration


def _locked(registration: Registration) -> Registration:
    _lock_edition(registration.edition_id)
    return (
        # of=("self",): the category row stays unlocked (every registration of it needs its key
        # share for inserts; locking it deadlocked with the invoice number's row lock).
        Registration.objects.select_for_update(of=("self",), no_key=True)
        .select_related("category")
        .get(pk=registration.pk)
    )
