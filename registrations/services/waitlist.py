"""The waiting list: free seats are offered in order with a deadline; unpaid reservations and
unanswered offers past their deadline expire and pass their seat on."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from congress.models import Edition

from ..models import Registration
from .states import S, _enqueue_email, _lock_edition, free_onsite_seats, set_registration_state


def promote_waiting_list(*, edition: Edition, now=None) -> list[Registration]:
    """Offer each free seat on site to the next person on the waiting list, with a deadline."""
    promoted = []
    with transaction.atomic():
        edition = _lock_edition(edition.pk)
        free = free_onsite_seats(edition)
        waiting = Registration.objects.for_edition(edition).waiting().select_for_update()
        for registration in waiting[: free if free is not None else None]:
            set_registration_state(registration=registration, state=S.OFFERED, now=now)
            _enqueue_email(registration, S.OFFERED)
            promoted.append(registration)
    return promoted


def expire_stale_registrations(*, edition: Edition | None = None, now=None) -> int:
    """Expire unpaid reservations and unanswered offers past their deadline; free their seats.

    Runs from cron (``manage.py expire_registrations``) for every edition, and lazily for one
    ``edition`` when an attendee opens their page or registers: then it costs one query while
    nothing is stale, which visits only the few rows awaiting payment or offered (index on
    state, or (edition, state, attendance); PostgreSQL picks by statistics).
    """
    now = now or timezone.now()
    stale = Registration.objects.filter(
        state=S.PENDING_PAYMENT, reserved_until__lte=now
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
            promote_waiting_list(edition=edition, now=now)
    return count
