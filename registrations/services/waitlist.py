"""The waiting list: free seats are offered in order with a deadline; unpaid reservations,
unconfirmed addresses and unanswered offers past their deadline expire and pass their seat on.

Fairness: ``offer_free_seats`` is the one service that hands free seats to the waiting list. It
runs whenever seats may have appeared (capacity raised in the admin, a cancellation, a refund,
an expiry, an attendance or mode switch) inside the transaction that freed them, with the
edition's row locked; cron (``manage.py expire_registrations``) runs it for every edition with a
waiting list, so seats added behind the services' back are offered too. A newcomer takes a seat
only while nobody waits (``states.seats_for_newcomers``); otherwise they join the end of the
list and the seats go to the people before them first.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from congress.models import Edition

from ..models import Registration
from .states import (
    RESERVED_STATES,
    S,
    _enqueue_email,
    _lock_edition,
    free_onsite_seats,
    set_registration_state,
)


def offer_free_seats(*, edition: Edition, now=None) -> list[Registration]:
    """Offer each free seat on site to the next person on the waiting list, in the order they
    joined it, with a deadline (REGISTRATION_OFFER_HOURS). Locks the edition's row; call it in
    the transaction that freed the seats, or on its own."""
    offered = []
    with transaction.atomic():
        edition = _lock_edition(edition.pk)
        free = free_onsite_seats(edition)
        if free == 0:
            return offered
        waiting = Registration.objects.for_edition(edition).waiting().select_for_update()
        for registration in waiting[:free] if free is not None else waiting:
            set_registration_state(registration=registration, state=S.OFFERED, now=now)
            _enqueue_email(registration, S.OFFERED)
            offered.append(registration)
    return offered


# The name the services and the payments module used before; the same service.
promote_waiting_list = offer_free_seats


def offer_free_seats_everywhere(*, now=None) -> int:
    """Run ``offer_free_seats`` for every edition with a waiting list (cron): seats added without
    a service (a capacity changed in the shell or by a bulk update) reach the list too."""
    edition_ids = sorted(
        set(
            Registration.objects.filter(state=S.WAITLISTED)
            .values_list("edition_id", flat=True)
            .distinct()
        )
    )
    offered = 0
    for edition in Edition.objects.filter(pk__in=edition_ids).order_by("pk"):
        offered += len(offer_free_seats(edition=edition, now=now))
    return offered


def expire_stale_registrations(*, edition: Edition | None = None, now=None) -> int:
    """Expire unpaid reservations, unconfirmed addresses and unanswered offers past their
    deadline; offer their seats to the waiting list.

    Runs from cron (``manage.py expire_registrations``) for every edition, and lazily for one
    ``edition`` when an attendee opens their page or registers: then it costs one query while
    nothing is stale, which visits only the few rows awaiting payment, confirmation or offered
    (index on state, or (edition, state, attendance); PostgreSQL picks by statistics).
    """
    now = now or timezone.now()
    stale = Registration.objects.filter(
        state__in=RESERVED_STATES, reserved_until__lte=now
    ) | Registration.objects.filter(state=S.OFFERED, offer_expires_at__lte=now)
    if edition is not None:
        stale = stale.filter(edition=edition)
    count = 0
    for edition_id in sorted(set(stale.values_list("edition_id", flat=True))):
        with transaction.atomic():
            edition = _lock_edition(edition_id)
            for registration in stale.filter(edition_id=edition_id).select_for_update():
                set_registration_state(registration=registration, state=S.EXPIRED, now=now)
                _enqueue_email(registration, S.EXPIRED)
                count += 1
            offer_free_seats(edition=edition, now=now)
    return count
